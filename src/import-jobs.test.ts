import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/helpers/app.js';
import { ManualClock } from '../test/helpers/clock.js';
import { describeEachDialect } from '../test/helpers/database.js';
import { createStaffUser } from '../test/helpers/staff.js';
import { type ZipEntrySpec, zipBytes } from '../test/helpers/zip.js';
import { selfSignedCertificate, startHttpsServer } from '../test/helpers/https-server.js';
import { addressRefusal } from './platform/http/address-policy.js';
import type { ImportReport } from './interop/wxr/wxr-import.js';
import { ImportJobRunner } from './import-jobs.js';
import { IMPORT_LEASE_MS } from './news/imports/import-job.service.js';

const TESTDATA = path.join(path.dirname(new URL(import.meta.url).pathname), 'interop/wxr/testdata');
const silent = { info: () => {}, warn: () => {}, error: () => {} };
const certificate = selfSignedCertificate(['media.test']);
if (!certificate) console.log('[dateline] The import job test of fetching media SKIPPED: the openssl command is not installed');

describeEachDialect('import jobs run in the background', (dialect) => {
  let t: TestApp;
  let adminId: number;
  const clock = new ManualClock('2026-05-01T09:00:00.000Z');
  let jpeg: Buffer;

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock });
    adminId = (await createStaffUser(t.app, 'admin')).id;
    jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#336699' } })
      .jpeg()
      .toBuffer();
  });
  afterAll(async () => t.close());
  afterEach(() => clock.advance(IMPORT_LEASE_MS * 10));

  const jobs = () => t.app.services.importJobs;
  const importsDir = () => path.join(t.config.dataDir, 'imports');

  /** Queues `file` (from testdata, or bytes) as an upload would, with an optional uploads zip. */
  async function queue(file: string | Buffer, options: { zip?: ZipEntrySpec[]; dryRun?: boolean; fetchMedia?: boolean } = {}) {
    const upload = await jobs().newUpload();
    const bytes = Buffer.isBuffer(file) ? file : fs.readFileSync(path.join(TESTDATA, file));
    fs.writeFileSync(upload.path('export.xml'), bytes);
    if (options.zip) fs.writeFileSync(upload.path('uploads.zip'), zipBytes(options.zip));
    return jobs().create(
      upload,
      {
        exportName: Buffer.isBuffer(file) ? 'export.xml' : file,
        exportFile: 'export.xml',
        exportBytes: bytes.length,
        ...(options.zip ? { uploadsName: 'uploads.zip', uploadsFile: 'uploads.zip', uploadsBytes: 1 } : {}),
        dryRun: options.dryRun ?? false,
        fetchMedia: options.fetchMedia ?? false,
      },
      { userId: adminId },
    );
  }

  it('runs a queued import to the end: the report stored, the files removed', async () => {
    const queued = await queue('small-site.wxr.xml', { dryRun: true });
    expect(await t.app.importJobs.runNext()).toBe(true);
    const done = await jobs().get(queued.id);
    expect(done.state).toBe('done');
    const report = done.report as ImportReport;
    expect(report.dryRun).toBe(true);
    expect(report.site.title).toBe('The Harbour Gazette');
    expect(report.counts.articles.imported).toBeGreaterThan(0);
    expect(done.progress.bytesRead).toBe(done.progress.totalBytes);
    expect(await t.database.db.selectFrom('articles').select('id').execute()).toEqual([]);
    expect(fs.readdirSync(importsDir())).toEqual([]);
    expect(await t.app.importJobs.runNext()).toBe(false);
  });

  it('unpacks the uploads zip (wrapped in wp-content/uploads/) for the media pass', async () => {
    const queued = await queue('small-site.wxr.xml', {
      zip: [
        { name: 'wp-content/uploads/2024/05/quay-at-dawn.jpg', data: jpeg },
        { name: '__MACOSX/wp-content/uploads/2024/05/._quay-at-dawn.jpg', data: 'resource fork' },
      ],
    });
    expect(await t.app.importJobs.runNext()).toBe(true);
    const done = await jobs().get(queued.id);
    expect([done.state, done.error]).toEqual(['done', null]);
    expect((done.report as ImportReport).counts.attachments).toMatchObject({ imported: 1, skipped: 0 });
    expect((await t.app.services.media.get(103)).alt).toBe('Fishing boats tied up at the quay before sunrise');
    expect(fs.readdirSync(importsDir())).toEqual([]);
  });

  (certificate ? it : it.skip)('downloads the attachments from the old site when the job says so', async () => {
    const jpeg2 = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#aa8833' } })
      .png()
      .toBuffer();
    const files: Record<string, Buffer> = {
      '/wp-content/uploads/2024/06/harbour-lights.jpg': jpeg,
      '/wp-content/uploads/2024/06/net-loft.png': jpeg2,
      '/wp-content/uploads/2019/02/old-quay.jpg': jpeg,
    };
    const server = await startHttpsServer(certificate!, (request, response) => {
      const file = files[request.url ?? ''];
      response.writeHead(file ? 200 : 404, file ? { 'content-length': file.length } : {});
      response.end(file);
    });
    try {
      const xml = Buffer.from(fs.readFileSync(path.join(TESTDATA, 'fetch-media.wxr.xml'), 'utf8').replaceAll('//media.test/', `//media.test:${server.port}/`));
      const queued = await queue(xml, { fetchMedia: true });
      const runner = new ImportJobRunner({
        services: t.app.services,
        siteUrl: t.config.siteUrl,
        log: silent,
        fetchMedia: {
          resolve: async (host: string) => (host === 'media.test' ? [{ address: '127.0.0.1', family: 4 }] : []),
          refusal: (address: string) => (address === '127.0.0.1' ? null : addressRefusal(address)),
          ca: certificate!.cert,
        },
      });
      expect(await runner.runNext()).toBe(true);
      const done = await jobs().get(queued.id);
      expect([done.state, done.error]).toEqual(['done', null]);
      expect((done.report as ImportReport).counts.attachments).toMatchObject({ imported: 3, skipped: 1 });
      expect([...server.requests].sort()).toEqual(Object.keys(files).sort());
    } finally {
      await server.close();
    }
  });

  it('fails with the reason in words: not an export, a refused zip', async () => {
    const notXml = await queue('not-xml.html');
    await t.app.importJobs.runNext();
    const failed = await jobs().get(notXml.id);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/^The file could not be imported: This is not a WordPress export: it is an HTML page.*Nothing was imported\.$/);

    const slip = await queue('small-site.wxr.xml', { zip: [{ name: '../../escape.jpg', data: jpeg }] });
    await t.app.importJobs.runNext();
    const refused = await jobs().get(slip.id);
    expect(refused.state).toBe('failed');
    expect(refused.error).toMatch(/^The uploads zip was refused: The zip holds an entry whose name leads out of its folder/);
    expect(fs.existsSync(path.join(t.config.dataDir, 'escape.jpg'))).toBe(false);
    expect(fs.readdirSync(importsDir())).toEqual([]);
  });

  it('resumes an import a crashed process left once its lease lapses, and completes it', async () => {
    const queued = await queue('wxr-1.1.wxr.xml');
    // Another process claimed it and died: nobody renews its lease.
    const dead = await jobs().claimNext();
    expect(dead?.id).toBe(queued.id);
    expect(await t.app.importJobs.runNext()).toBe(false);
    clock.advance(IMPORT_LEASE_MS + 1000);
    expect(await t.app.importJobs.runNext()).toBe(true);
    expect(await jobs().get(queued.id)).toMatchObject({ state: 'done', attempts: 2 });
  });

  it('hands an import back at shutdown, uncounted, for the next start to finish', async () => {
    const queued = await queue('small-site.wxr.xml');
    const stopping = new ImportJobRunner({ services: t.app.services, siteUrl: t.config.siteUrl, log: silent });
    const running = stopping.runNext();
    await stopping.stop();
    expect(await running).toBe(true);
    expect(await jobs().get(queued.id)).toMatchObject({ state: 'validating', attempts: 0 });
    clock.advance(1);
    expect(await t.app.importJobs.runNext()).toBe(true);
    expect(await jobs().get(queued.id)).toMatchObject({ state: 'done', attempts: 1 });
  });
});
