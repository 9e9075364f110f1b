import fs from 'node:fs';
import { importWxr } from './interop/wxr/wxr-import.js';
import { findUploadsRoot, IGNORED_IN_UPLOADS } from './interop/wxr/wxr-media.js';
import { WxrError } from './interop/wxr/wxr.types.js';
import { IMPORT_HEARTBEAT_MS } from './news/imports/import-job.service.js';
import type { ClaimedImportJob } from './news/imports/import-job.types.js';
import type { NewsServices } from './news/services.js';
import { DomainError } from './news/shared/errors.js';
import { extractZip, ZipRefused } from './platform/archives/safe-unzip.js';
import type { SafeFetchOptions } from './platform/http/safe-fetch.js';

export interface ImportJobRunnerDeps {
  services: NewsServices;
  /** SITE_URL: the importer refuses to leave attachments at old URLs on this host. */
  siteUrl: string;
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** How often the lease is renewed while a job runs (IMPORT_HEARTBEAT_MS). */
  heartbeatMs?: number;
  /** The downloader's options for jobs that fetch media from the old site (tests: a resolver and CA for a local server). */
  fetchMedia?: Partial<SafeFetchOptions>;
}

/** Thrown from the importer's progress callback when the runner is stopping: the import ends where it is. */
class ImportStopped extends Error {}

/**
 * Runs the imports administrators start from the newsroom: claims the next job (news/imports/import-job.service.ts),
 * unpacks its uploads zip (platform/archives/safe-unzip.ts), runs interop/'s WordPress importer on its file with the
 * job's options (dry run; the uploads, or downloading the attachments from the old site), and ends the job with the report or the reason it failed, in words. background-jobs.ts calls
 * runNext() every few seconds; the job's state is in the database, so several instances share the work and a job a
 * crashed process left is resumed (the import is idempotent). It lives here, at the top of src/, because it puts a
 * domain service and a format together, which neither news/ nor interop/ may do alone.
 */
export class ImportJobRunner {
  private running: { job: ClaimedImportJob; done: Promise<void> } | null = null;
  private stopping = false;
  /** When folders no job needs were last looked for (at the first run, then hourly). */
  private sweptAt = -Infinity;

  constructor(private readonly deps: ImportJobRunnerDeps) {}

  /** Claims and runs the next job, if one is waiting and no other is running; resolves when it has ended. */
  async runNext(): Promise<boolean> {
    if (this.stopping || this.running) return false;
    const jobs = this.deps.services.importJobs;
    if (Date.now() - this.sweptAt >= 3_600_000) {
      this.sweptAt = Date.now();
      const removed = await jobs.removeOrphanFiles();
      if (removed) this.deps.log.info({ removed }, 'removed import folders no job needs');
    }
    const job = await jobs.claimNext();
    if (!job) return false;
    const done = this.run(job);
    this.running = { job, done };
    try {
      await done;
    } finally {
      this.running = null;
    }
    return true;
  }

  /**
   * Stops taking jobs; an import under way stops at its next progress report (between two chunks of the file) and
   * is handed back to be resumed by the next start. Waits up to `waitMs` for that.
   */
  async stop(waitMs = 10_000): Promise<void> {
    this.stopping = true;
    const running = this.running;
    if (!running) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([running.done, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
  }

  private async run(job: ClaimedImportJob): Promise<void> {
    const { services, log } = this.deps;
    const jobs = services.importJobs;
    log.info({ importJob: job.id, attempt: job.claim, file: job.exportName }, 'import started');
    const reporter = jobs.progressReporter(job, (error) => log.warn({ err: error, importJob: job.id }, 'could not record import progress'));
    const heartbeat = setInterval(() => {
      jobs.heartbeat(job).catch((error: unknown) => log.warn({ err: error, importJob: job.id }, 'could not renew the import lease'));
    }, this.deps.heartbeatMs ?? IMPORT_HEARTBEAT_MS);
    heartbeat.unref();
    // Whether the second pass (the one that writes) has begun: until then a failure has changed nothing.
    let writing = false;
    try {
      let mediaDir: string | null = null;
      if (job.files.uploads && !job.dryRun) {
        // What an earlier attempt unpacked may be incomplete: unpack afresh.
        await fs.promises.rm(job.files.unpacked, { recursive: true, force: true });
        const { limits } = jobs;
        await extractZip(
          job.files.uploads,
          job.files.unpacked,
          { maxEntries: limits.uploadsMaxFiles, maxUnpackedBytes: limits.uploadsMaxUnpackedBytes },
          { skip: (name) => name.split('/').some((segment) => IGNORED_IN_UPLOADS.test(segment)) },
        );
        // The zip is no longer needed: its space goes back before the media library fills.
        await fs.promises.rm(job.files.uploads, { force: true });
        mediaDir = await findUploadsRoot(job.files.unpacked);
      }
      if (this.stopping) throw new ImportStopped();
      const report = await importWxr(services, () => job.files.export, {
        dryRun: job.dryRun,
        mediaDir,
        // From the old site, over https from public addresses only (platform/http/safe-fetch.ts); never with a zip.
        fetchMedia: job.fetchMedia && !mediaDir ? (this.deps.fetchMedia ?? true) : false,
        siteUrl: this.deps.siteUrl,
        onProgress: (progress) => {
          if (this.stopping) throw new ImportStopped();
          if (progress.phase === 'importing') writing = true;
          reporter.update({
            phase: progress.phase === 'checking' ? 'validating' : 'importing',
            bytesRead: progress.bytesRead,
            totalBytes: progress.totalBytes,
            items: progress.items,
            comments: progress.comments,
          });
        },
      });
      await reporter.flush();
      await jobs.complete(job, report);
      log.info({ importJob: job.id, milliseconds: report.milliseconds }, 'import done');
    } catch (error) {
      await reporter.flush();
      if (error instanceof ImportStopped || this.stopping) {
        await jobs.release(job);
        log.warn({ importJob: job.id }, 'import stopped by the shutdown; the next start resumes it');
        return;
      }
      const expected = error instanceof WxrError || error instanceof DomainError || error instanceof ZipRefused;
      if (!expected) log.error({ err: error, importJob: job.id }, 'import failed');
      await jobs.fail(job, failureMessage(job, error, writing && !job.dryRun));
    } finally {
      clearInterval(heartbeat);
    }
  }
}

/** Why a job failed, for the administrator: the importer's and the zip's own words, or where to look. */
function failureMessage(job: ClaimedImportJob, error: unknown, wrote: boolean): string {
  const outcome = wrote ? 'What was written stays: importing the file again completes it.' : 'Nothing was imported.';
  if (error instanceof WxrError) return `The file could not be imported: ${error.message}. ${outcome}`;
  // The importer's refusals (attachments that would break on this site's own host) say it all themselves.
  if (error instanceof DomainError) return error.message;
  if (error instanceof ZipRefused) return `The uploads zip was refused: ${error.message} ${outcome}`;
  return `The import stopped with an unexpected error; the server's log has the details (import job ${job.id}). ${outcome}`;
}
