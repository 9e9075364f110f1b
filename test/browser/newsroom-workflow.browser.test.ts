import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../helpers/browser.js';
import { signInToNewsroom, useBrowserSite } from '../helpers/browser-site.js';
import { createStaffUser, type TestStaffUser } from '../helpers/staff.js';

/**
 * The newsroom's whole path in real Chromium, through the pages only: a contributor uploads an image, writes an
 * article around it in the rich editor and submits it; an editor schedules it a few seconds ahead; the server's own
 * scheduler (the production wiring, ticking every few seconds) publishes it with no request to the app; readers see it.
 * And two tabs of one editor: the stale save is refused with the other version shown, and nothing typed is lost.
 */
describe.skipIf(!chromiumAvailable)('the newsroom workflow in Chromium', () => {
  const site = useBrowserSite({ backgroundJobs: true });
  const SITE_TIME_ZONE = 'America/New_York';
  let imageFile: string;
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    // A site whose clock is not UTC, so the schedule's time is read in the site's zone.
    await site.t.app.services.settings.update({ timeZone: SITE_TIME_ZONE });
    imageFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-workflow-')), 'harbour-cranes.jpg');
    await sharp({ create: { width: 1000, height: 600, channels: 3, background: { r: 40, g: 96, b: 150 } } })
      .jpeg({ quality: 80 })
      .toFile(imageFile);
  });
  beforeEach(() => {
    problems.length = 0;
  });
  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    if (imageFile) fs.rmSync(path.dirname(imageFile), { recursive: true, force: true });
  });

  /** A page in `context` whose console errors and uncaught exceptions are collected (`expected` are let through). */
  async function watchedPage(context: BrowserContext, expected: RegExp[] = []): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !expected.some((pattern) => pattern.test(message.text()))) problems.push(`${page.url()}: ${message.text()}`);
    });
    return page;
  }

  /** A fresh browser profile signed in as `user` through the sign-in form. */
  async function signedIn(user: TestStaffUser): Promise<{ context: BrowserContext; page: Page }> {
    const context = await site.browser.newContext();
    contexts.push(context);
    const page = await watchedPage(context);
    await signInToNewsroom(page, site.base, user);
    return { context, page };
  }

  /** `at` as a datetime-local value (to the second) on the wall clock of `timeZone`. */
  function wallClock(at: Date, timeZone: string): string {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-GB', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      })
        .formatToParts(at)
        .map((part) => [part.type, part.value]),
    );
    return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
  }

  it('contributor writes with an image and submits; an editor schedules it; the scheduler publishes it unasked; readers see it', async () => {
    const { app } = site.t;
    const headline = 'Harbour cranes return after a decade';
    const standfirst = 'The port’s new cranes can unload twice as many containers an hour.';
    const alt = 'Three blue cranes over the container quay';
    const caption = 'The first of the new cranes at work on Monday';

    // 1. The contributor: the image into the media library, then the article around it, then submit.
    const contributor = await createStaffUser(app, 'contributor');
    const { page: writer } = await signedIn(contributor);
    await writer.click('nav.nr-nav a[href="/newsroom/media"]');
    await writer.setInputFiles('#media-file', imageFile);
    await writer.fill('#upload-alt', alt);
    await writer.click('form.nr-media-upload button[type="submit"]');
    await writer.waitForURL(/\/newsroom\/media\/\d+\?done=uploaded$/);

    await writer.click('nav.nr-nav a[href="/newsroom/articles"]');
    await writer.click('a[href="/newsroom/articles/new"]');
    await writer.fill('#title', headline);
    await writer.fill('#standfirst', standfirst);
    const sectionName = (await writer.locator('#primarySectionId option').nth(1).textContent())!.trim();
    await writer.selectOption('#primarySectionId', { label: sectionName });
    const prose = writer.locator('.ProseMirror');
    await prose.click();
    await writer.keyboard.type('For ten years the quay stood idle.');
    await writer.click('button[aria-label="Image from the media library"]');
    await writer.fill('dialog[open] #rte-media-q', 'blue cranes');
    await expect.poll(() => writer.textContent('dialog[open] .rte-media-status')).toBe('1 image');
    await writer.click('dialog[open] .rte-media-item');
    expect(await writer.inputValue('#rte-media-alt')).toBe(alt);
    await writer.fill('#rte-media-caption', caption);
    await writer.fill('#rte-media-credit', 'Photo: Port authority');
    await writer.click('.rte-media-insert');
    await prose.locator('figure.image img').waitFor();
    await writer.keyboard.type('Now the ships are coming back.');
    await writer.click('button[name="intent"][value="save"]');
    await writer.waitForURL(/\/newsroom\/articles\/\d+\/edit\?saved=1$/);
    const id = Number(/\/articles\/(\d+)\//.exec(writer.url())![1]);
    expect(await writer.textContent('.nr-notice:not(.nr-presence)')).toContain('Saved.');
    // A contributor may submit, never publish or schedule.
    expect(await writer.locator('button[name="intent"][value="submit"]').count()).toBe(1);
    expect(await writer.locator('button[name="intent"][value="publish"], button[name="intent"][value="schedule"], #schedule-at').count()).toBe(0);
    // Submitted, it is no longer theirs to edit: they are back at their own articles.
    await writer.click('button[name="intent"][value="submit"]');
    await writer.waitForURL(/\/newsroom\/articles\?mine=1&done=/);
    expect(await writer.textContent('.nr-notice:not(.nr-presence)')).toContain('Saved and submitted for review.');
    expect(await writer.locator('tr', { hasText: headline }).textContent()).toContain('Waiting for review');

    const submitted = (await app.services.editorial.find(id))!;
    expect(submitted.status).toBe('pending');
    expect(submitted.draft).toMatchObject({ title: headline, standfirst });
    expect(submitted.draft.body).toContain('For ten years the quay stood idle.');
    expect(submitted.draft.body).toMatch(/<figure class="image"><img src="\/media\/[^"]+" alt="Three blue cranes over the container quay"/);
    expect(submitted.draft.body).toContain('Now the ships are coming back.');

    // 2. The editor: the review queue, then a schedule a few seconds ahead, typed in the site's time zone.
    const editor = await createStaffUser(app, 'editor');
    const { context: editorContext, page: desk } = await signedIn(editor);
    await desk.click('nav.nr-nav a[href="/newsroom/articles"]');
    await desk.click('nav.nr-tabs a[href="/newsroom/articles?status=pending"]');
    await desk.click(`a[href="/newsroom/articles/${id}/edit"]`);
    expect(await desk.textContent('label[for="schedule-at"]')).toBe(`Publish at (${SITE_TIME_ZONE} time)`);
    const due = new Date(Date.now() + 8_000);
    due.setMilliseconds(0);
    await desk.fill('#schedule-at', wallClock(due, SITE_TIME_ZONE));
    await desk.click('button[name="intent"][value="schedule"]');
    await desk.waitForURL(`${site.base}/newsroom/articles/${id}/edit?saved=scheduled`);
    expect(await desk.textContent('.nr-notice:not(.nr-presence)')).toContain('Saved and scheduled.');
    expect(await app.services.editorial.find(id)).toMatchObject({ status: 'scheduled', publishedAt: due.toISOString() });
    // Signing out lands on the front page, which does not have it yet.
    await desk.click('.nr-account button[type="submit"]');
    await desk.waitForURL(`${site.base}/`);
    expect(await desk.locator('main a', { hasText: headline }).count()).toBe(0);
    await editorContext.close();

    // 3. Nobody asks the app for anything; its scheduler publishes the article when it falls due.
    let requests = 0;
    const countRequest = () => void requests++;
    app.server.on('request', countRequest);
    try {
      await expect.poll(async () => (await app.services.editorial.find(id))!.status, { timeout: 20_000, interval: 250 }).toBe('published');
    } finally {
      app.server.off('request', countRequest);
    }
    expect(requests).toBe(0);
    const runs = await site.t.database.db.selectFrom('publish_runs').selectAll().where('article_id', '=', id).execute();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ trigger: 'tick', scheduled_for: due.toISOString() });
    // On time: not before it was due, and within a tick or two after.
    expect(new Date(runs[0]!.ran_at).getTime()).toBeGreaterThanOrEqual(due.getTime());
    expect(runs[0]!.late_ms).toBeLessThan(10_000);
    const audit = await app.services.audit.list({ subjectType: 'article', subjectId: id });
    expect(audit[0]).toMatchObject({ action: 'article.scheduled_publish' });
    expect(audit[0]!.actorId).toBeNull();

    // 4. A reader: the front page lists it, and the article has its words and its image with alt text and srcset.
    const readerContext = await site.browser.newContext();
    contexts.push(readerContext);
    const reader = await watchedPage(readerContext);
    await reader.goto(`${site.base}/`);
    const link = reader.locator('main a', { hasText: headline });
    expect(await link.count()).toBeGreaterThan(0);
    await link.first().click();
    await reader.waitForURL(/\/\d{4}\/\d{2}\/\d{2}\/harbour-cranes-return-after-a-decade\/$/);
    expect(await reader.textContent('h1')).toBe(headline);
    expect(await reader.textContent('main')).toContain(standfirst);
    expect(await reader.textContent('main')).toContain('For ten years the quay stood idle.');
    expect(await reader.textContent('main')).toContain('Now the ships are coming back.');
    const image = reader.locator(`main figure.image img[alt="${alt}"]`);
    expect(await image.getAttribute('srcset')).toMatch(/^\/media\/\S+ 320w, \/media\/\S+ 640w, \/media\/\S+ 960w/);
    expect(await reader.textContent('main figure.image figcaption')).toContain(caption);
    // The browser really loaded a copy of the image.
    expect(await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

    expect(problems).toEqual([]);
  }, 60_000);

  it('refuses a stale save from a second tab, shows their version beside it and keeps what was typed', async () => {
    const { app } = site.t;
    // A demo story the other test leaves alone (it publishes the newest one).
    const article = (await app.services.editorial.list({ status: 'published' })).at(-1);
    const editUrl = `${site.base}/newsroom/articles/${article!.id}/edit`;
    const editor = await createStaffUser(app, 'editor');
    const { context, page: first } = await signedIn(editor);
    await first.goto(editUrl);
    // The second tab's save (and any autosave it starts) is answered 409, which Chromium logs as a failed load.
    const second = await watchedPage(context, [/^Failed to load resource: the server responded with a status of 409/]);
    await second.goto(editUrl);
    await second.locator('.ProseMirror').waitFor();

    // Someone else opening it is told that the editor has it open.
    const colleague = await createStaffUser(app, 'editor');
    const { page: theirs } = await signedIn(colleague);
    await theirs.goto(editUrl);
    expect(await theirs.textContent('.nr-presence')).toBe(`${editor.displayName} also has this article open.`);

    const typeAtEnd = async (page: Page, text: string) => {
      await page.locator('.ProseMirror').click();
      await page.keyboard.press('Control+End');
      await page.keyboard.type(text);
    };
    await typeAtEnd(first, ' Saved from the first tab.');
    await first.click('button[name="intent"][value="save"]');
    await first.waitForURL(`${editUrl}?saved=1`);

    await typeAtEnd(second, ' Typed in the second tab.');
    await second.click('button[name="intent"][value="save"]');
    await second.waitForURL(editUrl.replace(/\/edit$/, ''));
    expect(await second.textContent('.nr-notice-error')).toBe('Someone else saved this article since you opened it. The article was not saved.');
    // The body compared word by word: their words struck through (<del>), the second tab's underlined (<ins>).
    const bodyDiff = second.locator('.nr-conflict .nr-diff-text').last();
    const versionWithout = (tag: 'ins' | 'del') =>
      bodyDiff.evaluate((element, drop) => {
        const copy = element.cloneNode(true) as HTMLElement;
        copy.querySelectorAll(drop).forEach((node) => node.remove());
        return copy.textContent;
      }, tag);
    expect(await versionWithout('ins')).toContain('Saved from the first tab.');
    expect(await versionWithout('del')).toContain('Typed in the second tab.');
    // What the second tab typed is still in its editor, ready to be copied or saved again.
    await second.locator('.ProseMirror').waitFor();
    expect(await second.textContent('.ProseMirror')).toContain('Typed in the second tab.');
    expect(await second.textContent('.ProseMirror')).not.toContain('Saved from the first tab.');

    const stored = (await app.services.editorial.find(article!.id))!;
    expect(stored.draft.body).toContain('Saved from the first tab.');
    expect(stored.draft.body).not.toContain('Typed in the second tab.');
    expect(Number(await second.inputValue('input[name="version"]'))).toBe(stored.version);

    // The editor closes both tabs: their colleague's page stops naming them at its next look (here: coming back to
    // the tab), not a minute later.
    await first.close({ runBeforeUnload: true });
    await second.close({ runBeforeUnload: true });
    await expect
      .poll(async () =>
        (await site.t.database.db.selectFrom('article_editors').select('user_id').where('article_id', '=', article!.id).execute()).map((r) => r.user_id),
      )
      .toEqual([colleague.id]);
    await theirs.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await theirs.locator('.nr-presence').waitFor({ state: 'hidden' });

    expect(problems).toEqual([]);
  }, 60_000);
});
