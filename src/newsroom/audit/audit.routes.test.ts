import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeSection } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { ManualClock } from '../../../test/helpers/clock.js';
import { describeEachDialect } from '../../../test/helpers/database.js';
import { auditSentences as sentences, expectValidHtml } from '../../../test/helpers/html.js';
import { createStaffUser, csrfToken, loginAs, postForm } from '../../../test/helpers/staff.js';

describeEachDialect('newsroom audit log', (dialect) => {
  let t: TestApp;
  let editor: { cookie: string; id: number; name: string };
  let admin: { cookie: string; id: number };
  let author: { cookie: string };
  let contributor: { cookie: string };
  let articleId: number;

  beforeAll(async () => {
    const clock = new ManualClock('2026-03-02T09:00:00.000Z');
    t = await createTestApp(dialect, { clock });
    await t.app.services.settings.update({ timeZone: 'Europe/Paris' });
    const e = await createStaffUser(t.app, 'editor', { displayName: 'Jane Doe' });
    const a = await createStaffUser(t.app, 'admin');
    const au = await createStaffUser(t.app, 'author');
    const c = await createStaffUser(t.app, 'contributor');
    editor = { cookie: await loginAs(t.app, e.email, e.password), id: e.id, name: 'Jane Doe' };
    admin = { cookie: await loginAs(t.app, a.email, a.password), id: a.id };
    author = { cookie: await loginAs(t.app, au.email, au.password) };
    contributor = { cookie: await loginAs(t.app, c.email, c.password) };
    const section = await makeSection(t.app.services, { name: 'Politics' });
    // Jane writes and publishes an article through the edit form: both are on the record.
    const fields = { title: 'Council votes on the budget', standfirst: 'Late.', body: '<p>Text.</p>', primarySectionId: String(section.id), commentsOpen: '1' };
    const created = await postForm(t.app, '/newsroom/articles', editor.cookie, fields, {
      token: await csrfToken(t.app, editor.cookie, '/newsroom/articles/new'),
    });
    articleId = Number(created.headers.location!.match(/articles\/(\d+)\/edit/)![1]);
    const version = (await t.app.services.editorial.find(articleId))!.version;
    expect(
      (await postForm(t.app, `/newsroom/articles/${articleId}`, editor.cookie, { ...fields, intent: 'publish', version: String(version) })).statusCode,
    ).toBe(303);
    await t.app.services.audit.record({
      actorId: a.id,
      action: 'webhook.created',
      subjectType: 'webhook',
      subjectId: 99,
      after: { url: 'https://hooks.example.test/x', secret: 'whsec_do_not_show_me' },
    });
    await t.app.services.audit.record({
      actorId: a.id,
      action: 'settings.changed',
      subjectType: 'settings',
      before: { siteTitle: 'Old' },
      after: { siteTitle: 'New' },
    });
  });
  afterAll(async () => t.close());

  const page = (url: string, cookie: string) => t.app.inject({ url, headers: { cookie } });

  it('is for editors and admins only, linked from their navigation', async () => {
    for (const cookie of [author.cookie, contributor.cookie]) {
      expect((await page('/newsroom/audit', cookie)).statusCode).toBe(403);
      expect((await page('/newsroom/', cookie)).body).not.toContain('href="/newsroom/audit"');
    }
    expect((await t.app.inject('/newsroom/audit')).statusCode).toBe(303);
    expect((await page('/newsroom/', editor.cookie)).body).toContain('<a href="/newsroom/audit">Audit log</a>');
    expect((await page('/newsroom/audit', admin.cookie)).statusCode).toBe(200);
  });

  it('says in plain words who did what, newest first, in the site time zone, with details and no secrets', async () => {
    const res = await page('/newsroom/audit', editor.cookie);
    expect(res.statusCode).toBe(200);
    await expectValidHtml(res.body);
    const lines = sentences(res.body);
    expect(lines.slice(0, 4)).toEqual([
      expect.stringMatching(/^Test admin \d+ changed the settings: siteTitle$/),
      expect.stringMatching(/^Test admin \d+ added the webhook https:\/\/hooks\.example\.test\/x$/),
      'Jane Doe published “Council votes on the budget”',
      'Jane Doe created “Council votes on the budget”',
    ]);
    expect(lines).toContain('Jane Doe signed in');
    expect(res.body).toContain(`<a href="/newsroom/articles/${articleId}/edit">“Council votes on the budget”</a>`);
    expect(res.body).toContain('<time datetime="2026-03-02T09:00:00.000Z">2 Mar 2026, 10:00:00</time>');
    expect(res.body).toContain('Times are in Europe/Paris.');
    expect(res.body).toContain('<summary>Details</summary>');
    expect(res.body).toContain('&quot;siteTitle&quot;: &quot;New&quot;');
    expect(res.body).not.toContain('whsec_do_not_show_me');
    expect(res.body).toContain('[redacted]');
  });

  it('filters by kind of action, by who and by subject', async () => {
    const articles = sentences((await page('/newsroom/audit?group=articles', editor.cookie)).body);
    expect(articles).toEqual(['Jane Doe published “Council votes on the budget”', 'Jane Doe created “Council votes on the budget”']);
    const signIns = sentences((await page('/newsroom/audit?group=sign-ins', editor.cookie)).body);
    expect(signIns.length).toBeGreaterThanOrEqual(4);
    expect(signIns.every((line) => line.endsWith('signed in'))).toBe(true);
    const structure = sentences((await page('/newsroom/audit?group=structure', editor.cookie)).body);
    expect(structure).toEqual([
      expect.stringMatching(/^Test admin \d+ changed the settings: siteTitle$/),
      'The system created the section “Politics”',
      'The system changed the settings: timeZone',
    ]);
    const bySystem = sentences((await page('/newsroom/audit?actor=system', editor.cookie)).body);
    expect(bySystem.every((line) => line.startsWith('The system '))).toBe(true);
    const byJane = sentences((await page(`/newsroom/audit?actor=${editor.id}`, editor.cookie)).body);
    expect(byJane.every((line) => line.startsWith('Jane Doe '))).toBe(true);
    expect(byJane).toHaveLength(3);
    const subject = await page(`/newsroom/audit?subjectType=article&subjectId=${articleId}`, editor.cookie);
    expect(sentences(subject.body)).toHaveLength(2);
    expect(subject.body).toContain('<option value="article" selected>article</option>');
    await expectValidHtml(subject.body);
    // Nonsense in the query is ignored, not an error.
    const odd = await page('/newsroom/audit?group=nope&actor=x&subjectType=%3Cscript%3E', editor.cookie);
    expect(odd.statusCode).toBe(200);
    expect(sentences(odd.body).length).toBeGreaterThan(5);
  });

  it('pages through a long log by id, older and newer', async () => {
    for (let i = 1; i <= 60; i++) {
      await t.app.services.audit.record({
        actorId: admin.id,
        action: 'media.uploaded',
        subjectType: 'media',
        subjectId: 1000 + i,
        after: { originalFilename: `photo-${i}.jpg` },
      });
    }
    const first = await page('/newsroom/audit?group=media', editor.cookie);
    const firstLines = sentences(first.body);
    expect(firstLines).toHaveLength(50);
    expect(firstLines[0]).toMatch(/uploaded the image photo-60\.jpg$/);
    expect(first.body).not.toContain('rel="prev"');
    const older = first.body.match(/<a href="([^"]+)" rel="next">/)![1]!.replace(/&amp;/g, '&');
    expect(older).toMatch(/^\/newsroom\/audit\?group=media&older=\d+$/);
    const second = await page(older, editor.cookie);
    const secondLines = sentences(second.body);
    expect(secondLines).toHaveLength(10);
    expect(secondLines.at(-1)).toMatch(/photo-1\.jpg$/);
    expect(second.body).not.toContain('rel="next"');
    await expectValidHtml(second.body);
    const newer = second.body.match(/<a href="([^"]+)" rel="prev">/)![1]!.replace(/&amp;/g, '&');
    expect(sentences((await page(newer, editor.cookie)).body)).toEqual(firstLines);
  });
});
