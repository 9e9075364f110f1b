import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../helpers/browser.js';
import { pageProblems, signInToNewsroom, useBrowserSite } from '../helpers/browser-site.js';
import { createStaffUser } from '../helpers/staff.js';
import { zipBytes } from '../helpers/zip.js';

const EXPORT = path.resolve('src/interop/wxr/testdata/small-site.wxr.xml');
/** Where the screenshots go (look at them after a change to the screen); SCREENSHOTS_DIR moves them. */
const SCREENSHOTS = process.env.SCREENSHOTS_DIR ?? os.tmpdir();

/**
 * Import from WordPress in real Chromium, through the pages only: an administrator uploads an export and a zip of
 * its uploads folder, the job runs in the background (the server's own wiring, polling every few seconds), the
 * job's page follows it by refreshing itself without JavaScript, and the report is read.
 */
describe.skipIf(!chromiumAvailable)('importing from WordPress in Chromium', () => {
  const site = useBrowserSite({ backgroundJobs: true });
  let dir: string;
  let zip: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-import-browser-'));
    const jpeg = await sharp({ create: { width: 640, height: 400, channels: 3, background: '#2f5d8a' } })
      .jpeg()
      .toBuffer();
    zip = path.join(dir, 'uploads.zip');
    fs.writeFileSync(zip, zipBytes([{ name: 'uploads/' }, { name: 'uploads/2024/05/quay-at-dawn.jpg', data: jpeg }]));
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('uploads an export with its uploads, waits for the job and reads the report', async () => {
    const admin = await createStaffUser(site.t.app, 'admin');
    const page = await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = pageProblems(page);
    await signInToNewsroom(page, site.base, admin);

    await page.click('nav.nr-nav a[href="/newsroom/settings"]');
    await page.click('main a[href="/newsroom/imports"]');
    await page.waitForURL(`${site.base}/newsroom/imports`);
    expect(await page.textContent('h1')).toBe('Import from WordPress');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'import-screen-form-1280.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'import-screen-form-390.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.setInputFiles('#import-export', EXPORT);
    await page.setInputFiles('#import-uploads', zip);
    await page.click('.nr-import-form button[type="submit"]');
    await page.waitForURL(/\/newsroom\/imports\/\d+$/);
    const jobUrl = page.url();
    expect(await page.textContent('h1')).toBe('Import of small-site.wxr.xml');

    // The page refreshes itself (meta refresh) until the background job has finished.
    await page.locator('text=The import is done.').waitFor({ timeout: 45_000 });
    expect(page.url()).toBe(jobUrl);
    expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(0);
    const counts = await page.$$eval('.nr-import-counts tbody tr', (rows) =>
      rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent?.trim() ?? '')),
    );
    const row = (kind: string) => counts.find((cells) => cells[0] === kind);
    expect(row('Stories')).toEqual(['Stories', '2', '0', '0', '0']);
    expect(row('Attachments')).toEqual(['Attachments', '1', '0', '0', '0']);
    expect(row('Comments')?.[1]).toBe('4');
    const summary = await page.textContent('.nr-import-report > p');
    expect(summary).toMatch(/^The Harbour Gazette \(WXR 1\.2\), WordPress ids kept, \d+\.\d s\./);
    expect(await page.textContent('.nr-import-statuses')).toContain('approved: 1');
    const notes = await page.$$eval('.nr-import-notes li', (items) => items.map((item) => item.textContent ?? ''));
    // The site held only the demo, which went first so that WordPress's ids could be kept.
    expect(notes.some((note) => /^altered site: the demo site was removed first/.test(note))).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'import-screen-report-1280.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'import-screen-report-390.png'), fullPage: true });

    // What came in is on the site: the story with the image from the zip, now in the media library.
    const image = await site.t.app.services.media.get(103);
    const story = await site.t.database.db.selectFrom('articles').select('featured_image_url').where('id', '=', 101).executeTakeFirstOrThrow();
    expect(story.featured_image_url).toBe(image.url);
    expect((await fetch(`${site.base}${image.url}`)).status).toBe(200);

    // The list of past imports has it, with who started it.
    await page.click('.nr-meta a[href="/newsroom/imports"]');
    expect(await page.textContent('.nr-imports tbody tr')).toContain('small-site.wxr.xml');
    expect(await page.textContent('.nr-imports tbody tr')).toContain(`by ${admin.displayName}`);
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);
});
