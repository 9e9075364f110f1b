import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sanitizeArticleBody } from '../../src/news/articles/body-sanitizer.js';
import { editorBundleBuilt, type Harness, HARNESS_CSRF, type HarnessOptions, startEditorHarness } from '../../src/newsroom/editor/harness.js';
import { chromiumAvailable, launchChromium } from '../helpers/browser.js';

/**
 * The article editor bundle (build/newsroom/editor.js, built by `pretest`) on its standalone harness page
 * (src/newsroom/editor/harness.ts), so it does not depend on the edit page: formatting reaches the textarea as
 * HTML the server's allowlist keeps, the toolbar works from the keyboard, counts update, autosave posts JSON.
 */
const ready = chromiumAvailable && editorBundleBuilt();
if (chromiumAvailable && !editorBundleBuilt()) console.log('[dateline] Editor browser tests are SKIPPED: run npm run build:editor.');

describe.skipIf(!ready)('article editor in Chromium', () => {
  let browser: Browser;
  let harness: Harness | undefined;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
    expect(problems).toEqual([]);
    problems.length = 0;
  });

  async function open(options: HarnessOptions = {}): Promise<Page> {
    harness = await startEditorHarness(options);
    const page = await browser.newPage();
    page.on('pageerror', (error) => problems.push(String(error)));
    page.on('console', (message) => {
      // The 404/409 answers the tests ask for are logged by Chromium as failed resource loads; those are expected.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text());
    });
    await page.goto(harness.url);
    await page.waitForSelector('textarea[data-rich-editor-ready="true"]', { state: 'attached' });
    return page;
  }

  const textareaValue = (page: Page) => page.$eval('#body', (el) => (el as HTMLTextAreaElement).value);

  it('hides the textarea and writes bold text and a link into it as allowlisted HTML', async () => {
    const page = await open();
    expect(await page.isHidden('#body')).toBe(true);
    await page.click('.rte-content');
    await page.keyboard.type('Hello ');
    await page.keyboard.press('Control+B');
    await page.keyboard.type('bold');
    await page.keyboard.press('Control+B');
    await page.keyboard.type(' and ');
    page.once('dialog', (dialog) => void dialog.accept('https://example.com/story'));
    await page.keyboard.press('Control+K');
    await page.keyboard.type(' the end.');
    await expect.poll(() => textareaValue(page)).toContain('the end.');
    const html = await textareaValue(page);
    expect(html).toBe('<p>Hello <strong>bold</strong> and <a href="https://example.com/story">https://example.com/story</a> the end.</p>');
    expect(sanitizeArticleBody(html)).toBe(html);

    // A javascript: link is refused.
    await page.keyboard.press('Shift+Home');
    let alerted = '';
    const dialogs = new Promise<void>((resolve) => {
      const handler = (dialog: import('playwright-core').Dialog) => {
        if (dialog.type() === 'prompt') return void dialog.accept('javascript:alert(1)');
        alerted = dialog.message();
        page.off('dialog', handler);
        void dialog.accept().then(resolve);
      };
      page.on('dialog', handler);
    });
    await page.keyboard.press('Control+K');
    await dialogs;
    expect(alerted).toContain('http://');
    expect(await textareaValue(page)).not.toContain('javascript:');
    await page.close();
  });

  it('is operable from the keyboard: Alt+F10 reaches the toolbar, arrows move, Enter and Space press', async () => {
    const page = await open();
    await page.click('.rte-content');
    await page.keyboard.type('A heading');
    await page.keyboard.press('Alt+F10');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Paragraph');
    expect(await page.$$eval('.rte-toolbar button[tabindex="0"]', (els) => els.length)).toBe(1);
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toBe('Heading 2');
    await page.keyboard.press('End');
    expect(await focused()).toBe('Redo');
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toBe('Paragraph');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Home');
    expect(await focused()).toBe('Paragraph');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getAttribute('button[aria-label="Heading 2"]', 'aria-pressed')).toBe('true');
    expect(await page.getAttribute('button[aria-label="Paragraph"]', 'aria-pressed')).toBe('false');
    // A command returns focus to the text; Alt+F10 comes back to the button last used, Space presses it.
    // TipTap hands focus back in a later frame, so wait for it rather than read it at once.
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('rte-content'))).toBe(true);
    await page.keyboard.press('Alt+F10');
    expect(await focused()).toBe('Heading 2');
    await page.keyboard.press(' ');
    await expect.poll(() => page.getAttribute('button[aria-label="Heading 2"]', 'aria-pressed')).toBe('false');
    await expect.poll(() => textareaValue(page)).toBe('<p>A heading</p>');
    // Every button has a name.
    const unnamed = await page.$$eval('.rte-toolbar button', (els) => els.filter((el) => !el.getAttribute('aria-label')).length);
    expect(unnamed).toBe(0);
    await page.close();
  });

  it('shows a live word count and reading time, and derives the slug from the headline', async () => {
    const page = await open({ words: 460 });
    expect(await page.getAttribute('.rte-stats', 'aria-live')).toBe('polite');
    expect(await page.textContent('.rte-stats')).toMatch(/^4\d\d words · 2 min read$/);
    const before = Number((await page.textContent('.rte-stats'))!.split(' ')[0]);
    await page.click('.rte-content');
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' one two three');
    await expect.poll(() => page.textContent('.rte-stats')).toMatch(new RegExp(`^${before + 3} words`));

    await page.fill('#title', 'Nicolás’s bridge: “It will open in 2027”');
    expect(await page.inputValue('#slug')).toBe('nicolass-bridge-it-will-open-in-2027');
    await page.fill('#slug', 'my-own-slug');
    await page.fill('#title', 'Another headline');
    expect(await page.inputValue('#slug')).toBe('my-own-slug');
    await page.close();
  });

  it('autosaves JSON with the version and the CSRF header, then moves to the new version', async () => {
    const page = await open();
    await page.click('.rte-content');
    await page.keyboard.type('Autosaved words');
    await page.fill('#title', 'A headline');
    await expect.poll(() => harness!.autosaves.length, { timeout: 8000, interval: 200 }).toBe(1);
    const saved = harness!.autosaves[0]!;
    expect(saved.headers['x-csrf-token']).toBe(HARNESS_CSRF);
    expect(saved.headers['content-type']).toBe('application/json');
    expect(saved.json).toMatchObject({ version: 3, title: 'A headline', standfirst: 'A standfirst', body: '<p>Autosaved words</p>' });
    expect(saved.json).not.toHaveProperty('_csrf');
    await expect.poll(() => page.textContent('.rte-save-status')).toMatch(/^Saved at \d\d:\d\d$/);
    expect(await page.getAttribute('#article-form', 'data-version')).toBe('4');
    expect(await page.inputValue('input[name="version"]')).toBe('4');
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('dateline:draft:')))).toEqual([]);
    await page.close();
  });

  it('on a 409 says why, links to reload and keeps the text in localStorage', async () => {
    const page = await open({ autosave: () => ({ status: 409, body: { message: 'Ana Reyes saved a newer version', theirs: {} } }) });
    await page.click('.rte-content');
    await page.keyboard.type('Words that must not be lost');
    await expect.poll(() => page.textContent('.rte-save-status'), { timeout: 8000, interval: 200 }).toContain('Not saved: Ana Reyes saved a newer version');
    expect(await page.textContent('.rte-save-status a')).toBe('Reload the article');
    const copy = await page.evaluate(() => localStorage.getItem('dateline:draft:7:v3'));
    expect(JSON.parse(copy!).fields.body).toBe('<p>Words that must not be lost</p>');
    await page.close();
  });

  it('inserts an image from the media library with caption and credit, and an embed as a link card', async () => {
    const page = await open();
    await page.click('.rte-content');
    await page.keyboard.type('Intro.');
    await page.click('button[aria-label="Image from the media library"]');
    await page.waitForSelector('dialog[open] .rte-media-item');
    await page.click('.rte-media-item');
    await page.fill('#rte-media-credit', 'Photo: A. Reyes');
    await page.click('.rte-media-insert');
    await page.waitForSelector('.rte-content figure.image');
    page.once('dialog', (dialog) => void dialog.accept('https://www.example.org/video/123'));
    await page.click('button[aria-label="Embed a link card"]');
    await expect.poll(() => textareaValue(page)).toContain('figure class="embed"');
    const html = await textareaValue(page);
    expect(html).toContain('<figure class="image"><img src="data:image/svg+xml');
    expect(html).toContain('alt="The old bridge at dusk" width="400" height="300">');
    expect(html).toContain('<figcaption>The old bridge carries twice the traffic it did ten years ago. <small>Photo: A. Reyes</small></figcaption></figure>');
    expect(html).toContain(
      '<figure class="embed"><p><a href="https://www.example.org/video/123">https://www.example.org/video/123</a></p><figcaption>example.org</figcaption></figure>',
    );
    expect(await page.$$('iframe, script[src*="example"]')).toEqual([]);
    // The allowlist keeps all of it (with an http(s) image: data: images are not stored).
    const stored = sanitizeArticleBody(html.replace(/src="data:[^"]*"/, 'src="https://example.com/a.jpg"'));
    expect(stored).toContain('<figcaption>The old bridge carries twice the traffic it did ten years ago. <small>Photo: A. Reyes</small></figcaption>');
    expect(stored).toContain('<figure class="image"><img src="https://example.com/a.jpg" alt="The old bridge at dusk" width="400" height="300" />');
    expect(stored).toContain('<figure class="embed"><p><a href="https://www.example.org/video/123">');
    await page.close();
  });

  it('says so when the media library is not available', async () => {
    const page = await open({ media: false });
    await page.click('.rte-content');
    await page.click('button[aria-label="Image from the media library"]');
    await expect.poll(() => page.textContent('dialog[open] .rte-media-status')).toBe('The media library is not available');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.$('dialog')).toBeNull();
    await page.close();
  });

  it('posts the HTML with a plain form submit', async () => {
    const page = await open({ words: 50 });
    await page.click('.rte-content');
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Last words.');
    const posted = page.waitForRequest((request) => request.method() === 'POST' && request.url().endsWith('/newsroom/articles/7'));
    await page.click('button[value="save"]');
    const body = new URLSearchParams((await posted).postData() ?? '');
    expect(body.get('body')).toMatch(/Last words\.<\/p>$/);
    expect(body.get('_csrf')).toBe(HARNESS_CSRF);
    expect(body.get('intent')).toBe('save');
    await page.close();
  });

  it('posts the text with the button pressed (publish), after waiting for an autosave still on its way', async () => {
    const page = await open({ autosaveDelayMs: 1500 });
    await page.click('.rte-content');
    await page.keyboard.type('Typed before publishing');
    await expect.poll(() => harness!.autosaves.length, { timeout: 8000, interval: 100 }).toBe(1);
    // The autosave has reached the server, which holds its answer: publish now.
    await page.keyboard.type(', and a few more words.');
    await page.click('button[value="publish"]');
    await expect.poll(() => harness!.posts.length, { timeout: 8000, interval: 100 }).toBe(1);
    const post = harness!.posts[0]!;
    expect(post.get('intent')).toBe('publish');
    // The version the autosave produced, not the one the page was opened at: the server would refuse that one.
    expect(post.get('version')).toBe('4');
    expect(post.get('body')).toBe('<p>Typed before publishing, and a few more words.</p>');
    expect(harness!.autosaves).toHaveLength(1);
    await page.close();
  });
});
