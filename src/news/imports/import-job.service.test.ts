import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSharedPostgresDatabases, createTestDatabase, describeEachDialect, POSTGRES_URL } from '../../../test/helpers/database.js';
import { ManualClock } from '../../../test/helpers/clock.js';
import type { DatabaseHandle } from '../../platform/db/connection.js';
import { createSigner } from '../../platform/security/signer.js';
import { WorkDirs } from '../../platform/storage/work-dirs.js';
import { DEFAULT_IMPORT_LIMITS } from '../../config.js';
import { DomainEventBus } from '../events.js';
import { createNewsServices, type NewsServices } from '../services.js';
import { IMPORT_LEASE_MS, IMPORT_MAX_ATTEMPTS, IMPORT_PROGRESS_INTERVAL_MS, type ImportJobService } from './import-job.service.js';
import type { ClaimedImportJob } from './import-job.types.js';

function servicesOn(database: DatabaseHandle, clock: ManualClock, root: string): NewsServices {
  return createNewsServices({
    db: database.db,
    events: new DomainEventBus(() => {}),
    clock,
    signer: createSigner('k'.repeat(32)),
    imports: { workDirs: new WorkDirs(root), limits: DEFAULT_IMPORT_LIMITS },
  });
}

/** An upload with an export file in it, queued as a job by `userId`. */
async function queue(jobs: ImportJobService, userId: number, name = 'site.xml', options: { uploads?: boolean; dryRun?: boolean } = {}) {
  const upload = await jobs.newUpload();
  fs.writeFileSync(upload.path('export.xml'), '<rss/>');
  if (options.uploads) fs.writeFileSync(upload.path('uploads.zip'), 'zip');
  return jobs.create(
    upload,
    {
      exportName: name,
      exportFile: 'export.xml',
      exportBytes: 6,
      ...(options.uploads ? { uploadsName: 'uploads.zip', uploadsFile: 'uploads.zip', uploadsBytes: 3 } : {}),
      dryRun: options.dryRun ?? false,
      fetchMedia: false,
    },
    { userId, ip: '198.51.100.9' },
  );
}

