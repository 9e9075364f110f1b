import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../helpers/browser.js';
import { signInToNewsroom, useBrowserSite, pageProblems } from '../helpers/browser-site.js';
import { createStaffUser } from '../helpers/staff.js';

/** The real edit page loads the rich editor under the site's CSP, and a save goes through. */
describe.skipIf(!chromiumAvailable)('the article edit page in Chromium', () => {
  const site = useBrowserSite();

  it('signs in, opens an article in the rich editor and saves a change', async () => {
    const editor = await createStaffUser(site.t.app, 'editor');
    const page = await site.browser.newPage();
    const problems = pageProblems(page);
    await signInToNewsroom(page, site.base, editor);
    await page.goto(`${site.base}/newsroom/articles/1/edit`);
    const prose = page.locator('.ProseMirror');
    await prose.waitFor();
    await prose.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Added in the editor.');
    await page.locator('#article-form button[type="submit"]').first().click();
    await page.waitForLoadState('load');
    const article = await site.t.app.services.articles.findPublishedById(1);
    expect(article!.body).toContain('Added in the editor.');
    expect(problems).toEqual([]);
  }, 60_000);

  it('publishes a draft with the edits just typed in the rich editor, in one click', async () => {
    const { services } = site.t.app;
    const [section] = await services.taxonomy.sectionTree();
    const id = await services.articles.create({
      title: 'A draft to publish',
      standfirst: 'Ready to go.',
      body: '<p>First words.</p>',
      primarySectionId: section!.id,
    });
    const editor = await createStaffUser(site.t.app, 'editor');
    const page = await site.browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await signInToNewsroom(page, site.base, editor);
    await page.goto(`${site.base}/newsroom/articles/${id}/edit`);
    const prose = page.locator('.ProseMirror');
    await prose.waitFor();
    await prose.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Typed right before publishing.');
    await page.fill('#title', 'A draft, published');
    await page.click('button[name="intent"][value="publish"]');
    await page.waitForURL(`${site.base}/newsroom/articles/${id}/edit?saved=published`);
    expect(await page.textContent('.nr-notice:not(.nr-presence)')).toContain('Saved and published.');
    const article = await services.articles.findPublishedById(id);
    expect(article).toMatchObject({ title: 'A draft, published' });
    expect(article!.body).toContain('Typed right before publishing.');
    expect(problems).toEqual([]);
  }, 60_000);
});
