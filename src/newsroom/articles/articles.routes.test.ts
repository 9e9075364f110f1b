import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeArticle, makeSection } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { ManualClock } from '../../../test/helpers/clock.js';
import { describeEachDialect } from '../../../test/helpers/database.js';
import { createStaffUser, csrfToken, loginAs, postForm } from '../../../test/helpers/staff.js';
import type { ArticleEventPayload } from '../../platform/events.js';

const validator = new HtmlValidate({ extends: ['html-validate:standard'], rules: { 'long-title': 'off' } });
async function expectValidHtml(html: string) {
  const report = await validator.validateString(html);
  expect(report.valid, JSON.stringify(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`)))).toBe(true);
}

describeEachDialect('newsroom articles', (dialect) => {
  let t: TestApp;
  let clock: ManualClock;
  let editor: { cookie: string; id: number };
  let editor2: { cookie: string; id: number; name: string };
  let contributor: { cookie: string; personId: number };
  let sectionId: number;

  beforeAll(async () => {
    clock = new ManualClock('2026-03-02T09:00:00.000Z');
    t = await createTestApp(dialect, { clock });
    const person = await t.app.services.people.create({ displayName: 'Casey Contributor', slug: 'casey', bio: '' });
    const e = await createStaffUser(t.app, 'editor');
    const e2 = await createStaffUser(t.app, 'editor', { displayName: 'Second Editor' });
    const c = await createStaffUser(t.app, 'contributor', { personId: person });
    editor = { cookie: await loginAs(t.app, e.email, e.password), id: e.id };
    editor2 = { cookie: await loginAs(t.app, e2.email, e2.password), id: e2.id, name: 'Second Editor' };
    contributor = { cookie: await loginAs(t.app, c.email, c.password), personId: person };
    sectionId = (await makeSection(t.app.services, { name: 'Politics' })).id;
  });
  afterAll(async () => t.close());

  const form = (overrides: Record<string, string> = {}) => ({
    title: 'Council votes on the budget',
    slug: '',
    standfirst: 'A late-night session.',
    body: '<p>The council met <script>alert(1)</script>at nine.</p>',
    primarySectionId: String(sectionId),
    tags: 'Budget, Council',
    commentsOpen: '1',
    ...overrides,
  });
  const create = async (cookie: string, overrides: Record<string, string> = {}) => {
    const res = await postForm(t.app, '/newsroom/articles', cookie, form(overrides), { token: await csrfToken(t.app, cookie, '/newsroom/articles/new') });
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(303);
    return Number(res.headers.location!.match(/\/newsroom\/articles\/(\d+)\/edit/)![1]);
  };
  const editPage = (id: number, cookie: string) => t.app.inject({ url: `/newsroom/articles/${id}/edit`, headers: { cookie } });
  const version = (html: string) => Number(html.match(/name="version" value="(\d+)"/)![1]);

  it('creates an article from the form, derives the slug, sanitises the body, creates tags', async () => {
    const page = await t.app.inject({ url: '/newsroom/articles/new', headers: { cookie: editor.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<textarea id="body" name="body" rows="20" data-rich-editor>');
    await expectValidHtml(page.body);
    const id = await create(editor.cookie);
    const article = (await t.app.services.editorial.find(id))!;
    expect(article.draft.slug).toBe('council-votes-on-the-budget');
    expect(article.draft.body).not.toContain('script');
    expect(article.draft.tags).toEqual(['Budget', 'Council']);
    const edit = await editPage(id, editor.cookie);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain(`data-autosave-url="/newsroom/articles/${id}/autosave"`);
    expect(edit.body).toContain('<option value="Budget">');
    await expectValidHtml(edit.body);
    const list = await t.app.inject({ url: '/newsroom/articles?status=draft', headers: { cookie: editor.cookie } });
    expect(list.body).toContain(`href="/newsroom/articles/${id}/edit"`);
    expect(list.body).toMatch(/Drafts <span class="nr-count">\d+<\/span>/);
    await expectValidHtml(list.body);
  });

  it('keeps what was typed and explains each problem (422)', async () => {
    const res = await postForm(t.app, '/newsroom/articles', editor.cookie, form({ title: ' ', slug: 'Bad Slug', standfirst: 'Kept standfirst' }));
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Enter a headline');
    expect(res.body).toContain('Use lowercase letters');
    expect(res.body).toContain('Kept standfirst');
    await expectValidHtml(res.body);
  });

  it('refuses a stale save (409) with their changes shown and mine kept; shows who else has it open', async () => {
    const id = await create(editor.cookie, { title: 'Shared story' });
    const mine = await editPage(id, editor.cookie);
    const theirs = await editPage(id, editor2.cookie);
    expect(theirs.body).toMatch(/Test editor \d+ also has this article open/);
    const v = version(mine.body);
    const first = await postForm(t.app, `/newsroom/articles/${id}`, editor2.cookie, form({ title: 'Shared story', standfirst: 'Their new standfirst', version: String(v) }));
    expect(first.statusCode).toBe(303);
    const stale = await postForm(t.app, `/newsroom/articles/${id}`, editor.cookie, form({ title: 'Shared story', standfirst: 'My own standfirst', version: String(v) }));
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else saved this article since you opened it');
    expect(stale.body).toContain('<del>Their new</del><ins>My own</ins>');
    expect(stale.body).toContain('<textarea id="standfirst" name="standfirst" rows="3">My own standfirst</textarea>');
    expect(stale.body).toContain('Second Editor also has this article open');
    await expectValidHtml(stale.body);
    expect((await t.app.services.editorial.find(id))!.draft.standfirst).toBe('Their new standfirst');
    // Saving again from the conflict page is a deliberate overwrite, on their version.
    const again = await postForm(t.app, `/newsroom/articles/${id}`, editor.cookie, form({ title: 'Shared story', standfirst: 'My own standfirst', version: String(version(stale.body)) }));
    expect(again.statusCode).toBe(303);
  });

  it('autosaves as JSON with the CSRF token in a header, and refuses a stale autosave', async () => {
    const id = await create(editor.cookie, { title: 'Autosaved story' });
    const page = await editPage(id, editor.cookie);
    const token = page.body.match(/name="_csrf" value="([^"]+)"/)![1]!;
    const send = (payload: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: `/newsroom/articles/${id}/autosave`, headers: { cookie: editor.cookie, 'x-csrf-token': token }, payload });
    const ok = await send({ ...form({ title: 'Autosaved story', body: '<p>Typing…</p>' }), version: version(page.body) });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ version: version(page.body) + 1, savedAt: '2026-03-02T09:00:00.000Z' });
    const stale = await send({ ...form({ title: 'Autosaved story' }), version: version(page.body) });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ message: 'Someone else saved this article since you opened it', theirs: { body: '<p>Typing…</p>' } });
    const noToken = await t.app.inject({ method: 'POST', url: `/newsroom/articles/${id}/autosave`, headers: { cookie: editor.cookie }, payload: { version: 1 } });
    expect(noToken.statusCode).toBe(403);
    const revisions = await t.app.services.editorial.revisions(id);
    expect(revisions.map((r) => r.kind)).toEqual(['autosave', 'save']);
  });

  it('lists revisions, compares two, restores one', async () => {
    const id = await create(editor.cookie, { title: 'Revised story', body: '<p>First words here.</p>' });
    const v = version((await editPage(id, editor.cookie)).body);
    await postForm(t.app, `/newsroom/articles/${id}`, editor.cookie, form({ title: 'Revised story', body: '<p>Second words here.</p>', version: String(v) }));
    const [newer, older] = await t.app.services.editorial.revisions(id);
    const list = await t.app.inject({ url: `/newsroom/articles/${id}/revisions?from=${older!.id}&to=${newer!.id}`, headers: { cookie: editor.cookie } });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('<del>First</del><ins>Second</ins>');
    await expectValidHtml(list.body);
    const restore = await postForm(t.app, `/newsroom/articles/${id}/restore`, editor.cookie, { revision: String(older!.id), version: String(v + 1) });
    expect(restore.statusCode).toBe(303);
    expect((await t.app.services.editorial.find(id))!.draft.body).toBe('<p>First words here.</p>');
    expect((await t.app.services.editorial.revisions(id))[0]!.kind).toBe('restore');
    const stale = await postForm(t.app, `/newsroom/articles/${id}/restore`, editor.cookie, { revision: String(newer!.id), version: String(v) });
    expect(stale.statusCode).toBe(409);
  });

  it('lets a contributor submit; an editor sends it back with a note, then approves and publishes', async () => {
    const id = await create(contributor.cookie, { title: 'From a contributor' });
    const article = (await t.app.services.editorial.find(id))!;
    expect(article.authorPersonIds).toEqual([contributor.personId]);
    const page = await editPage(id, contributor.cookie);
    expect(page.body).toContain('Submit for review');
    expect(page.body).not.toContain('Publish now');
    expect((await postForm(t.app, `/newsroom/articles/${id}/publish`, contributor.cookie, { version: String(version(page.body)) })).statusCode).toBe(403);
    expect((await postForm(t.app, `/newsroom/articles/${id}/submit`, contributor.cookie, { version: String(version(page.body)) })).statusCode).toBe(303);
    // Pending: no longer theirs to edit.
    expect((await editPage(id, contributor.cookie)).statusCode).toBe(403);
    const queue = await t.app.inject({ url: '/newsroom/articles?status=pending', headers: { cookie: editor.cookie } });
    expect(queue.body).toContain('From a contributor');

    const review = await editPage(id, editor.cookie);
    const back = await postForm(t.app, `/newsroom/articles/${id}/send-back`, editor.cookie, { version: String(version(review.body)), note: 'Please add a source for the figures.' });
    expect(back.statusCode).toBe(303);
    const again = await editPage(id, contributor.cookie);
    expect(again.body).toContain('Please add a source for the figures.');
    await postForm(t.app, `/newsroom/articles/${id}/submit`, contributor.cookie, { version: String(version(again.body)) });

    const events: ArticleEventPayload[] = [];
    const off = t.app.services.events.on('article.published', (p) => void events.push(p));
    const approve = await editPage(id, editor.cookie);
    const res = await postForm(t.app, `/newsroom/articles/${id}/publish`, editor.cookie, { version: String(version(approve.body)) });
    off();
    expect(res.statusCode).toBe(303);
    expect(events).toEqual([{ articleId: id, slug: 'from-a-contributor', actorId: editor.id }]);
    expect((await t.app.services.editorial.find(id))!.status).toBe('published');
    const audit = await t.app.services.audit.list({});
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['article.publish', 'article.send_back', 'article.submit']));
  });

  it('refuses to publish or schedule what the checklist says is missing', async () => {
    const id = await create(editor.cookie, { title: 'Incomplete', standfirst: '', primarySectionId: '', body: '<p><img src="/x.png"></p>' });
    const page = await editPage(id, editor.cookie);
    const res = await postForm(t.app, `/newsroom/articles/${id}/publish`, editor.cookie, { version: String(version(page.body)) });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('a primary section; a standfirst; alt text on 1 image in the body');
    const sched = await postForm(t.app, `/newsroom/articles/${id}/schedule`, editor.cookie, { version: String(version(page.body)), at: '2026-03-03T10:00' });
    expect(sched.statusCode).toBe(422);
    expect((await t.app.services.editorial.find(id))!.status).toBe('draft');
  });

  it('schedules in the site time zone, and unpublishing emits article.unpublished', async () => {
    const id = await create(editor.cookie, { title: 'For tomorrow' });
    const page = await editPage(id, editor.cookie);
    const res = await postForm(t.app, `/newsroom/articles/${id}/schedule`, editor.cookie, { version: String(version(page.body)), at: '2026-03-03T10:00' });
    expect(res.statusCode, res.body.slice(0, 3000)).toBe(303);
    expect(await t.app.services.editorial.find(id)).toMatchObject({ status: 'scheduled', publishedAt: '2026-03-03T10:00:00.000Z' });

    const live = await makeArticle(t.app.services, { title: 'Live story', primarySectionId: sectionId });
    const events: ArticleEventPayload[] = [];
    const off = t.app.services.events.on('article.unpublished', (p) => void events.push(p));
    const v = version((await editPage(live, editor.cookie)).body);
    const un = await postForm(t.app, `/newsroom/articles/${live}/unpublish`, editor.cookie, { version: String(v) });
    off();
    expect(un.statusCode).toBe(303);
    expect(events.map((e) => e.articleId)).toEqual([live]);
    expect((await t.app.services.editorial.find(live))!.status).toBe('draft');
  });

  it('lets an author publish their own article but not another one; saving a published article emits article.updated', async () => {
    const a = await createStaffUser(t.app, 'author', { personId: await t.app.services.people.create({ displayName: 'Ada Author', slug: 'ada', bio: '' }) });
    const cookie = await loginAs(t.app, a.email, a.password);
    const own = await create(cookie, { title: 'The author’s own' });
    const other = await create(editor.cookie, { title: 'The editor’s own' });
    expect((await editPage(other, cookie)).statusCode).toBe(403);
    expect((await postForm(t.app, `/newsroom/articles/${other}/publish`, cookie, { version: '1' })).statusCode).toBe(403);
    const page = await editPage(own, cookie);
    expect((await postForm(t.app, `/newsroom/articles/${own}/publish`, cookie, { version: String(version(page.body)) })).statusCode).toBe(303);

    const events: ArticleEventPayload[] = [];
    const off = t.app.services.events.on('article.updated', (p) => void events.push(p));
    const live = await editPage(own, cookie);
    const save = await postForm(t.app, `/newsroom/articles/${own}`, cookie, form({ title: 'The author’s own, updated', slug: 'the-authors-own', version: String(version(live.body)) }));
    off();
    expect(save.statusCode).toBe(303);
    expect(events).toEqual([{ articleId: own, slug: 'the-authors-own', actorId: a.id }]);
    const mine = await t.app.inject({ url: '/newsroom/articles?mine=1&q=author', headers: { cookie } });
    expect(mine.body).toContain('The author’s own, updated');
    expect(mine.body).not.toContain('The editor’s own');
  });

  it('previews the real article page for staff only, marked noindex', async () => {
    const id = await create(editor.cookie, { title: 'Not out yet' });
    const res = await t.app.inject({ url: `/newsroom/articles/${id}/preview`, headers: { cookie: editor.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1 class="story-title">Not out yet</h1>');
    expect(res.body).toContain('<meta name="robots" content="noindex, nofollow"/>');
    expect(res.body).toContain('Preview (draft)');
    expect(res.headers['cache-control']).toBe('no-store');
    const anonymous = await t.app.inject(`/newsroom/articles/${id}/preview`);
    expect(anonymous.statusCode).toBe(303);
    expect((await t.app.inject({ url: `/newsroom/articles/${id}/preview`, headers: { cookie: contributor.cookie } })).statusCode).toBe(403);
  });
});
