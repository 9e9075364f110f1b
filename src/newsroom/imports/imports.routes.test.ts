import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { describeEachDialect } from '../../../test/helpers/database.js';
import { expectValidHtml } from '../../../test/helpers/html.js';
import { createStaffUser, csrfToken, loginAs } from '../../../test/helpers/staff.js';
import { zipBytes } from '../../../test/helpers/zip.js';
import type { ImportReport } from '../../interop/wxr/wxr-import.js';

const TESTDATA = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../interop/wxr/testdata');
const SMALL_SITE = fs.readFileSync(path.join(TESTDATA, 'small-site.wxr.xml'));
const LIMITS = { IMPORT_MAX_BYTES: '65536', IMPORT_UPLOADS_MAX_BYTES: '65536', IMPORT_UPLOADS_MAX_UNPACKED_BYTES: '200000', IMPORT_UPLOADS_MAX_FILES: '20' };

interface Part {
  name: string;
  value?: string;
  file?: { filename: string; bytes: Buffer; type?: string };
}

/** A multipart/form-data body with its parts in the order given, as a browser sends the form's fields in order. */
function multipart(parts: Part[]) {
  const boundary = '----datelineImportBoundary9f8e7d';
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if (part.file) {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.file.filename}"\r\nContent-Type: ${part.file.type ?? 'application/octet-stream'}\r\n\r\n`,
        ),
        part.file.bytes,
        Buffer.from('\r\n'),
      );
    } else {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value ?? ''}\r\n`));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

describeEachDialect('newsroom: import from WordPress', (dialect) => {
  let t: TestApp;
  let adminCookie: string;
  let editorCookie: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { env: LIMITS });
    const admin = await createStaffUser(t.app, 'admin', { displayName: 'Ada Admin' });
    const editor = await createStaffUser(t.app, 'editor');
    adminCookie = await loginAs(t.app, admin.email, admin.password);
    editorCookie = await loginAs(t.app, editor.email, editor.password);
  });
  afterAll(async () => t?.close());

  const importsDir = () => path.join(t.config.dataDir, 'imports');
  const folders = () => (fs.existsSync(importsDir()) ? fs.readdirSync(importsDir()) : []);
  const jobCount = async () => (await t.database.db.selectFrom('import_jobs').select('id').execute()).length;

  /** Posts the form: `_csrf` first (as the page's form puts it) unless `token` is null or `csrfLast`. */
  async function post(files: Part[], options: { cookie?: string; token?: string | null; csrfLast?: boolean; fields?: Record<string, string> } = {}) {
    const cookie = options.cookie ?? adminCookie;
    const token = options.token === undefined ? await csrfToken(t.app, cookie, '/newsroom/imports') : options.token;
    const csrf: Part[] = token === null ? [] : [{ name: '_csrf', value: token }];
    const fields = Object.entries(options.fields ?? {}).map(([name, value]) => ({ name, value }));
    const parts = options.csrfLast ? [...files, ...fields, ...csrf] : [...csrf, ...files, ...fields];
    const { payload, contentType } = multipart(parts);
    return t.app.inject({ method: 'POST', url: '/newsroom/imports', headers: { cookie, 'content-type': contentType }, payload });
  }
  const exportPart = (bytes: Buffer, filename = 'gazette.WordPress.2024-05-06.xml'): Part => ({ name: 'export', file: { filename, bytes, type: 'text/xml' } });
  const uploadsPart = (bytes: Buffer, filename = 'uploads.zip'): Part => ({ name: 'uploads', file: { filename, bytes, type: 'application/zip' } });

  /** A refusal: the status, the message in the form's notice, and nothing left behind (no job, no file). */
  async function expectRefused(res: Awaited<ReturnType<typeof post>>, status: number, message: RegExp) {
    // The form's notice, or the message of a page that refused before the form (sign-in, permission, CSRF).
    const said = res.body.match(/<p class="nr-notice nr-notice-error" role="alert">([^<]*)</)?.[1] ?? res.body.match(/<main[\s\S]*<\/main>/)?.[0] ?? res.body;
    expect([res.statusCode, said]).toEqual([status, expect.stringMatching(message)]);
    await vi.waitFor(() => expect(folders()).toEqual([]));
    expect(await jobCount()).toBe(0);
  }

  it('is for administrators: others are refused before anything is read, and see no link', async () => {
    const signedOut = await t.app.inject({ method: 'GET', url: '/newsroom/imports' });
    expect([signedOut.statusCode, signedOut.headers.location]).toEqual([303, '/newsroom/login?next=%2Fnewsroom%2Fimports']);
    const { payload, contentType } = multipart([exportPart(SMALL_SITE)]);
    expect((await t.app.inject({ method: 'POST', url: '/newsroom/imports', headers: { 'content-type': contentType }, payload })).statusCode).toBe(403);

    expect((await t.app.inject({ method: 'GET', url: '/newsroom/imports', headers: { cookie: editorCookie } })).statusCode).toBe(403);
    const editorToken = await csrfToken(t.app, editorCookie);
    await expectRefused(await post([exportPart(SMALL_SITE)], { cookie: editorCookie, token: editorToken }), 403, /does not have permission/);
    expect((await t.app.inject({ method: 'GET', url: '/newsroom/imports/1', headers: { cookie: editorCookie } })).statusCode).toBe(403);

    const editorNav = (await t.app.inject({ method: 'GET', url: '/newsroom/', headers: { cookie: editorCookie } })).body;
    expect(editorNav).not.toContain('href="/newsroom/imports"');
    const adminNav = (await t.app.inject({ method: 'GET', url: '/newsroom/', headers: { cookie: adminCookie } })).body;
    expect(adminNav).toContain('<a href="/newsroom/imports">Import</a>');
    // And from Settings, which is for administrators too.
    const settings = (await t.app.inject({ method: 'GET', url: '/newsroom/settings', headers: { cookie: adminCookie } })).body;
    expect(settings).toContain('<a href="/newsroom/imports">Import from WordPress</a>');
  });

  it('shows the form with the limits, and valid HTML', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/newsroom/imports', headers: { cookie: adminCookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('enctype="multipart/form-data"');
    // The token comes first, before the file inputs.
    expect(res.body.indexOf('name="_csrf"', res.body.indexOf('action="/newsroom/imports"'))).toBeLessThan(res.body.indexOf('name="export"'));
    expect(res.body).toMatch(/up to 64 KB\./);
    expect(res.body).toContain('No imports yet.');
    await expectValidHtml(res.body);
  });

  it('requires the CSRF token, before any file: without it, or after the file, nothing is written', async () => {
    await expectRefused(await post([exportPart(SMALL_SITE)], { token: null }), 403, /expired or was sent from another site/);
    await expectRefused(await post([exportPart(SMALL_SITE)], { token: 'forged' }), 403, /expired or was sent from another site/);
    await expectRefused(await post([exportPart(SMALL_SITE)], { csrfLast: true }), 403, /expired or was sent from another site/);
  });

  it('refuses a missing file, a file of another kind, an empty one, and what is too large', async () => {
    await expectRefused(await post([]), 422, /Choose the WordPress export file/);
    // A browser sends the file input's part even when no file was chosen: no name, no bytes.
    await expectRefused(await post([{ name: 'export', file: { filename: '', bytes: Buffer.alloc(0) } }]), 422, /Choose the WordPress export file/);
    await expectRefused(
      await post([exportPart(fs.readFileSync(path.join(TESTDATA, 'png-header.png')), 'photo.png')]),
      415,
      /^photo\.png: This is not a WordPress export: it is a PNG image/,
    );
    await expectRefused(await post([exportPart(fs.readFileSync(path.join(TESTDATA, 'not-xml.html')), 'export.xml')]), 415, /it is an HTML page/);
    await expectRefused(await post([exportPart(Buffer.alloc(0), 'empty.xml')]), 422, /The file is empty/);
    await expectRefused(
      await post([exportPart(Buffer.concat([SMALL_SITE, Buffer.alloc(65536, 32)]))]),
      413,
      /larger than 64 KB, the most this site accepts \(IMPORT_MAX_BYTES\)/,
    );
    // The form comes back as it was sent.
    const again = await post([], { fields: { dryRun: 'on' } });
    expect(again.body).toMatch(/id="import-dry-run"[^>]*checked/);
  });

  it('refuses an uploads zip that is damaged, unsafe or too large, before unpacking anything', async () => {
    const site = exportPart(SMALL_SITE);
    await expectRefused(await post([site, uploadsPart(Buffer.from('not a zip at all'))]), 415, /^uploads\.zip: This is not a zip file/);
    await expectRefused(await post([site, uploadsPart(zipBytes([{ name: '../../../etc/cron.d/x', data: 'boom' }]))]), 422, /leads out of its folder/);
    await expectRefused(await post([site, uploadsPart(zipBytes([{ name: '2024/link.jpg', data: '/etc/passwd', mode: 0o120777 }]))]), 422, /symbolic link/);
    const bomb = zipBytes([{ name: 'zeros.jpg', data: Buffer.alloc(300_000), deflate: true }]);
    expect(bomb.length).toBeLessThan(65536);
    await expectRefused(await post([site, uploadsPart(bomb)]), 413, /unpack to more than 195.3 KB/);
    const many = zipBytes(Array.from({ length: 21 }, (_, i) => ({ name: `f${i}.jpg`, data: 'x' })));
    await expectRefused(await post([site, uploadsPart(many)]), 422, /21 entries; at most 20/);
    await expectRefused(await post([site, uploadsPart(Buffer.alloc(70_000, 1))]), 413, /IMPORT_UPLOADS_MAX_BYTES/);
    // Images from the zip or from the old site, not both.
    await expectRefused(await post([site, uploadsPart(zipBytes([{ name: 'a.jpg', data: 'x' }]))], { fields: { fetchMedia: 'on' } }), 422, /not both/);
  });

  it('queues the upload and answers at once; the job page follows it to the report', async () => {
    // A title with markup: the report shows it as text.
    const escaped = Buffer.from(
      SMALL_SITE.toString('utf8').replace('<title>The Harbour Gazette</title>', '<title>The &lt;b&gt;Harbour&lt;/b&gt; Gazette</title>'),
    );
    const res = await post([exportPart(escaped), uploadsPart(zipBytes([{ name: 'uploads/2024/05/quay-at-dawn.jpg', data: 'x' }]))], {
      fields: { dryRun: 'on' },
    });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
    const url = res.headers.location as string;
    expect(url).toMatch(/^\/newsroom\/imports\/\d+$/);
    expect(folders()).toHaveLength(1);

    const waiting = await t.app.inject({ method: 'GET', url, headers: { cookie: adminCookie } });
    expect(waiting.statusCode).toBe(200);
    expect(waiting.body).toContain('<meta http-equiv="refresh" content="2"/>');
    expect(waiting.body).toContain('Waiting to start');
    expect(waiting.body).toContain('gazette.WordPress.2024-05-06.xml');
    await expectValidHtml(waiting.body);

    expect(await t.app.importJobs.runNext()).toBe(true);
    const done = await t.app.inject({ method: 'GET', url, headers: { cookie: adminCookie } });
    expect(done.body).not.toContain('http-equiv="refresh"');
    expect(done.body).toContain('The dry run is done: nothing was written.');
    expect(done.body).toContain('Dry run (nothing written): </strong>The &lt;b>Harbour&lt;/b> Gazette (WXR 1.2)');
    expect(done.body).not.toContain('<b>Harbour</b>');
    expect(done.body).toMatch(/<th scope="row">Stories<\/th><td>\d+<\/td>/);
    expect(done.body).toContain('class="nr-import-notes"');
    expect(done.body).toContain('(not in a dry run, which imports no files)');
    await expectValidHtml(done.body);
    expect(folders()).toEqual([]);

    const json = await t.app.inject({ method: 'GET', url: `${url}/report.json`, headers: { cookie: adminCookie } });
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-disposition']).toMatch(/^attachment; filename="import-\d+-report\.json"$/);
    const report = JSON.parse(json.body) as ImportReport;
    expect(report.site.title).toBe('The <b>Harbour</b> Gazette');
    expect(report.dryRun).toBe(true);

    const list = (await t.app.inject({ method: 'GET', url: '/newsroom/imports', headers: { cookie: adminCookie } })).body;
    expect(list).toContain(`<a href="${url}">gazette.WordPress.2024-05-06.xml</a>`);
    expect(list).toMatch(/Dry run: [^<]*stories[^<]* would be imported or updated/);
    expect(list).toContain('by Ada Admin');
  });

  it('keeps the choice to fetch media from the old site with the job', async () => {
    const res = await post([exportPart(SMALL_SITE)], { fields: { fetchMedia: 'on', dryRun: 'on' } });
    expect(res.statusCode).toBe(303);
    const id = Number((res.headers.location as string).split('/').pop());
    expect(await t.app.services.importJobs.get(id)).toMatchObject({ fetchMedia: true, dryRun: true, uploadsName: null });
    const page = await t.app.inject({ method: 'GET', url: res.headers.location as string, headers: { cookie: adminCookie } });
    expect(page.body).toContain('Downloaded from the old site (not in a dry run, which imports no files)');
    await t.app.importJobs.runNext();
  });

  it('shows why a job failed', async () => {
    const res = await post([exportPart(fs.readFileSync(path.join(TESTDATA, 'truncated.wxr.xml')), 'cut.xml')]);
    expect(res.statusCode).toBe(303);
    await t.app.importJobs.runNext();
    const page = await t.app.inject({ method: 'GET', url: res.headers.location as string, headers: { cookie: adminCookie } });
    expect(page.body).toMatch(
      /<p class="nr-notice nr-notice-error" role="alert">The file could not be imported: [^<]*line \d+, column \d+[^<]*Nothing was imported\.<\/p>/,
    );
    expect((await t.app.inject({ method: 'GET', url: `${res.headers.location as string}/report.json`, headers: { cookie: adminCookie } })).statusCode).toBe(
      404,
    );
    expect((await t.app.inject({ method: 'GET', url: '/newsroom/imports/999999', headers: { cookie: adminCookie } })).statusCode).toBe(404);
  });
});
