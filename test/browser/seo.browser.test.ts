import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../helpers/browser.js';
import { useBrowserSite } from '../helpers/browser-site.js';

/**
 * Structured data and feed links in real Chromium: the JSON-LD blocks are inline but never executed, so the CSP
 * (script-src 'self', no 'unsafe-inline') must report nothing.
 */
describe.skipIf(!chromiumAvailable)('metadata in Chromium under the CSP', () => {
  const site = useBrowserSite();

  it('reads the JSON-LD of the front page, an article and a section with no CSP violation or console error', async () => {
    const context = await site.browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        ((window as unknown as { violations: string[] }).violations ??= []).push(`${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    const read = () =>
      page.evaluate(() => ({
        types: Array.from(document.querySelectorAll('script[type="application/ld+json"]')).map(
          (node) => (JSON.parse(node.textContent ?? '') as { '@type': string })['@type'],
        ),
        feeds: document.querySelectorAll('link[rel="alternate"]').length,
        violations: (window as unknown as { violations?: string[] }).violations ?? [],
      }));

    await page.goto(`${site.base}/`);
    expect(await read()).toEqual({ types: ['WebSite', 'Organization'], feeds: 3, violations: [] });
    const article = await page.locator('section[aria-label="Lead story"] h2 a').getAttribute('href');
    await page.goto(site.base + article!);
    expect(await read()).toEqual({ types: ['NewsArticle', 'BreadcrumbList'], feeds: 6, violations: [] });
    await page.goto(`${site.base}/section/americas/`);
    expect(await read()).toEqual({ types: ['BreadcrumbList'], feeds: 6, violations: [] });
    expect(problems).toEqual([]);
    await context.close();
  });
});
