import type { Selectable } from 'kysely';
import type { Db } from '../../platform/db/types.js';
import type { ImportJobsTable } from '../../platform/db/schema.js';
import { IMPORT_JOB_STATES } from '../vocabulary.js';
import type { ImportJob, ImportJobProgress } from './import-job.types.js';

export type ImportJobRow = Selectable<ImportJobsTable>;
type RowWithStarter = ImportJobRow & { starter_name: string | null };

/** The states a worker holds a job in (under a lease). */
export const RUNNING_STATES = ['validating', 'importing'] as const;
export const FINISHED_STATES = IMPORT_JOB_STATES.filter((state) => state === 'done' || state === 'failed');

export function toImportJob(row: RowWithStarter): ImportJob {
  let report: unknown = null;
  if (row.report !== null) {
    try {
      report = JSON.parse(row.report);
    } catch {
      report = null;
    }
  }
  return {
    id: row.id,
    state: row.state,
    exportName: row.export_name,
    exportBytes: Number(row.export_bytes),
    uploadsName: row.uploads_name,
    uploadsBytes: row.uploads_bytes === null ? null : Number(row.uploads_bytes),
    // SQLite answers booleans as 0 or 1.
    dryRun: Boolean(row.dry_run),
    fetchMedia: Boolean(row.fetch_media),
    progress: {
      bytesRead: Number(row.bytes_read),
      totalBytes: row.bytes_total === null ? null : Number(row.bytes_total),
      items: row.items,
      comments: row.comments,
    },
    report,
    error: row.error,
    startedBy: row.created_by !== null && row.starter_name !== null ? { id: row.created_by, displayName: row.starter_name } : null,
    attempts: row.attempts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

function withStarter(db: Db) {
  return db
    .selectFrom('import_jobs')
    .leftJoin('users', 'users.id', 'import_jobs.created_by')
    .selectAll('import_jobs')
    .select('users.display_name as starter_name');
}

export async function findImportJob(db: Db, id: number): Promise<RowWithStarter | undefined> {
  return withStarter(db).where('import_jobs.id', '=', id).executeTakeFirst();
}

/** The newest jobs first. */
export async function listImportJobs(db: Db, limit: number): Promise<RowWithStarter[]> {
  return withStarter(db).orderBy('import_jobs.id', 'desc').limit(limit).execute();
}

/** The folders of the jobs that have not ended (their files are still needed). */
export async function unfinishedWorkDirs(db: Db): Promise<Set<string>> {
  const rows = await db.selectFrom('import_jobs').select('work_dir').where('state', 'not in', FINISHED_STATES).execute();
  return new Set(rows.map((row) => row.work_dir));
}

/**
 * Claims the oldest job that is waiting, or whose worker's lease lapsed, with one conditional UPDATE: only when no
 * other job is under a live lease (imports run one at a time), and only if the row is still claimable when the UPDATE
 * reaches it. On PostgreSQL a second worker's UPDATE of the same row waits for the first's commit and then finds the
 * condition false; SQLite has one writer. Returns the row as claimed, or undefined.
 */
export async function claimImportJob(db: Db, now: string, leaseUntil: string, maxAttempts: number): Promise<ImportJobRow | undefined> {
  return db
    .updateTable('import_jobs')
    .set((eb) => ({
      state: 'validating',
      attempts: eb('attempts', '+', 1),
      locked_until: leaseUntil,
      started_at: eb.fn.coalesce('started_at', eb.val(now)),
      updated_at: now,
      bytes_read: 0,
      items: 0,
      comments: 0,
      error: null,
    }))
    .where((eb) =>
      eb.and([
        eb(
          'id',
          '=',
          eb
            .selectFrom('import_jobs as candidate')
            .select('candidate.id')
            .where((c) =>
              c.or([
                c('candidate.state', '=', 'queued'),
                c.and([c('candidate.state', 'in', RUNNING_STATES), c('candidate.locked_until', '<', now), c('candidate.attempts', '<', maxAttempts)]),
              ]),
            )
            .orderBy('candidate.id')
            .limit(1),
        ),
        eb.or([eb('state', '=', 'queued'), eb.and([eb('state', 'in', RUNNING_STATES), eb('locked_until', '<', now), eb('attempts', '<', maxAttempts)])]),
        eb.not(
          eb.exists(
            eb.selectFrom('import_jobs as running').select('running.id').where('running.state', 'in', RUNNING_STATES).where('running.locked_until', '>=', now),
          ),
        ),
      ]),
    )
    .returningAll()
    .executeTakeFirst();
}

/** Jobs whose worker stopped `maxAttempts` times without finishing: failed, with the reason. Their folders. */
export async function failAbandonedImportJobs(db: Db, now: string, maxAttempts: number, error: string): Promise<string[]> {
  const rows = await db
    .updateTable('import_jobs')
    .set({ state: 'failed', error, finished_at: now, updated_at: now, locked_until: null })
    .where('state', 'in', RUNNING_STATES)
    .where('locked_until', '<', now)
    .where('attempts', '>=', maxAttempts)
    .returning('work_dir')
    .execute();
  return rows.map((row) => row.work_dir);
}

/** Writes about a claimed job, only while the claim is still the writer's (same attempt, still running). */
function claimed(db: Db, id: number, claim: number) {
  return db.updateTable('import_jobs').where('id', '=', id).where('attempts', '=', claim).where('state', 'in', RUNNING_STATES);
}

export async function recordImportProgress(
  db: Db,
  id: number,
  claim: number,
  values: { state: 'validating' | 'importing'; progress: ImportJobProgress; now: string; leaseUntil: string },
): Promise<boolean> {
  const result = await claimed(db, id, claim)
    .set({
      state: values.state,
      bytes_read: values.progress.bytesRead,
      bytes_total: values.progress.totalBytes,
      items: values.progress.items,
      comments: values.progress.comments,
      updated_at: values.now,
      locked_until: values.leaseUntil,
    })
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function extendImportLease(db: Db, id: number, claim: number, leaseUntil: string): Promise<boolean> {
  const result = await claimed(db, id, claim).set({ locked_until: leaseUntil }).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function finishImportJob(
  db: Db,
  id: number,
  claim: number,
  values: { state: 'done' | 'failed'; report: string | null; error: string | null; now: string },
): Promise<boolean> {
  const result = await claimed(db, id, claim)
    .set({ state: values.state, report: values.report, error: values.error, finished_at: values.now, updated_at: values.now, locked_until: null })
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Hands a claimed job back uncounted, its lease lapsed at once, so the next worker (this one restarted) resumes it. */
export async function releaseImportJob(db: Db, id: number, claim: number, now: string): Promise<boolean> {
  const result = await claimed(db, id, claim)
    .set((eb) => ({ locked_until: now, attempts: eb('attempts', '-', 1), updated_at: now }))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
