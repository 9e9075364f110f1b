import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeArticle, makeDiscussion } from '../factories.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { chromiumAvailable, launchChromium } from '../helpers/browser.js';

/** Where the screenshots go (look at them after a change to the comments); SCREENSHOTS_DIR moves them. */
const SCREENSHOTS = process.env.SCREENSHOTS_DIR ?? os.tmpdir();

/** A long thread collapsed behind its link, read in Chromium with JavaScript off, at desktop and phone widths. */
describe.skipIf(!chromiumAvailable)('a collapsed comment thread in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let articlePath: string;
  let ids: number[];

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    const id = await makeArticle(t.app.services, { title: 'The harbour bridge reopens' });
    articlePath = (await t.app.services.articles.findPublishedById(id))!.path;
    // A thread with a reply chain of three and twelve more replies, then two short threads.
    ids = await makeDiscussion(t.database.db, id, [
      {},
      { parent: 0 },
      { parent: 1 },
      { parent: 2 },
      ...Array.from({ length: 12 }, (_, i) => ({ parent: i % 2 ? 0 : 1 })),
      {},
      { parent: 16 },
      {},
    ]);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the first replies and a link to the rest, which works without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}${articlePath}#comments`);
    const more = page.locator('.comment-more a');
    expect(await more.textContent()).toBe('Show 12 more replies');
    expect(await page.locator(`#comment-${ids[4]}`).count()).toBe(0);
    await page.locator('#comments').screenshot({ path: path.join(SCREENSHOTS, 'comment-thread-collapsed-1280.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('#comments').screenshot({ path: path.join(SCREENSHOTS, 'comment-thread-collapsed-390.png') });

    await more.click();
    await page.waitForURL(`${base}${articlePath}?thread=${ids[0]}#comment-${ids[0]}`);
    expect(await page.locator(`#comment-${ids[15]}`).isVisible()).toBe(true);
    expect(await page.locator(`#comment-${ids[16]}`).count()).toBe(0);
    await page.locator('#comments').screenshot({ path: path.join(SCREENSHOTS, 'comment-thread-expanded-390.png') });
    await page.click('text=← All comments');
    expect(await page.locator(`#comment-${ids[16]}`).isVisible()).toBe(true);
    await context.close();
  });
});
