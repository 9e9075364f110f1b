import os from 'node:os';
import path from 'node:path';
import { expect, it, describe } from 'vitest';
import { makeArticle } from '../factories.js';
import { chromiumAvailable } from '../helpers/browser.js';
import { pageProblems, signInToNewsroom, useBrowserSite } from '../helpers/browser-site.js';
import { createStaffUser } from '../helpers/staff.js';

/** Where the screenshots go (look at them after a change to the screens); SCREENSHOTS_DIR moves them. */
const SCREENSHOTS = process.env.SCREENSHOTS_DIR ?? os.tmpdir();

/** The articles list and the moderation queue paged by their "next" links, at desktop and phone widths. */
describe.skipIf(!chromiumAvailable)('newsroom lists in Chromium', () => {
  const site = useBrowserSite();

  it('follows the articles list and the queue to their second pages and back to the first', async () => {
    const { app, database } = site.t;
    const article = await makeArticle(app.services, { title: 'A busy story' });
    for (let n = 0; n < 104; n++) await makeArticle(app.services, { title: `Archive story ${n}`, publishedAt: n % 3 ? undefined : null });
    const at = (n: number) => new Date(Date.UTC(2026, 0, 1, 10, n)).toISOString();
    await database.db
      .insertInto('comments')
      .values(
        Array.from({ length: 60 }, (_, n) => ({
          article_id: article,
          parent_id: null,
          status: 'pending' as const,
          body: `Reader comment number ${n}, waiting for a moderator.`,
          body_html: `<p>Reader comment number ${n}, waiting for a moderator.</p>`,
          author_name: `Reader ${n}`,
          author_email: `reader${n}@example.test`,
          user_id: null,
          is_staff: false,
          notify_replies: false,
          spam_score: null,
          reasons: '[]',
          edited_at: null,
          created_at: at(n),
          updated_at: at(n),
          status_changed_at: at(n),
        })),
      )
      .execute();
    const editor = await createStaffUser(app, 'editor');
    const page = await site.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = pageProblems(page);
    await signInToNewsroom(page, site.base, editor);

    /** At both widths; `pager`: scrolled to the page links. */
    const shoot = async (name: string, pager = false) => {
      const scroll = () => (pager ? page.locator('nav.nr-pager').scrollIntoViewIfNeeded() : Promise.resolve());
      await scroll();
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-1280.png`), fullPage: false });
      await page.setViewportSize({ width: 390, height: 844 });
      await scroll();
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-390.png`), fullPage: false });
      await page.setViewportSize({ width: 1280, height: 900 });
    };

    const rows = () => page.locator('table.nr-table tbody tr a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    await page.goto(`${site.base}/newsroom/articles`);
    const first = await rows();
    expect(first).toHaveLength(100);
    await shoot('newsroom-articles');
    await page.click('a[rel="next"]');
    expect(page.url()).toContain('after=');
    const second = await rows();
    // The rest of the live articles (the demo's among them), none of them again.
    const total = Number(await page.locator('nav.nr-tabs a >> nth=0 >> .nr-count').textContent());
    expect(second).toHaveLength(total - 100);
    expect(second.filter((href) => first.includes(href))).toEqual([]);
    await shoot('newsroom-articles-page-2', true);
    await page.click('nav.nr-pager >> text=First page');
    expect(await page.locator('table.nr-table tbody tr').count()).toBe(100);

    await page.goto(`${site.base}/newsroom/comments`);
    expect(await page.locator('ol.nr-comments > li').count()).toBe(50);
    await shoot('newsroom-comments');
    await page.click('a[rel="next"]');
    expect(await page.locator('ol.nr-comments > li').count()).toBe(10);
    await shoot('newsroom-comments-page-2', true);
    expect(problems).toEqual([]);
  }, 120_000);
});
