import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../helpers/browser.js';
import { useBrowserSite, pageProblems } from '../helpers/browser-site.js';
import { createStaffUser } from '../helpers/staff.js';

/** The site's preview of an unpublished article, reached from the edit page, with its banner styled under the CSP. */
describe.skipIf(!chromiumAvailable)('the article preview in Chromium', () => {
  const site = useBrowserSite();

  it('signs in from the preview address, comes back to it, and shows the banner styled by the stylesheet', async () => {
    const { services } = site.t.app;
    const id = await services.articles.create({ title: 'A draft to look at', standfirst: 'Not out yet.', body: '<p>Words nobody has read.</p>' });
    const editor = await createStaffUser(site.t.app, 'editor');
    const page = await site.browser.newPage();
    const problems = pageProblems(page);

    await page.goto(`${site.base}/preview/articles/${id}`);
    expect(new URL(page.url()).pathname).toBe('/newsroom/login');
    await page.fill('#login-email', editor.email);
    await page.fill('#login-password', editor.password);
    await page.click('button[type="submit"]');
    await page.waitForURL(`${site.base}/preview/articles/${id}`);

    const banner = page.locator('.preview-banner');
    expect(await banner.textContent()).toBe('Preview (draft) – not what readers see until it is published. Back to editing');
    const style = await banner.evaluate((el) => {
      const s = getComputedStyle(el);
      return { background: s.backgroundColor, weight: s.fontWeight, align: s.textAlign };
    });
    expect(style).toEqual({ background: 'rgb(253, 230, 138)', weight: '600', align: 'center' });
    expect(await page.textContent('h1.story-title')).toBe('A draft to look at');

    await banner.locator('a').click();
    await page.waitForURL(`${site.base}/newsroom/articles/${id}/edit`);
    await page.click(`a[href="/preview/articles/${id}"]`);
    await page.waitForURL(`${site.base}/preview/articles/${id}`);
    // No CSP refusal (an inline style would be reported here) and no script error.
    expect(problems).toEqual([]);
  }, 60_000);
});
