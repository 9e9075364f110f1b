import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { WorkDirs } from '../../platform/storage/work-dirs.js';
import type { AuditService } from '../audit/audit.service.js';
import { type Clock, isoNow } from '../shared/clock.js';
import { invalid, notFound } from '../shared/errors.js';
import {
  claimImportJob,
  extendImportLease,
  failAbandonedImportJobs,
  findImportJob,
  finishImportJob,
  listImportJobs,
  recordImportProgress,
  releaseImportJob,
  toImportJob,
  unfinishedWorkDirs,
} from './import-job.repository.js';
import type { ClaimedImportJob, ImportJob, ImportJobProgress, ImportLimits, ImportUpload, NewImportJob } from './import-job.types.js';

/** A worker holds a running job this long past its last sign of life; then another may take it over. */
export const IMPORT_LEASE_MS = 2 * 60_000;
/** How often a worker renews its lease while it runs (progress writes renew it too). */
export const IMPORT_HEARTBEAT_MS = 20_000;
/** Progress is written at most this often (and at each change of phase), not once per item. */
export const IMPORT_PROGRESS_INTERVAL_MS = 1_000;
/** A job whose worker stopped this many times without finishing (a crash it causes, say) fails instead. */
export const IMPORT_MAX_ATTEMPTS = 3;
/** Folders in the imports area that no unfinished job names are removed once this old (an upload cut off midway). */
const ORPHAN_AFTER_MS = 60 * 60_000;

const ABANDONED_MESSAGE = `The import stopped ${IMPORT_MAX_ATTEMPTS} times without finishing (the server was restarted or ran out of memory while it ran). Nothing more will be tried; what was written stays, and starting the import again completes it.`;

export interface ImportJobServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditService;
  /** Where uploads and what is unpacked from them wait for their job (DATA_DIR/imports); null: uploads are refused. */
  workDirs: WorkDirs | null;
  limits: ImportLimits;
}

export interface ImportActor {
  userId: number;
  ip?: string | null;
}

/** What a worker reports as it goes; the phase of the import decides the job's state. */
export interface ImportJobReport extends ImportJobProgress {
  phase: 'validating' | 'importing';
}

export interface ProgressReporter {
  /** Takes the latest progress; writes it when the last write is old enough or the phase changed. Never throws. */
  update(progress: ImportJobReport): void;
  /** Waits for a write under way, then writes the latest progress if it was not written. */
  flush(): Promise<void>;
}

/**
 * Imports from the newsroom as background jobs whose state is the `import_jobs` table (migration 0021): created when
 * an administrator's upload is complete, claimed by one worker at a time, its progress recorded, ended with the report
 * or the reason it failed. The files wait in the job's folder (WorkDirs) and are removed when the job ends. What runs
 * an import is not here (news/ knows no format): the worker at the top of src/ (import-jobs.ts) claims jobs from here
 * and runs interop/'s importer on them.
 */
export class ImportJobService {
  constructor(private readonly deps: ImportJobServiceDeps) {}

  get limits(): ImportLimits {
    return this.deps.limits;
  }

  /** A new folder for an upload to be received into; the job is created from it once the upload is complete. */
  async newUpload(): Promise<ImportUpload> {
    const workDirs = this.workDirs();
    const dir = await workDirs.create('upload');
    return { dir, path: (file) => workDirs.path(dir, file), discard: () => workDirs.remove(dir) };
  }

  /** Queues an import of a complete upload (the files are in `upload`'s folder, which now belongs to the job). */
  async create(upload: ImportUpload, job: NewImportJob, actor: ImportActor): Promise<ImportJob> {
    const now = isoNow(this.deps.clock);
    const id = await this.deps.db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('import_jobs')
        .values({
          state: 'queued',
          work_dir: upload.dir,
          export_name: job.exportName,
          export_file: job.exportFile,
          export_bytes: job.exportBytes,
          uploads_name: job.uploadsName ?? null,
          uploads_file: job.uploadsFile ?? null,
          uploads_bytes: job.uploadsBytes ?? null,
          dry_run: job.dryRun,
          fetch_media: job.fetchMedia,
          bytes_total: job.exportBytes,
          report: null,
          error: null,
          created_by: actor.userId,
          locked_until: null,
          created_at: now,
          updated_at: now,
          started_at: null,
          finished_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(
        {
          actorId: actor.userId,
          action: 'import.started',
          subjectType: 'import_job',
          subjectId: id,
          after: { exportName: job.exportName, uploadsName: job.uploadsName ?? null, dryRun: job.dryRun, fetchMedia: job.fetchMedia },
          ip: actor.ip ?? null,
        },
        trx,
      );
      return id;
    });
    return this.get(id);
  }

  async get(id: number): Promise<ImportJob> {
    const row = await findImportJob(this.deps.db, id);
    if (!row) throw notFound('Import');
    return toImportJob(row);
  }

  /** The newest imports first. */
  async list(limit = 50): Promise<ImportJob[]> {
    return (await listImportJobs(this.deps.db, limit)).map(toImportJob);
  }