describeEachDialect('import jobs', (dialect) => {
  let database: DatabaseHandle;
  let services: NewsServices;
  let jobs: ImportJobService;
  let root: string;
  let adminId: number;
  const clock = new ManualClock('2026-05-01T09:00:00.000Z');

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-import-jobs-'));
    services = servicesOn(database, clock, root);
    jobs = services.importJobs;
    adminId = (await services.staff.create({ email: 'admin@example.test', displayName: 'Ada Admin', role: 'admin', password: 'a long password here' })).id;
  });
  afterAll(async () => {
    await database.destroy();
    fs.rmSync(root, { recursive: true, force: true });
  });
  afterEach(async () => {
    // Each test starts with no job waiting or running.
    await database.db.deleteFrom('import_jobs').execute();
    clock.advance(IMPORT_LEASE_MS * 10);
  });

  it('queues an upload as a job, audited, and lists the newest first with who started each', async () => {
    const first = await queue(jobs, adminId, 'old.xml');
    const second = await queue(jobs, adminId, 'new.xml.gz', { uploads: true, dryRun: true });
    expect(second).toMatchObject({
      state: 'queued',
      exportName: 'new.xml.gz',
      exportBytes: 6,
      uploadsName: 'uploads.zip',
      uploadsBytes: 3,
      dryRun: true,
      fetchMedia: false,
      progress: { bytesRead: 0, totalBytes: 6, items: 0, comments: 0 },
      report: null,
      error: null,
      startedBy: { id: adminId, displayName: 'Ada Admin' },
      attempts: 0,
      startedAt: null,
      finishedAt: null,
    });
    expect((await jobs.list()).map((job) => job.id)).toEqual([second.id, first.id]);
    const [entry] = await services.audit.list();
    expect(entry).toMatchObject({ action: 'import.started', actorId: adminId, subjectType: 'import_job', subjectId: String(second.id) });
    expect(entry!.after).toEqual({ exportName: 'new.xml.gz', uploadsName: 'uploads.zip', dryRun: true, fetchMedia: false });
    await expect(jobs.get(999_999)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('claims the oldest waiting job once, one job at a time, with its files', async () => {
    const first = await queue(jobs, adminId, 'a.xml', { uploads: true });
    const second = await queue(jobs, adminId, 'b.xml');
    // Two workers asking at the same moment: one gets the job, the other nothing (and not the second job either).
    const [a, b] = await Promise.all([jobs.claimNext(), jobs.claimNext()]);
    const claimed = [a, b].filter((job): job is ClaimedImportJob => job !== null);
    expect(claimed.map((job) => job.id)).toEqual([first.id]);
    const job = claimed[0]!;
    expect(job).toMatchObject({ state: 'validating', claim: 1, attempts: 1, startedAt: clock.now().toISOString() });
    expect(fs.readFileSync(job.files.export, 'utf8')).toBe('<rss/>');
    expect(fs.readFileSync(job.files.uploads!, 'utf8')).toBe('zip');
    expect(path.dirname(job.files.unpacked)).toBe(path.dirname(job.files.export));
    // While it runs, the second waits.
    expect(await jobs.claimNext()).toBeNull();
    expect(await jobs.complete(job, { counts: {} })).toBe(true);
    expect((await jobs.claimNext())?.id).toBe(second.id);
  });

  it('writes progress at most once a second and at each change of phase, renewing the lease', async () => {
    await queue(jobs, adminId);
    const job = (await jobs.claimNext())!;
    const writes: string[] = [];
    const original = database.db.updateTable.bind(database.db);
    const spy = database.db as { updateTable: typeof database.db.updateTable };
    spy.updateTable = ((table: 'import_jobs') => {
      writes.push(table);
      return original(table);
    }) as typeof database.db.updateTable;
    try {
      const reporter = jobs.progressReporter(job);
      for (let i = 1; i <= 500; i++) reporter.update({ phase: 'validating', bytesRead: i, totalBytes: 1000, items: i, comments: 0 });
      await reporter.flush();
      // The first report and the last (flushed): two writes for 500 reports.
      expect(writes).toHaveLength(2);
      clock.advance(IMPORT_PROGRESS_INTERVAL_MS);
      reporter.update({ phase: 'validating', bytesRead: 600, totalBytes: 1000, items: 600, comments: 0 });
      await reporter.flush();
      reporter.update({ phase: 'importing', bytesRead: 10, totalBytes: 1000, items: 1, comments: 2 });
      await reporter.flush();
      expect(writes).toHaveLength(4);
      await reporter.flush();
      expect(writes).toHaveLength(4);
    } finally {
      spy.updateTable = original;
    }
    expect(await jobs.get(job.id)).toMatchObject({ state: 'importing', progress: { bytesRead: 10, totalBytes: 1000, items: 1, comments: 2 } });
    const row = await database.db.selectFrom('import_jobs').select('locked_until').where('id', '=', job.id).executeTakeFirstOrThrow();
    expect(row.locked_until).toBe(new Date(clock.now().getTime() + IMPORT_LEASE_MS).toISOString());
  });

  it('resumes a job whose worker died once its lease lapses, and fails it after the last attempt', async () => {
    const queued = await queue(jobs, adminId, 'crash.xml');
    const first = (await jobs.claimNext())!;
    jobs.progressReporter(first).update({ phase: 'importing', bytesRead: 5, totalBytes: 6, items: 3, comments: 1 });
    // The worker stops here (a crash): nobody renews the lease. Before it lapses, nobody takes the job.
    clock.advance(IMPORT_LEASE_MS - 1000);
    expect(await jobs.claimNext()).toBeNull();
    clock.advance(2000);
    const second = (await jobs.claimNext())!;
    expect(second).toMatchObject({ id: queued.id, claim: 2, state: 'validating', progress: { bytesRead: 0, items: 0, comments: 0 } });
    // The dead worker's writes no longer count: its claim was taken over.
    expect(await jobs.heartbeat(first)).toBe(false);
    expect(await jobs.complete(first, {})).toBe(false);
    expect(await jobs.heartbeat(second)).toBe(true);

    // Crashing every time: after the last attempt the job fails, with why, and its files go.
    let last = second;
    for (let attempt = 3; attempt <= IMPORT_MAX_ATTEMPTS; attempt++) {
      clock.advance(IMPORT_LEASE_MS + 1000);
      last = (await jobs.claimNext())!;
      expect(last.claim).toBe(attempt);
    }
    clock.advance(IMPORT_LEASE_MS + 1000);
    expect(await jobs.claimNext()).toBeNull();
    const failed = await jobs.get(queued.id);
    expect(failed).toMatchObject({ state: 'failed', attempts: IMPORT_MAX_ATTEMPTS });
    expect(failed.error).toMatch(/stopped 3 times without finishing/);
    expect(fs.existsSync(path.dirname(last.files.export))).toBe(false);
  });

  it('hands a job back uncounted at shutdown, to be resumed at once', async () => {
    const queued = await queue(jobs, adminId);
    const job = (await jobs.claimNext())!;
    await jobs.release(job);
    clock.advance(1);
    expect(await jobs.claimNext()).toMatchObject({ id: queued.id, claim: 1 });
  });

  it('ends a job done with its report, or failed with its reason, and removes its files', async () => {
    await queue(jobs, adminId, 'done.xml', { uploads: true });
    const done = (await jobs.claimNext())!;
    fs.mkdirSync(done.files.unpacked);
    fs.writeFileSync(path.join(done.files.unpacked, 'photo.jpg'), 'x');
    clock.advance(5000);
    expect(await jobs.complete(done, { counts: { articles: { imported: 2 } }, notes: [] })).toBe(true);
    expect(await jobs.get(done.id)).toMatchObject({
      state: 'done',
      report: { counts: { articles: { imported: 2 } }, notes: [] },
      finishedAt: clock.now().toISOString(),
    });
    expect(fs.existsSync(path.dirname(done.files.export))).toBe(false);
    // Ended once: a second end changes nothing.
    expect(await jobs.fail(done, 'late')).toBe(false);

    await queue(jobs, adminId, 'bad.xml');
    const bad = (await jobs.claimNext())!;
    expect(await jobs.fail(bad, 'This is not a WordPress export (line 1, column 1)')).toBe(true);
    expect(await jobs.get(bad.id)).toMatchObject({ state: 'failed', error: 'This is not a WordPress export (line 1, column 1)', report: null });
    expect(fs.existsSync(path.dirname(bad.files.export))).toBe(false);
    const actions = (await services.audit.list())
      .filter((entry) => entry.action !== 'import.started')
      .slice(0, 2)
      .map((entry) => [entry.action, entry.actorId]);
    expect(actions).toEqual([
      ['import.failed', null],
      ['import.finished', null],
    ]);
  });

  it('removes folders no unfinished job needs once they are an hour old', async () => {
    const waiting = await queue(jobs, adminId);
    const orphan = await jobs.newUpload();
    const fresh = await jobs.newUpload();
    const old = new Date(Date.now() - 2 * 3_600_000);
    for (const dir of [
      orphan.dir,
      (await database.db.selectFrom('import_jobs').select('work_dir').where('id', '=', waiting.id).executeTakeFirstOrThrow()).work_dir,
    ]) {
      fs.utimesSync(path.join(root, dir), old, old);
    }
    // The service's clock says now; the folders' times are the file system's.
    const real = servicesOn(database, new ManualClock(new Date()), root).importJobs;
    expect(await real.removeOrphanFiles()).toBe(1);
    expect(fs.existsSync(path.join(root, orphan.dir))).toBe(false);
    expect(fs.existsSync(path.join(root, fresh.dir))).toBe(true);
    await fresh.discard();
    expect(fs.existsSync(path.join(root, fresh.dir))).toBe(false);
  });
});

describe.skipIf(!POSTGRES_URL)('import jobs on two PostgreSQL instances', () => {
  let shared: Awaited<ReturnType<typeof createSharedPostgresDatabases>>;
  let root: string;
  beforeAll(async () => {
    shared = await createSharedPostgresDatabases();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-import-jobs-pg-'));
  });
  afterAll(async () => {
    await shared?.destroy();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('never gives one job to both, nor runs two at once', async () => {
    const clock = new ManualClock('2026-05-01T09:00:00.000Z');
    const one = servicesOn(shared.first, clock, root);
    const two = servicesOn(shared.second, clock, root);
    const adminId = (await one.staff.create({ email: 'a@example.test', displayName: 'A', role: 'admin', password: 'a long password here' })).id;
    const queued = [];
    for (let i = 0; i < 4; i++) queued.push((await queue(one.importJobs, adminId, `site-${i}.xml`)).id);
    const seen: number[] = [];
    for (let round = 0; round < 4; round++) {
      const claims = (await Promise.all([one, two, one, two].map((s) => s.importJobs.claimNext()))).filter((job): job is ClaimedImportJob => job !== null);
      expect(claims).toHaveLength(1);
      seen.push(claims[0]!.id);
      await (claims[0]!.id % 2 ? one : two).importJobs.complete(claims[0]!, {});
    }
    expect(seen).toEqual(queued);
  });
});
