import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../helpers/browser.js';
import { useBrowserSite } from '../helpers/browser-site.js';

/** A reader in real Chromium: front page -> article -> section, with no console errors and no horizontal scroll. */
describe.skipIf(!chromiumAvailable)('reading the site in Chromium', () => {
  const site = useBrowserSite();

  async function openPage(width = 1280, javaScriptEnabled = true): Promise<{ page: Page; problems: string[] }> {
    const context = await site.browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
    });
    return { page, problems };
  }

  it('opens the front page and an article, then follows the section label', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${site.base}/`);
    await expect(page.title()).resolves.toBe('Dateline');
    const lead = page.locator('section[aria-label="Lead story"] h2 a');
    const headline = (await lead.textContent())!;
    await lead.click();
    await page.waitForURL(/\/\d{4}\/\d{2}\/\d{2}\/[a-z0-9-]+\/$/);
    await expect(page.locator('h1').textContent()).resolves.toBe(headline);
    await expect(page.locator('#comments').isVisible()).resolves.toBe(true);

    const kicker = page.locator('.story-header .kicker a');
    const sectionName = (await kicker.textContent())!;
    await kicker.click();
    await page.waitForURL(/\/section\/[a-z0-9-]+\/$/);
    await expect(page.locator('h1').textContent()).resolves.toBe(sectionName);
    await expect(page.locator('.archive-list article').count()).resolves.toBeGreaterThan(0);

    // Every image declares its size, so nothing shifts as images arrive (broken ones show up as 4xx in problems).
    const unsized = await page.locator('img:not([width][height])').count();
    expect(unsized).toBe(0);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('fits a 320 px screen without horizontal scrolling, with JavaScript off', async () => {
    const { page, problems } = await openPage(320, false);
    for (const path of ['/', '/section/world/', '/search?q=bitcoin']) {
      await page.goto(site.base + path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    const article = await page.goto(`${site.base}/`).then(() => page.locator('section[aria-label="Lead story"] h2 a').getAttribute('href'));
    await page.goto(site.base + article!);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('lets a keyboard user skip to the content', async () => {
    const { page } = await openPage();
    await page.goto(`${site.base}/`);
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Skip to content');
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main');
    await page.context().close();
  });
});