  /**
   * The next job to run, claimed for this worker (state validating, leased for IMPORT_LEASE_MS), or null: none is
   * waiting, or another worker is running one. A job whose worker died (its lease lapsed) is claimed again and starts
   * over, which the import's idempotence makes safe; after IMPORT_MAX_ATTEMPTS it fails instead.
   */
  async claimNext(): Promise<ClaimedImportJob | null> {
    const { db, clock } = this.deps;
    const now = isoNow(clock);
    for (const dir of await failAbandonedImportJobs(db, now, IMPORT_MAX_ATTEMPTS, ABANDONED_MESSAGE)) await this.deps.workDirs?.remove(dir);
    const row = await claimImportJob(db, now, this.leaseFromNow(), IMPORT_MAX_ATTEMPTS);
    if (!row) return null;
    const job = await this.get(row.id);
    const workDirs = this.workDirs();
    return {
      ...job,
      claim: row.attempts,
      workDir: row.work_dir,
      files: {
        export: workDirs.path(row.work_dir, row.export_file),
        uploads: row.uploads_file === null ? null : workDirs.path(row.work_dir, row.uploads_file),
        unpacked: workDirs.path(row.work_dir, 'unpacked'),
      },
    };
  }

  /** Renews the lease; false when the job is no longer this claim's (taken over, or ended). */
  async heartbeat(job: ClaimedImportJob): Promise<boolean> {
    return extendImportLease(this.deps.db, job.id, job.claim, this.leaseFromNow());
  }

  /**
   * Progress for a claimed job, written at most once per IMPORT_PROGRESS_INTERVAL_MS and at each change of phase (the
   * import reports after every chunk of the file; the page that shows it refreshes every few seconds). Each write
   * also renews the lease. A failed write is passed to `onError` and does not stop the import.
   */
  progressReporter(job: ClaimedImportJob, onError: (error: unknown) => void = () => {}): ProgressReporter {
    let latest: ImportJobReport | null = null;
    let written: ImportJobReport | null = null;
    let writtenAt = -Infinity;
    let writing: Promise<void> | null = null;
    const write = () => {
      const progress = latest!;
      writtenAt = this.deps.clock.now().getTime();
      written = progress;
      const { phase, ...counts } = progress;
      writing = recordImportProgress(this.deps.db, job.id, job.claim, {
        state: phase,
        progress: counts,
        now: isoNow(this.deps.clock),
        leaseUntil: this.leaseFromNow(),
      })
        .then(() => undefined)
        .catch(onError)
        .finally(() => {
          writing = null;
        });
    };
    return {
      update: (progress) => {
        latest = progress;
        if (writing) return;
        const due = this.deps.clock.now().getTime() - writtenAt >= IMPORT_PROGRESS_INTERVAL_MS;
        if (due || written?.phase !== progress.phase) write();
      },
      flush: async () => {
        if (writing) await writing;
        if (latest && latest !== written) {
          write();
          await writing;
        }
      },
    };
  }

  /** Ends a claimed job with its report; its files are removed. False when the claim was no longer this worker's. */
  async complete(job: ClaimedImportJob, report: unknown): Promise<boolean> {
    return this.end(job, 'done', { report: JSON.stringify(report), error: null });
  }

  /** Ends a claimed job as failed, with why in words for the administrator; its files are removed. */
  async fail(job: ClaimedImportJob, error: string): Promise<boolean> {
    return this.end(job, 'failed', { report: null, error });
  }

  /** Hands a claimed job back without counting the attempt (the worker is shutting down): the next start resumes it. */
  async release(job: ClaimedImportJob): Promise<void> {
    await releaseImportJob(this.deps.db, job.id, job.claim, isoNow(this.deps.clock));
  }

  /**
   * Removes folders of the imports area that no unfinished job needs and that are older than an hour: uploads cut off
   * before their job was created (the process stopped midway), or a job's folder its end could not remove.
   */
  async removeOrphanFiles(): Promise<number> {
    const { db, clock, workDirs } = this.deps;
    if (!workDirs) return 0;
    const needed = await unfinishedWorkDirs(db);
    const cutoff = clock.now().getTime() - ORPHAN_AFTER_MS;
    let removed = 0;
    for (const folder of await workDirs.list()) {
      if (needed.has(folder.name) || folder.modifiedAt.getTime() > cutoff) continue;
      await workDirs.remove(folder.name);
      removed++;
    }
    return removed;
  }

  private async end(job: ClaimedImportJob, state: 'done' | 'failed', values: { report: string | null; error: string | null }): Promise<boolean> {
    const { db, clock, audit } = this.deps;
    const ended = await db.transaction().execute(async (trx) => {
      const ok = await finishImportJob(trx, job.id, job.claim, { state, ...values, now: isoNow(clock) });
      if (ok) {
        await audit.record(
          {
            actorId: null,
            action: state === 'done' ? 'import.finished' : 'import.failed',
            subjectType: 'import_job',
            subjectId: job.id,
            after: { exportName: job.exportName, dryRun: job.dryRun, ...(values.error ? { error: values.error.slice(0, 500) } : {}) },
          },
          trx,
        );
      }
      return ok;
    });
    if (ended) await this.deps.workDirs?.remove(job.workDir);
    return ended;
  }

  private workDirs(): WorkDirs {
    if (!this.deps.workDirs) throw invalid('Imports from the newsroom are not set up on this server (it has no data folder for uploads).');
    return this.deps.workDirs;
  }

  private leaseFromNow(): string {
    return new Date(this.deps.clock.now().getTime() + IMPORT_LEASE_MS).toISOString();
  }
}
