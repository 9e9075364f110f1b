import fs from 'node:fs';
import path from 'node:path';
import { HtmlValidate } from 'html-validate';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { describeEachDialect } from '../../../test/helpers/database.js';
import { makeArticle } from '../../../test/factories.js';
import { createStaffUser, csrfToken, loginAs, postForm } from '../../../test/helpers/staff.js';

const validator = new HtmlValidate({ extends: ['html-validate:standard'], rules: { 'long-title': 'off' } });
async function expectValidHtml(html: string) {
  const report = await validator.validateString(html);
  const messages = report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message} (line ${m.line})`));
  expect(messages).toEqual([]);
}

const MAX_BYTES = 200_000;

function image(width: number, height: number, format: 'jpeg' | 'png' | 'webp' | 'gif') {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .toFormat(format)
    .toBuffer();
}

/** A multipart/form-data body as a browser sends it. */
function multipartBody(fields: Record<string, string>, file: { name: string; type: string; bytes: Buffer } | null) {
  const boundary = '----datelineTestBoundary7MA4YWxkTrZu0gW';
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`));
    chunks.push(file.bytes, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

describeEachDialect('newsroom media library', (dialect) => {
  let t: TestApp;
  let editorCookie: string;
  let contributorCookie: string;
  let contributorId: number;

  beforeAll(async () => {
    t = await createTestApp(dialect, { env: { MEDIA_MAX_BYTES: String(MAX_BYTES) } });
    const editor = await createStaffUser(t.app, 'editor');
    const contributor = await createStaffUser(t.app, 'contributor');
    contributorId = contributor.id;
    editorCookie = await loginAs(t.app, editor.email, editor.password);
    contributorCookie = await loginAs(t.app, contributor.email, contributor.password);
  });
  afterAll(async () => t?.close());

  async function upload(
    file: { name: string; type: string; bytes: Buffer } | null,
    options: { cookie?: string; token?: string | null; fields?: Record<string, string> } = {},
  ) {
    const cookie = options.cookie ?? editorCookie;
    const token = options.token === undefined ? await csrfToken(t.app, cookie) : options.token;
    const { payload, contentType } = multipartBody({ ...(token === null ? {} : { _csrf: token }), ...options.fields }, file);
    return t.app.inject({ method: 'POST', url: '/newsroom/media', headers: { cookie, 'content-type': contentType }, payload });
  }
  async function uploadOk(file: { name: string; type: string; bytes: Buffer }, options: Parameters<typeof upload>[1] = {}) {
    const res = await upload(file, options);
    expect(res.statusCode, res.body.slice(0, 1500)).toBe(303);
    const id = Number(res.headers.location!.match(/^\/newsroom\/media\/(\d+)\?done=uploaded$/)![1]);
    return t.app.services.media.get(id);
  }
  const diskPath = (url: string) => path.join(t.config.dataDir, 'media', url.replace(/^\/media\//, ''));

  it('accepts JPEG, PNG, WebP and GIF, keeps the size and makes WebP variants without upscaling', async () => {
    const cases = [
      { format: 'jpeg', type: 'image/jpeg', width: 1400, height: 700, widths: [320, 640, 960, 1280, 1400] },
      { format: 'png', type: 'image/png', width: 2400, height: 1200, widths: [320, 640, 960, 1280, 1920] },
      { format: 'webp', type: 'image/webp', width: 640, height: 480, widths: [320, 640] },
      { format: 'gif', type: 'image/gif', width: 200, height: 150, widths: [200] },
    ] as const;
    for (const c of cases) {
      const item = await uploadOk({ name: `photo.${c.format}`, type: c.type, bytes: await image(c.width, c.height, c.format) });
      expect(item.contentType).toBe(c.type);
      expect([item.width, item.height]).toEqual([c.width, c.height]);
      expect(item.variants.map((v) => v.width)).toEqual(c.widths);
      expect(item.originalFilename).toBe(`photo.${c.format}`);
      const original = await sharp(fs.readFileSync(diskPath(item.url))).metadata();
      expect(original.format).toBe(c.format);
      for (const variant of item.variants) {
        const meta = await sharp(fs.readFileSync(diskPath(variant.url))).metadata();
        expect(meta.format).toBe('webp');
        expect(meta.width).toBe(variant.width);
      }
      expect(item.srcset).toBe(item.variants.map((v) => `${v.url} ${v.width}w`).join(', '));
      // Served by the /media/ static route.
      const served = await t.app.inject({ url: item.variants[0]!.url });
      expect(served.statusCode).toBe(200);
      expect(served.headers['content-type']).toBe('image/webp');
    }
  });

  it('applies EXIF orientation and strips metadata from the original', async () => {
    const rotated = await sharp({ create: { width: 300, height: 100, channels: 3, background: '#336699' } })
      .jpeg()
      .withMetadata({ orientation: 6, exif: { IFD0: { Copyright: 'Secret Camera Co' } } })
      .toBuffer();
    expect((await sharp(rotated).metadata()).orientation).toBe(6);
    const item = await uploadOk({ name: 'C:\\Users\\me\\Desktop\\side<ways>.jpg', type: 'image/jpeg', bytes: rotated });
    expect([item.width, item.height]).toEqual([100, 300]);
    expect(item.originalFilename).toBe('sideways.jpg');
    const stored = fs.readFileSync(diskPath(item.url));
    const meta = await sharp(stored).metadata();
    expect(meta.orientation).toBeUndefined();
    expect(meta.exif).toBeUndefined();
    expect(stored.includes(Buffer.from('Secret Camera Co'))).toBe(false);
  });

  it('refuses a text file named .jpg, whatever content type the browser claims', async () => {
    const res = await upload({ name: 'notes.jpg', type: 'image/jpeg', bytes: Buffer.from('Just some notes, not a picture.\n'.repeat(20)) });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('This file is not a JPEG, PNG, WebP or GIF image.');
    await expectValidHtml(res.body);
    // A PNG magic number followed by garbage is refused too.
    const fake = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('garbage'.repeat(50))]);
    const res2 = await upload({ name: 'fake.png', type: 'image/png', bytes: fake });
    expect(res2.statusCode).toBe(422);
    expect(res2.body).toContain('This file is not a JPEG, PNG, WebP or GIF image.');
  });

  it('refuses a file over MEDIA_MAX_BYTES', async () => {
    const noisy = await sharp({ create: { width: 700, height: 700, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
      .png()
      .toBuffer();
    expect(noisy.length).toBeGreaterThan(MAX_BYTES);
    const res = await upload({ name: 'huge.png', type: 'image/png', bytes: noisy });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('The file is larger than 195.3 KB.');
  });

  it('refuses a form without a file', async () => {
    const res = await upload(null, { fields: { alt: 'x' } });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Choose an image file to upload.');
  });

  it('enforces CSRF on uploads and on edits', async () => {
    const before = (await t.app.services.media.search('')).length;
    const bytes = await image(100, 100, 'png');
    const missing = await upload({ name: 'a.png', type: 'image/png', bytes }, { token: null });
    expect(missing.statusCode).toBe(403);
    const wrong = await upload({ name: 'a.png', type: 'image/png', bytes }, { token: 'not-a-token' });
    expect(wrong.statusCode).toBe(403);
    // Another user's token does not work with this user's cookie.
    const foreign = await upload({ name: 'a.png', type: 'image/png', bytes }, { token: await csrfToken(t.app, contributorCookie) });
    expect(foreign.statusCode).toBe(403);
    expect((await t.app.services.media.search('')).length).toBe(before);
    // The token may also come in a header (for scripts such as the editor's picker).
    const { payload, contentType } = multipartBody({}, { name: 'header.png', type: 'image/png', bytes });
    const viaHeader = await t.app.inject({
      method: 'POST',
      url: '/newsroom/media',
      headers: { cookie: editorCookie, 'content-type': contentType, 'x-csrf-token': await csrfToken(t.app, editorCookie), accept: 'application/json' },
      payload,
    });
    expect(viaHeader.statusCode).toBe(201);
    const created = viaHeader.json() as { id: number };
    const edit = await postForm(t.app, `/newsroom/media/${created.id}`, editorCookie, { alt: 'x' }, { token: 'bad' });
    expect(edit.statusCode).toBe(403);
  });

  it('refuses visitors who are not signed in', async () => {
    const page = await t.app.inject({ url: '/newsroom/media' });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toMatch(/^\/newsroom\/login/);
    const json = await t.app.inject({ url: '/newsroom/media.json' });
    expect(json.statusCode).toBe(303);
    const { payload, contentType } = multipartBody({}, { name: 'a.png', type: 'image/png', bytes: await image(50, 50, 'png') });
    const post = await t.app.inject({ method: 'POST', url: '/newsroom/media', headers: { 'content-type': contentType }, payload });
    expect(post.statusCode).toBe(403);
  });

  it('edits alt text, caption and credit, searches them, and serves the picker JSON', async () => {
    const item = await uploadOk({ name: 'harbour-dawn.png', type: 'image/png', bytes: await image(800, 400, 'png') });
    const page = await t.app.inject({ url: `/newsroom/media/${item.id}?done=uploaded`, headers: { cookie: editorCookie } });
    expect(page.statusCode).toBe(200);
    await expectValidHtml(page.body);
    const res = await postForm(t.app, `/newsroom/media/${item.id}`, editorCookie, {
      alt: 'Fishing boats leaving the harbour at dawn',
      caption: 'The fleet heads out',
      credit: 'Ana Lopez/Dateline',
    });
    expect(res.statusCode).toBe(303);
    expect(await t.app.services.media.get(item.id)).toMatchObject({
      alt: 'Fishing boats leaving the harbour at dawn',
      caption: 'The fleet heads out',
      credit: 'Ana Lopez/Dateline',
    });

    for (const q of ['FISHING', 'fleet heads', 'lopez', 'harbour-dawn']) {
      const list = await t.app.inject({ url: `/newsroom/media?q=${encodeURIComponent(q)}`, headers: { cookie: editorCookie } });
      expect(list.statusCode).toBe(200);
      expect(list.body, q).toContain(`href="/newsroom/media/${item.id}"`);
    }
    const none = await t.app.inject({ url: '/newsroom/media?q=zebra%25', headers: { cookie: editorCookie } });
    expect(none.body).not.toContain(`href="/newsroom/media/${item.id}"`);
    await expectValidHtml(none.body);
    const all = await t.app.inject({ url: '/newsroom/media', headers: { cookie: editorCookie } });
    await expectValidHtml(all.body);

    const json = await t.app.inject({ url: '/newsroom/media.json?q=fleet', headers: { cookie: contributorCookie } });
    expect(json.statusCode).toBe(200);
    expect(json.json()).toEqual([
      {
        id: item.id,
        url: item.url,
        width: 800,
        height: 400,
        alt: 'Fishing boats leaving the harbour at dawn',
        caption: 'The fleet heads out',
        credit: 'Ana Lopez/Dateline',
        srcset: item.srcset,
      },
    ]);
  });

  it('lets contributors change only their own uploads; editors may change anyone’s', async () => {
    const editors = await uploadOk({ name: 'editors.png', type: 'image/png', bytes: await image(100, 100, 'png') });
    const own = await uploadOk({ name: 'mine.png', type: 'image/png', bytes: await image(100, 100, 'png') }, { cookie: contributorCookie });
    expect(own.uploadedBy).toBe(contributorId);
    const token = await csrfToken(t.app, contributorCookie);
    expect((await postForm(t.app, `/newsroom/media/${editors.id}`, contributorCookie, { alt: 'nope' }, { token })).statusCode).toBe(403);
    expect((await postForm(t.app, `/newsroom/media/${editors.id}/delete`, contributorCookie, {}, { token })).statusCode).toBe(403);
    expect((await postForm(t.app, `/newsroom/media/${own.id}`, contributorCookie, { alt: 'My own picture' }, { token })).statusCode).toBe(303);
    expect((await postForm(t.app, `/newsroom/media/${own.id}/delete`, editorCookie, {})).statusCode).toBe(303);
    await expect(t.app.services.media.get(own.id)).rejects.toThrow('not found');
  });

  it('refuses to delete a featured image in use, deletes an unused one with its files', async () => {
    const item = await uploadOk({ name: 'lead.jpg', type: 'image/jpeg', bytes: await image(1000, 500, 'jpeg') });
    await makeArticle(t.app.services, {
      title: 'Storm closes the harbour',
      image: { url: item.url, alt: 'Waves', caption: '', credit: '', width: null, height: null },
    });
    const refused = await postForm(t.app, `/newsroom/media/${item.id}/delete`, editorCookie, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('This image cannot be deleted: it is the featured image of “Storm closes the harbour”');
    await expectValidHtml(refused.body);
    expect(fs.existsSync(diskPath(item.url))).toBe(true);

    const unused = await uploadOk({ name: 'spare.jpg', type: 'image/jpeg', bytes: await image(700, 500, 'jpeg') });
    const files = [unused.url, ...unused.variants.map((v) => v.url)].map(diskPath);
    expect(files.every((f) => fs.existsSync(f))).toBe(true);
    const deleted = await postForm(t.app, `/newsroom/media/${unused.id}/delete`, editorCookie, {});
    expect(deleted.statusCode).toBe(303);
    expect(files.some((f) => fs.existsSync(f))).toBe(false);
    const audit = await t.app.services.audit.list({ subjectType: 'media' });
    expect(audit.map((e) => `${e.action} ${e.subjectId}`)).toEqual(expect.arrayContaining([`media.uploaded ${unused.id}`, `media.deleted ${unused.id}`]));
  });

  it('refuses to delete the site’s logo, with the reason on the image’s page, until another logo is chosen', async () => {
    const logo = await uploadOk({ name: 'masthead.png', type: 'image/png', bytes: await image(600, 120, 'png') });
    const spare = await uploadOk({ name: 'masthead-2.png', type: 'image/png', bytes: await image(600, 120, 'png') });
    await t.app.services.settings.update({ logo: logo.id });
    // The image's page says so before anyone tries.
    const before = await t.app.inject({ url: `/newsroom/media/${logo.id}`, headers: { cookie: editorCookie } });
    expect(before.body).toContain('<dt>Site logo</dt>');
    expect(before.body).toContain('This image is the site’s logo, so it cannot be deleted until Settings names another.');
    await expectValidHtml(before.body);

    const refused = await postForm(t.app, `/newsroom/media/${logo.id}/delete`, editorCookie, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain(
      '<p class="nr-notice nr-notice-error" role="alert">This image is the site’s logo. Choose another logo in Settings before deleting it.</p>',
    );
    await expectValidHtml(refused.body);
    expect(fs.existsSync(diskPath(logo.url))).toBe(true);
    expect((await t.app.inject('/')).body).toContain(`<img src="${logo.url}"`);

    await t.app.services.settings.update({ logo: spare.id });
    const deleted = await postForm(t.app, `/newsroom/media/${logo.id}/delete`, editorCookie, {});
    expect(deleted.statusCode).toBe(303);
    expect(fs.existsSync(diskPath(logo.url))).toBe(false);
    await t.app.services.settings.update({ logo: null });
  });

  it('gives a media-backed featured image a srcset and sizes on the site', async () => {
    const item = await uploadOk({ name: 'site.jpg', type: 'image/jpeg', bytes: await image(1300, 650, 'jpeg') });
    const id = await makeArticle(t.app.services, {
      title: 'Bridge reopens after repairs',
      image: { url: item.url, alt: 'The bridge at night', caption: 'Open again', credit: 'Dateline', width: null, height: null },
    });
    const article = await t.app.services.articles.findPublishedById(id);
    expect(article!.image).toMatchObject({ url: item.url, srcset: item.srcset, width: 1300, height: 650 });
    const page = await t.app.inject({ url: article!.path });
    expect(page.statusCode).toBe(200);
    const srcsetAttr = item.srcset.replaceAll('&', '&amp;');
    expect(page.body).toContain(`srcset="${srcsetAttr}"`);
    expect(page.body).toMatch(/<img[^>]+srcset="[^"]+"[^>]+sizes="[^"]+"[^>]+width="1300" height="650"/);
    await expectValidHtml(page.body);
    const front = await t.app.inject({ url: '/' });
    expect(front.body).toContain(`srcset="${srcsetAttr}"`);
    await expectValidHtml(front.body);
  });
});
