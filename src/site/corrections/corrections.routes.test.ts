import { parseFeed } from '@rowanmanning/feed-parser';
import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeArticle } from '../../../test/factories.js';
import { TEST_SITE_URL as SITE, createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { ManualClock } from '../../../test/helpers/clock.js';
import { describeEachDialect } from '../../../test/helpers/database.js';
import { createStaffUser, loginAs, postForm } from '../../../test/helpers/staff.js';
import type { ArticleEventPayload } from '../../news/events.js';

const validator = new HtmlValidate({ extends: ['html-validate:standard'], rules: { 'long-title': 'off' } });
async function expectValidHtml(html: string) {
  const report = await validator.validateString(html);
  const messages = report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message} (line ${m.line})`));
  expect(messages).toEqual([]);
}

describeEachDialect('corrections', (dialect) => {
  let t: TestApp;
  const clock = new ManualClock('2026-03-10T12:00:00.000Z');
  let storyId: number;
  let otherId: number;
  let draftId: number;
  let storyPath: string;
  let editorCookie: string;
  let editorId: number;
  const updated: ArticleEventPayload[] = [];

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock });
    const services = t.app.services;
    storyId = await makeArticle(services, { title: 'Copper output falls', publishedAt: '2026-03-01T09:00:00.000Z' });
    otherId = await makeArticle(services, { title: 'Rates hold', publishedAt: '2026-03-02T09:00:00.000Z' });
    draftId = await makeArticle(services, { title: 'Still a draft', publishedAt: null });
    storyPath = (await services.articles.findPublishedById(storyId))!.path;
    const editor = await createStaffUser(t.app, 'editor', { displayName: 'Edna Editor' });
    editorId = editor.id;
    editorCookie = await loginAs(t.app, editor.email, editor.password);
    services.events.on('article.updated', (payload) => void updated.push(payload));
  });
  afterAll(async () => t.close());

  const get = (url: string, cookie?: string) => t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });

  it('lets an editor append a correction from the newsroom form: audited, article.updated, the article marked changed', async () => {
    const form = await get(`/newsroom/articles/${storyId}/corrections`, editorCookie);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('No corrections yet.');
    expect(form.body).toContain('<label for="correction-body">Correction</label>');
    await expectValidHtml(form.body);

    clock.advance(60_000);
    const res = await postForm(t.app, `/newsroom/articles/${storyId}/corrections`, editorCookie, {
      body: 'An earlier version said output fell 40%. It fell 4%.\r\n\r\nWe also misspelt <Codelco>.',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/newsroom/articles/${storyId}/corrections?done=added`);
    const after = await get(res.headers.location as string, editorCookie);
    expect(after.body).toContain('The correction was added.');
    expect(after.body).toContain('2026-03-10 12:01:00 UTC');
    expect(after.body).toContain('by Edna Editor');
    expect(after.body).toContain('<p>We also misspelt &lt;Codelco>.</p>');
    await expectValidHtml(after.body);

    const audit = await t.app.services.audit.list({ action: 'article.correction_added' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: editorId, subjectType: 'article', subjectId: String(storyId) });
    expect(updated).toEqual([{ articleId: storyId, slug: 'copper-output-falls', actorId: editorId }]);
    expect((await t.app.services.articles.findPublishedById(storyId))!.updatedAt).toBe('2026-03-10T12:01:00.000Z');
  });

  it('refuses an empty correction with the form again (422), a missing CSRF token, and anyone below editor', async () => {
    const empty = await postForm(t.app, `/newsroom/articles/${storyId}/corrections`, editorCookie, { body: '   ' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Write the correction');
    expect(empty.body).toContain('aria-invalid="true"');
    await expectValidHtml(empty.body);

    const noCsrf = await t.app.inject({
      method: 'POST',
      url: `/newsroom/articles/${storyId}/corrections`,
      headers: { cookie: editorCookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'body=sneaky',
    });
    expect(noCsrf.statusCode).toBe(403);

    const author = await createStaffUser(t.app, 'author');
    const authorCookie = await loginAs(t.app, author.email, author.password);
    expect((await get(`/newsroom/articles/${storyId}/corrections`, authorCookie)).statusCode).toBe(403);
    expect((await postForm(t.app, `/newsroom/articles/${storyId}/corrections`, authorCookie, { body: 'Nope' })).statusCode).toBe(403);
    expect((await get(`/newsroom/articles/${storyId}/corrections`)).statusCode).toBe(303);
    expect((await get('/newsroom/articles/999999/corrections', editorCookie)).statusCode).toBe(404);
    expect(await t.app.services.corrections.forArticle(storyId)).toHaveLength(1);
  });

  it('shows corrections at the foot of the article, dated and escaped, before the comments', async () => {
    const res = await get(storyPath);
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('<section class="story-corrections" aria-labelledby="corrections-heading">');
    expect(html).toContain('<p>An earlier version said output fell 40%. It fell 4%.</p><p>We also misspelt &lt;Codelco>.</p>');
    expect(html.indexOf('id="corrections-heading"')).toBeLessThan(html.indexOf('id="comments"'));
    expect(html).toContain('datetime="2026-03-10T12:01:00.000Z"');
    await expectValidHtml(html);
    expect((await get((await t.app.services.articles.findPublishedById(otherId))!.path)).body).not.toContain('corrections-heading');
  });

  it('lists every correction to published stories on /corrections/, newest first, paged, with feed autodiscovery', async () => {
    const services = t.app.services;
    clock.advance(60_000);
    await services.corrections.add(otherId, 'The rate is 4.5%, not 5.4%.', { userId: editorId });
    await services.corrections.add(draftId, 'Not public yet.', { userId: editorId });
    for (let i = 0; i < 20; i++) {
      clock.advance(1_000);
      await services.corrections.add(otherId, `Filler correction ${i}.`, { userId: editorId });
    }
    const res = await get('/corrections/');
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('<h1 id="corrections-title">Corrections</h1>');
    expect(html).toContain(`<link rel="alternate" type="application/rss+xml" title="Corrections – Dateline (RSS)" href="${SITE}/corrections/feed/"/>`);
    expect(html).toContain(`href="${SITE}/corrections/feed/atom/"`);
    expect(html).toContain(`href="${SITE}/corrections/feed/json/"`);
    expect(html).not.toContain('Not public yet.');
    expect(html.indexOf('Filler correction 19.')).toBeLessThan(html.indexOf('Filler correction 18.'));
    expect(html).toContain('href="/corrections/page/2/"');
    await expectValidHtml(html);

    const page2 = await get('/corrections/page/2/');
    expect(page2.statusCode).toBe(200);
    expect(page2.body).toContain('The rate is 4.5%, not 5.4%.');
    expect(page2.body).toMatch(new RegExp(`<a href="${storyPath}#correction-\\d+">Copper output falls</a>`));
    await expectValidHtml(page2.body);
    expect((await get('/corrections/page/3/')).statusCode).toBe(404);
  });

  it('publishes the corrections feed as RSS, Atom and JSON Feed that a feed reader parses', async () => {
    for (const [url, type] of [
      ['/corrections/feed/', 'rss'],
      ['/corrections/feed/atom/', 'atom'],
      ['/corrections/feed/json/', 'json'],
    ] as const) {
      const res = await get(url);
      expect(res.statusCode).toBe(200);
      if (type === 'json') {
        const json = JSON.parse(res.body) as { title: string; items: { id: string; url: string; title: string; content_html: string }[] };
        expect(json.title).toBe('Corrections – Dateline');
        expect(json.items).toHaveLength(20);
        expect(json.items[0]!.title).toBe('Correction: Rates hold');
        expect(json.items[0]!.id).toMatch(new RegExp(`^${SITE}/\\?p=${otherId}#correction-\\d+$`));
        continue;
      }
      const feed = parseFeed(res.body);
      expect(feed.meta.type).toBe(type);
      expect(feed.title).toBe('Corrections – Dateline');
      expect(feed.items).toHaveLength(20);
      const first = feed.items[0]!;
      expect(first.title).toBe('Correction: Rates hold');
      expect(first.content).toBe('<p>Filler correction 19.</p>');
      expect(first.url).toMatch(/^http:\/\/news\.test\/2026\/03\/02\/rates-hold\/#correction-\d+$/);
      expect(feed.items.some((item) => item.content?.includes('Not public'))).toBe(false);
    }
  });
});
