import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeArticle } from '../../test/factories.js';
import { createTestApp, type TestApp } from '../../test/helpers/app.js';
import { describeEachDialect } from '../../test/helpers/database.js';
import { expectValidHtml } from '../../test/helpers/html.js';
import { createStaffUser, loginAs } from '../../test/helpers/staff.js';

describeEachDialect('article preview', (dialect) => {
  let t: TestApp;
  let editor: string;
  let writer: { cookie: string; id: number; personId: number };
  let outsider: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const e = await createStaffUser(t.app, 'editor');
    const personId = await t.app.services.people.create({ displayName: 'Wren Writer', slug: 'wren', bio: '' });
    const w = await createStaffUser(t.app, 'contributor', { personId });
    const o = await createStaffUser(t.app, 'contributor');
    editor = await loginAs(t.app, e.email, e.password);
    writer = { cookie: await loginAs(t.app, w.email, w.password), id: w.id, personId };
    outsider = await loginAs(t.app, o.email, o.password);
  });
  afterAll(async () => t.close());

  const preview = (id: number | string, cookie?: string) => t.app.inject({ url: `/preview/articles/${id}`, headers: cookie ? { cookie } : {} });
  const draftBy = (title: string, options: { authorIds?: number[]; createdBy?: number } = {}) =>
    t.app.services.articles.create(
      { title, standfirst: 'Not out yet.', body: '<p>Unpublished words.</p>', authorIds: options.authorIds ?? [] },
      { createdBy: options.createdBy ?? null },
    );

  it('shows staff the real article page with a banner that is markup styled by the stylesheet, never cached or indexed', async () => {
    const id = await draftBy('Not out yet');
    const res = await preview(id, editor);
    expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
    expect(res.body).toContain('<h1 class="story-title">Not out yet</h1>');
    expect(res.body).toContain(
      `<p class="preview-banner" role="note">Preview (draft) – not what readers see until it is published. <a href="/newsroom/articles/${id}/edit">Back to editing</a></p>`,
    );
    expect(res.body).toContain('<meta name="robots" content="noindex, nofollow"/>');
    expect(res.body).toContain('Comments are not shown in a preview.');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-robots-tag']).toBe('noindex, nofollow');
    // No inline style anywhere, and none needed: the CSP allows only the site's own stylesheet, which has the class.
    expect(res.body).not.toMatch(/\sstyle=/);
    expect(res.body).not.toContain('<style');
    const styleSrc = String(res.headers['content-security-policy'])
      .split(';')
      .find((d) => d.trim().startsWith('style-src'));
    expect(styleSrc?.trim()).toBe("style-src 'self'");
    const css = await t.app.inject(res.body.match(/<link rel="stylesheet" href="([^"]+)"/)![1]!);
    expect(css.body).toContain('.preview-banner {');
    await expectValidHtml(res.body);
  });

  it('previews whatever the status: a published story says so, and its public page has no banner', async () => {
    const id = await makeArticle(t.app.services, { title: 'Already out' });
    const res = await preview(id, editor);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Preview (published)');
    const article = (await t.app.services.articles.findPublishedById(id))!;
    const live = await t.app.inject(article.path);
    expect(live.statusCode).toBe(200);
    expect(live.body).not.toContain('preview-banner');
    expect(live.body).not.toContain('noindex');
  });

  it('lets a writer preview their own article but not someone else’s, and sends anonymous visitors to sign in', async () => {
    const byline = await draftBy('Theirs by byline', { authorIds: [writer.personId] });
    const created = await draftBy('Theirs by creation', { createdBy: writer.id });
    expect((await preview(byline, writer.cookie)).statusCode).toBe(200);
    expect((await preview(created, writer.cookie)).statusCode).toBe(200);

    const refused = await preview(byline, outsider);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('You may not preview this article.');
    expect(refused.body).not.toContain('Theirs by byline');
    expect(refused.headers['cache-control']).toBe('no-store');

    const anonymous = await preview(byline);
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe(`/newsroom/login?next=${encodeURIComponent(`/preview/articles/${byline}`)}`);
    expect(anonymous.body).not.toContain('Theirs by byline');
    expect(anonymous.headers['cache-control']).toBe('no-store');
    // A forged session is nobody.
    expect((await preview(byline, 'dateline_session=forged.token')).statusCode).toBe(303);
  });

  it('answers a missing article with 404 and a malformed address with 400, neither cached', async () => {
    const missing = await preview(999_999, editor);
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['cache-control']).toBe('no-store');
    expect((await preview('draft', editor)).statusCode).toBe(400);
    // Anonymous visitors learn nothing about which ids exist.
    expect((await preview(999_999)).statusCode).toBe(303);
  });
});
