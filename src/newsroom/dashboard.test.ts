import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeArticle } from '../../test/factories.js';
import { createTestApp, type TestApp } from '../../test/helpers/app.js';
import { ManualClock } from '../../test/helpers/clock.js';
import { describeEachDialect } from '../../test/helpers/database.js';
import { createStaffUser, loginAs } from '../../test/helpers/staff.js';

const validator = new HtmlValidate({ extends: ['html-validate:standard'], rules: { 'long-title': 'off' } });
async function expectValidHtml(html: string) {
  const report = await validator.validateString(html);
  const messages = report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message} (line ${m.line})`));
  expect(messages).toEqual([]);
}

describeEachDialect('newsroom dashboard', (dialect) => {
  let t: TestApp;
  const clock = new ManualClock('2026-03-10T12:00:00.000Z');
  let ids: { late: number; upcoming: number };

  async function addComment(articleId: number, createdAt: string, status: 'pending' | 'approved' | 'spam') {
    await t.database.db
      .insertInto('comments')
      .values({
        article_id: articleId,
        parent_id: null,
        status,
        body: 'Hello',
        body_html: '<p>Hello</p>',
        author_name: 'Reader',
        author_email: 'reader@example.test',
        user_id: null,
        is_staff: false,
        notify_replies: false,
        spam_score: null,
        reasons: '[]',
        created_at: createdAt,
        updated_at: createdAt,
        edited_at: null,
        status_changed_at: createdAt,
      })
      .execute();
  }

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock });
    const services = t.app.services;
    await services.settings.update({ timeZone: 'America/New_York' });
    // 2026-03-10 12:00 UTC is 08:00 in New York (EDT since 8 March).
    const story = await makeArticle(services, { publishedAt: '2026-03-10T03:00:00.000Z' }); // 9 March, 23:00 local
    await makeArticle(services, { publishedAt: '2026-03-10T05:00:00.000Z' }); // 10 March, 01:00 local
    await makeArticle(services, { publishedAt: '2026-01-01T00:00:00.000Z' }); // outside the 30 days
    await makeArticle(services, { publishedAt: null });
    await makeArticle(services, { publishedAt: null });
    const pending = await makeArticle(services, { publishedAt: null });
    await t.database.db.updateTable('articles').set({ status: 'pending' }).where('id', '=', pending).execute();
    const late = await makeArticle(services, { title: 'Overdue <story>', publishedAt: null });
    await services.articles.schedule(late, '2026-03-10T09:30:00.000Z');
    const upcoming = await makeArticle(services, { title: 'Tomorrow’s budget', publishedAt: null });
    await services.articles.schedule(upcoming, '2026-03-11T14:15:00.000Z');
    await t.app.scheduler.tick('start');
    await addComment(story, '2026-03-10T06:00:00.000Z', 'pending');
    await addComment(story, '2026-03-10T07:00:00.000Z', 'approved');
    await addComment(story, '2026-03-10T07:30:00.000Z', 'spam');
    await addComment(story, '2026-03-02T07:00:00.000Z', 'approved');
    ids = { late, upcoming };
  });
  afterAll(async () => t.close());

  it('counts work waiting, lists the schedule and late runs, and counts articles and comments per local day', async () => {
    const overview = await t.app.services.dashboard.overview();
    expect([overview.drafts, overview.pending, overview.scheduled]).toEqual([2, 1, 1]);
    expect(overview.upcoming).toEqual([{ articleId: ids.upcoming, title: 'Tomorrow’s budget', scheduledFor: '2026-03-11T14:15:00.000Z' }]);
    expect(overview.lateRuns).toEqual([
      {
        articleId: ids.late,
        title: 'Overdue <story>',
        scheduledFor: '2026-03-10T09:30:00.000Z',
        ranAt: '2026-03-10T12:00:00.000Z',
        lateMs: 9_000_000,
        trigger: 'start',
      },
    ]);
    expect(overview.perDay).toHaveLength(30);
    expect(overview.perDay[0]!.day).toBe('2026-02-09');
    const byDay = Object.fromEntries(overview.perDay.filter((d) => d.articles || d.comments).map((d) => [d.day, [d.articles, d.comments]]));
    // The overdue story went live at its scheduled time, 05:30 local on 10 March.
    expect(byDay).toEqual({ '2026-03-02': [0, 1], '2026-03-09': [1, 0], '2026-03-10': [2, 2] });
  });

  it('shows it all on /newsroom/, in the site time zone, with an accessible chart; valid HTML', async () => {
    const editor = await createStaffUser(t.app, 'editor');
    const cookie = await loginAs(t.app, editor.email, editor.password);
    const res = await t.app.inject({ method: 'GET', url: '/newsroom/', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toMatch(/<a href="\/newsroom\/articles\?status=draft">Drafts<\/a>: <span class="nr-count">2<\/span>/);
    expect(html).toMatch(/<a href="\/newsroom\/articles\?status=pending">Waiting for review<\/a>: <span class="nr-count">1<\/span>/);
    expect(html).toMatch(/<a href="\/newsroom\/comments">Comments pending<\/a>: <span class="nr-count">1<\/span>/);
    expect(html).toContain('times in America/New_York');
    expect(html).toContain('<time datetime="2026-03-11T14:15:00.000Z">Wed, 11 Mar 2026, 10:15</time>');
    expect(html).toContain(`<a href="/newsroom/articles/${ids.upcoming}/edit">Tomorrow’s budget</a>`);
    expect(html).toContain('Overdue &lt;story>');
    expect(html).toContain('<td>2 h 30 min</td>');
    expect(html).toContain('(when the site started)');
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="activity-chart-title activity-chart-desc"/);
    expect(html).toContain('<title id="activity-chart-title">');
    expect(html).toContain('<table class="visually-hidden">');
    expect(html).toMatch(/<th scope="row">2026-03-10<\/th><td>2<\/td><td>2<\/td>/);
    await expectValidHtml(html);
  });

  it('leaves out the comments count for someone who moderates none', async () => {
    const contributor = await createStaffUser(t.app, 'contributor');
    const cookie = await loginAs(t.app, contributor.email, contributor.password);
    const html = (await t.app.inject({ method: 'GET', url: '/newsroom/', headers: { cookie } })).body;
    expect(html).not.toContain('Comments pending');
    expect(html).toContain('Drafts</a>');
  });
});
