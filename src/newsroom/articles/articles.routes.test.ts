import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeArticle, makeSection } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { ManualClock } from '../../../test/helpers/clock.js';
import { describeEachDialect } from '../../../test/helpers/database.js';
import { expectValidHtml } from '../../../test/helpers/html.js';
import { createStaffUser, csrfToken, loginAs, postForm } from '../../../test/helpers/staff.js';
import type { ArticleEventPayload } from '../../news/events.js';

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

  it('takes a slug in any alphabet, and makes one from a headline in any script', async () => {
    const typed = await create(editor.cookie, { title: 'Greek story', slug: 'ελληνικά-νέα-2' });
    expect((await t.app.services.editorial.find(typed))!.draft.slug).toBe('ελληνικά-νέα-2');
    expect((await editPage(typed, editor.cookie)).body).toContain('value="ελληνικά-νέα-2"');
    // A decomposed accent (as some keyboards send it) is stored composed.
    const decomposed = await create(editor.cookie, { title: 'Another', slug: 'ελληνικα\u0301' });
    expect((await t.app.services.editorial.find(decomposed))!.draft.slug).toBe('ελληνικά');
    const derived = await create(editor.cookie, { title: '選挙が始まる' });
    expect((await t.app.services.editorial.find(derived))!.draft.slug).toBe('選挙が始まる');
    const refused = await postForm(t.app, '/newsroom/articles', editor.cookie, form({ slug: 'Ελληνικά' }));
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Use lowercase letters (of any alphabet), digits and single hyphens between them, or leave it empty');
    const long = await postForm(t.app, '/newsroom/articles', editor.cookie, form({ slug: 'α'.repeat(150) }));
    expect(long.statusCode).toBe(422);
    expect(long.body).toContain('Shorten the slug');
  });

  it('saves a canonical URL and "hide from search engines", and refuses a canonical that is not an http(s) address', async () => {
    const id = await create(editor.cookie, { seoCanonical: ' https://partner.example/original/ ', seoNoindex: '1' });
    expect((await t.app.services.editorial.find(id))!.draft).toMatchObject({ seoCanonical: 'https://partner.example/original/', seoNoindex: true });
    const edit = (await editPage(id, editor.cookie)).body;
    expect(edit).toContain('<input id="seoCanonical" name="seoCanonical" type="url" value="https://partner.example/original/"');
    expect(edit).toMatch(/<input type="checkbox" id="seoNoindex" name="seoNoindex" value="1" checked[ />]/);
    await expectValidHtml(edit);
    // Unticked and emptied, on the next save.
    const saved = await postForm(t.app, `/newsroom/articles/${id}`, editor.cookie, form({ seoCanonical: '', version: String(version(edit)), intent: 'save' }), {
      token: await csrfToken(t.app, editor.cookie, `/newsroom/articles/${id}/edit`),
    });
    expect(saved.statusCode).toBe(303);
    expect((await t.app.services.editorial.find(id))!.draft).toMatchObject({ seoCanonical: '', seoNoindex: false });

    const refused = await postForm(t.app, '/newsroom/articles', editor.cookie, form({ seoCanonical: 'javascript:alert(document.cookie)' }));
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('id="seoCanonical-error"');
    expect(refused.body).toContain('Enter a full address starting with https:// or http://');
    expect(refused.body).toContain('value="javascript:alert(document.cookie)"');
    await expectValidHtml(refused.body);
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
    const first = await postForm(
      t.app,
      `/newsroom/articles/${id}`,
      editor2.cookie,
      form({ title: 'Shared story', standfirst: 'Their new standfirst', version: String(v) }),
    );
    expect(first.statusCode).toBe(303);
    const stale = await postForm(
      t.app,
      `/newsroom/articles/${id}`,
      editor.cookie,
      form({ title: 'Shared story', standfirst: 'My own standfirst', version: String(v) }),
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else saved this article since you opened it');
    expect(stale.body).toContain('<del>Their new</del><ins>My own</ins>');
    expect(stale.body).toContain('<textarea id="standfirst" name="standfirst" rows="3">My own standfirst</textarea>');
    expect(stale.body).toContain('Second Editor also has this article open');
    await expectValidHtml(stale.body);
    expect((await t.app.services.editorial.find(id))!.draft.standfirst).toBe('Their new standfirst');
    // Saving again from the conflict page is a deliberate overwrite, on their version.
    const again = await postForm(
      t.app,
      `/newsroom/articles/${id}`,
      editor.cookie,
      form({ title: 'Shared story', standfirst: 'My own standfirst', version: String(version(stale.body)) }),
    );
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
    const noToken = await t.app.inject({
      method: 'POST',
      url: `/newsroom/articles/${id}/autosave`,
      headers: { cookie: editor.cookie },
      payload: { version: 1 },
    });
    expect(noToken.statusCode).toBe(403);
    const revisions = await t.app.services.editorial.revisions(id);
    expect(revisions.map((r) => r.kind)).toEqual(['autosave', 'save']);
  });

  it('keeps "… also has this article open" current: a heartbeat says who else is there, leaving says so at once', async () => {
    const id = await create(editor.cookie, { title: 'Watched story' });
    const mine = await editPage(id, editor.cookie);
    expect(mine.body).toContain(`data-presence-url="/newsroom/articles/${id}/presence" hidden>`);
    const theirs = await editPage(id, editor2.cookie);
    const token = (page: { body: string }) => page.body.match(/name="_csrf" value="([^"]+)"/)![1]!;
    const beat = (who: { cookie: string }, page: { body: string }) =>
      t.app.inject({ method: 'POST', url: `/newsroom/articles/${id}/presence`, headers: { cookie: who.cookie, 'x-csrf-token': token(page) }, payload: {} });
    expect((await beat(editor, mine)).json()).toEqual({ othersEditing: ['Second Editor'] });
    // The second editor closes the page: the beacon is a form post with the token in the body.
    const left = await postForm(t.app, `/newsroom/articles/${id}/presence/leave`, editor2.cookie, {}, { token: token(theirs) });
    expect(left.statusCode).toBe(204);
    expect((await beat(editor, mine)).json()).toEqual({ othersEditing: [] });
    expect((await editPage(id, editor.cookie)).body).not.toContain('also has this article open');
    // Without the token, neither is accepted.
    const noToken = await t.app.inject({ method: 'POST', url: `/newsroom/articles/${id}/presence`, headers: { cookie: editor2.cookie }, payload: {} });
    expect(noToken.statusCode).toBe(403);
    expect((await beat(editor, mine)).json()).toEqual({ othersEditing: [] });
    // A contributor who may not edit it is not counted as having it open.
    const contributorToken = await csrfToken(t.app, contributor.cookie);
    const forbidden = await t.app.inject({
      method: 'POST',
      url: `/newsroom/articles/${id}/presence`,
      headers: { cookie: contributor.cookie, 'x-csrf-token': contributorToken },
      payload: {},
    });
    expect(forbidden.json()).toEqual({ message: 'You may not edit this article.' });
    expect(forbidden.statusCode).toBe(403);
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

  /** Posts the edit form with a button (`intent`), at the version the edit page shows unless one is given. */
  const act = async (id: number, cookie: string, intent: string, fields: Record<string, string>, atVersion?: number) => {
    const v = atVersion ?? version((await editPage(id, cookie)).body);
    return postForm(t.app, `/newsroom/articles/${id}`, cookie, form({ ...fields, intent, version: String(v) }));
  };
  const stored = async (id: number) => (await t.app.services.editorial.find(id))!;
  const auditFor = async (id: number) => (await t.app.services.audit.list({ subjectType: 'article', subjectId: id })).map((e) => e.action);

  /** The edit form's hidden field of the tags it was loaded with, as a browser posts it back. */
  const loadedTagsIn = (html: string) =>
    html
      .match(/name="loadedTags" value="([^"]*)"/)![1]!
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
  const tagNamed = async (name: string) =>
    (
      await t.database.db
        .selectFrom('tags')
        .select('id')
        .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
        .executeTakeFirst()
    )?.id ?? null;

  it('keeps a tag renamed while the form was open, through autosave and save, instead of bringing the old name back', async () => {
    const id = await create(editor.cookie, { title: 'Talks resume', tags: 'Brexit, Fisheries' });
    const brexit = (await tagNamed('Brexit'))!;
    const page = await editPage(id, editor.cookie);
    const loadedTags = loadedTagsIn(page.body);
    await t.app.services.taxonomy.renameTag(brexit, { name: 'Brexit talks' });
    // The form as it was, with one new tag typed: autosaved, then saved with the button.
    const typed = form({ title: 'Talks resume', tags: 'Brexit, Fisheries, Quotas', loadedTags });
    const token = page.body.match(/name="_csrf" value="([^"]+)"/)![1]!;
    const autosave = await t.app.inject({
      method: 'POST',
      url: `/newsroom/articles/${id}/autosave`,
      headers: { cookie: editor.cookie, 'x-csrf-token': token },
      payload: { ...typed, version: version(page.body) },
    });
    expect(autosave.statusCode, autosave.body).toBe(200);
    expect((await stored(id)).draft.tags).toEqual(['Brexit talks', 'Fisheries', 'Quotas']);
    const saved = await postForm(t.app, `/newsroom/articles/${id}`, editor.cookie, { ...typed, version: String(autosave.json().version) });
    expect(saved.statusCode).toBe(303);
    expect((await stored(id)).tags.map((tag) => tag.id)).toContain(brexit);
    expect(await tagNamed('Brexit')).toBeNull();
    expect(await tagNamed('Quotas')).not.toBeNull();
    expect((await editPage(id, editor.cookie)).body).toContain('value="Brexit talks, Fisheries, Quotas"');
  });

  it('keeps the tag a loaded one was merged into and drops a deleted one, re-creating neither name', async () => {
    const id = await create(editor.cookie, { title: 'Crossings cut', tags: 'Migrants, Aegean, Coastguard' });
    const [migrants, aegean] = [(await tagNamed('Migrants'))!, (await tagNamed('Aegean'))!];
    const migration = await t.app.services.taxonomy.ensureTag('Migration');
    const page = await editPage(id, editor.cookie);
    const loadedTags = loadedTagsIn(page.body);
    await t.app.services.taxonomy.mergeTags(migrants, migration);
    await t.app.services.taxonomy.deleteTag(aegean, { reassignTo: null });
    const typed = form({ title: 'Crossings cut', tags: 'Migrants, Aegean, Coastguard', loadedTags, version: String(version(page.body)) });
    // A refused save sends the form back with the tags it was loaded with, so saving from there still works.
    const refused = await postForm(t.app, `/newsroom/articles/${id}`, editor.cookie, { ...typed, title: ' ' });
    expect(refused.statusCode).toBe(422);
    expect(loadedTagsIn(refused.body)).toBe(loadedTags);
    expect((await postForm(t.app, `/newsroom/articles/${id}`, editor.cookie, typed)).statusCode).toBe(303);
    expect((await stored(id)).draft.tags).toEqual(['Coastguard', 'Migration']);
    expect([await tagNamed('Migrants'), await tagNamed('Aegean')]).toEqual([null, null]);
  });

  it('uses loaded tags only for names still in the form and links they already are, and ignores a malformed field', async () => {
    const id = await create(editor.cookie, { title: 'Harbour reopens', tags: 'Harbour' });
    const [harbour, lighthouse] = [(await tagNamed('Harbour'))!, await t.app.services.taxonomy.ensureTag('Lighthouse')];
    const forged = JSON.stringify([
      { id: harbour, name: 'Harbour' },
      { id: lighthouse, name: 'Ferries' },
      { id: 9_999_999, name: 'Piers' },
      { id: 'x', name: 'Tugs' },
    ]);
    expect((await act(id, editor.cookie, 'save', { title: 'Harbour reopens', tags: 'Ferries, Piers, Tugs', loadedTags: forged })).statusCode).toBe(303);
    expect((await stored(id)).draft.tags).toEqual(['Ferries', 'Piers', 'Tugs']);
    expect((await act(id, editor.cookie, 'save', { title: 'Harbour reopens', tags: 'Ferries, Harbour', loadedTags: '{not json' })).statusCode).toBe(303);
    expect((await stored(id)).draft.tags).toEqual(['Ferries', 'Harbour']);
  });

  it('lets a contributor save and submit in one post; an editor edits and sends it back with a note, then publishes', async () => {
    const id = await create(contributor.cookie, { title: 'From a contributor' });
    expect((await stored(id)).authorPersonIds).toEqual([contributor.personId]);
    const page = await editPage(id, contributor.cookie);
    expect(page.body).toContain('<button type="submit" name="intent" value="submit">Save and submit for review</button>');
    expect(page.body).not.toContain('value="publish"');
    await expectValidHtml(page.body);
    expect((await act(id, contributor.cookie, 'publish', { title: 'From a contributor' })).statusCode).toBe(403);
    const submitted = await act(id, contributor.cookie, 'submit', { title: 'From a contributor', standfirst: 'Typed just before submitting.' });
    expect(submitted.statusCode).toBe(303);
    // Back to their own articles with what was done: the edit page is no longer theirs.
    expect(submitted.headers.location).toBe('/newsroom/articles?mine=1&done=Saved%20and%20submitted%20for%20review.');
    const mine = await t.app.inject({ url: submitted.headers.location!, headers: { cookie: contributor.cookie } });
    expect(mine.body).toContain('Saved and submitted for review.');
    expect(await stored(id)).toMatchObject({ status: 'pending', draft: { standfirst: 'Typed just before submitting.' } });
    // Pending: no longer theirs to edit.
    expect((await editPage(id, contributor.cookie)).statusCode).toBe(403);
    const queue = await t.app.inject({ url: '/newsroom/articles?status=pending', headers: { cookie: editor.cookie } });
    expect(queue.body).toContain('From a contributor');

    const review = await editPage(id, editor.cookie);
    expect(review.body).toContain('value="send-back"');
    await expectValidHtml(review.body);
    const noNote = await act(id, editor.cookie, 'send-back', { title: 'From a contributor', standfirst: 'The editor’s fix.', note: ' ' });
    expect(noNote.statusCode).toBe(422);
    expect(noNote.body).toContain('Write a note to the writer');
    expect(noNote.body).toContain('The editor’s fix.');
    await expectValidHtml(noNote.body);
    const back = await act(id, editor.cookie, 'send-back', {
      title: 'From a contributor',
      standfirst: 'The editor’s fix.',
      note: 'Please add a source for the figures.',
    });
    expect(back.statusCode).toBe(303);
    expect(await stored(id)).toMatchObject({ status: 'draft', draft: { standfirst: 'The editor’s fix.' } });
    const again = await editPage(id, contributor.cookie);
    expect(again.body).toContain('Please add a source for the figures.');
    await act(id, contributor.cookie, 'submit', { title: 'From a contributor', standfirst: 'The editor’s fix.' });

    const events: string[] = [];
    const offs = (['article.published', 'article.updated'] as const).map((name) =>
      t.app.services.events.on(name, (p) => void events.push(`${name} ${p.articleId} ${p.actorId}`)),
    );
    const res = await act(id, editor.cookie, 'publish', { title: 'From a contributor', standfirst: 'The editor’s fix.' });
    offs.forEach((off) => off());
    expect(res.statusCode).toBe(303);
    expect(events).toEqual([`article.published ${id} ${editor.id}`]);
    expect((await stored(id)).status).toBe('published');
    expect(await auditFor(id)).toEqual(['article.publish', 'article.submit', 'article.send_back', 'article.submit', 'article.created']);
  });

  it('saves the edits and publishes in one post: the site, search and the revision have the new text', async () => {
    const id = await create(editor.cookie, { title: 'First headline', body: '<p>Old words.</p>' });
    const res = await act(id, editor.cookie, 'publish', { title: 'Zanzibar ferry headline', body: '<p>Edited just before publishing.</p>' });
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(303);
    const article = await stored(id);
    expect(article).toMatchObject({ status: 'published', draft: { title: 'Zanzibar ferry headline', body: '<p>Edited just before publishing.</p>' } });
    const [revision] = await t.app.services.editorial.revisions(id);
    expect(revision).toMatchObject({ kind: 'publish', version: article.version });
    const search = await t.app.inject('/search?q=zanzibar');
    expect(search.body.replace(/<\/?mark>/g, '')).toContain('Zanzibar ferry headline');
    const page = await t.app.inject({ url: res.headers.location!, headers: { cookie: editor.cookie } });
    expect(page.body).toContain('Saved and published.');
    expect(page.body).toContain('Save and publish again');
    expect(page.body).not.toContain('value="schedule"');
  });

  it('refuses a publication from a stale version (409) with their changes shown and nothing lost or published', async () => {
    const id = await create(editor.cookie, { title: 'Contested story' });
    const v = version((await editPage(id, editor.cookie)).body);
    expect((await act(id, editor2.cookie, 'save', { title: 'Contested story', standfirst: 'Their standfirst' }, v)).statusCode).toBe(303);
    const stale = await act(id, editor.cookie, 'publish', { title: 'Contested story', standfirst: 'My standfirst', body: '<p>My body</p>' }, v);
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else saved this article since you opened it. Not saved or published.');
    expect(stale.body).toContain('<del>Their</del><ins>My</ins>');
    expect(stale.body).toContain('<textarea id="standfirst" name="standfirst" rows="3">My standfirst</textarea>');
    expect(stale.body).toMatch(/<textarea id="body" name="body"[^>]*>&lt;p>My body&lt;\/p><\/textarea>/);
    await expectValidHtml(stale.body);
    expect(await stored(id)).toMatchObject({ status: 'draft', draft: { standfirst: 'Their standfirst' } });
    expect(await auditFor(id)).not.toContain('article.publish');
    // From the conflict page, publishing again is deliberate: it goes through on their version.
    expect((await act(id, editor.cookie, 'publish', { title: 'Contested story', standfirst: 'My standfirst' }, version(stale.body))).statusCode).toBe(303);
    expect(await stored(id)).toMatchObject({ status: 'published', draft: { standfirst: 'My standfirst' } });
  });

  it('judges the checklist on the submitted content, and a refusal keeps the form as typed and saves nothing', async () => {
    const id = await create(editor.cookie, { title: 'Incomplete', standfirst: '', primarySectionId: '', body: '<p><img src="/x.png"></p>' });
    const refused = await act(id, editor.cookie, 'publish', {
      title: 'Incomplete, edited',
      standfirst: '',
      primarySectionId: '',
      body: '<p><img src="/x.png"></p><p>New paragraph.</p>',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Not published. Before it can go out, the article needs: a primary section; a standfirst; alt text on 1 image in the body.');
    expect(refused.body).toContain('value="Incomplete, edited"');
    expect(refused.body).toContain('New paragraph.');
    await expectValidHtml(refused.body);
    expect(await stored(id)).toMatchObject({ status: 'draft', draft: { title: 'Incomplete' } });
    const sched = await act(id, editor.cookie, 'schedule', { title: 'Incomplete', standfirst: '', primarySectionId: '', at: '2026-03-03T10:00' });
    expect(sched.statusCode).toBe(422);
    expect(sched.body).toContain('Not scheduled. Before it can go out');
    expect(sched.body).toContain('value="2026-03-03T10:00"');
    // What the stored article lacks, the form supplies: the submitted content is what is judged and published.
    const fixed = await act(id, editor.cookie, 'publish', {
      title: 'Complete now',
      standfirst: 'Now with a standfirst.',
      body: '<p><img src="/x.png" alt="A chart"></p>',
    });
    expect(fixed.statusCode, fixed.body.slice(0, 2000)).toBe(303);
    expect(await stored(id)).toMatchObject({ status: 'published', draft: { title: 'Complete now', standfirst: 'Now with a standfirst.' } });
    // And the other way round: removing the standfirst in the form is refused even though the stored one has it.
    const removed = await act(id, editor.cookie, 'publish', { title: 'Complete now', standfirst: '' });
    expect(removed.statusCode).toBe(422);
    expect(removed.body).toContain('the article needs: a standfirst.');
    expect((await stored(id)).draft.standfirst).toBe('Now with a standfirst.');
  });

  it('schedules in the site time zone from the form, refusing a missing or past time; unpublishing emits article.unpublished', async () => {
    const id = await create(editor.cookie, { title: 'For tomorrow' });
    const missing = await act(id, editor.cookie, 'schedule', { title: 'For tomorrow', at: '' });
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toContain('id="schedule-at-error"');
    await expectValidHtml(missing.body);
    expect((await act(id, editor.cookie, 'schedule', { title: 'For tomorrow', at: '2026-03-01T10:00' })).statusCode).toBe(422);
    const res = await act(id, editor.cookie, 'schedule', { title: 'For tomorrow, edited', at: '2026-03-03T10:00' });
    expect(res.statusCode, res.body.slice(0, 3000)).toBe(303);
    expect(await stored(id)).toMatchObject({ status: 'scheduled', publishedAt: '2026-03-03T10:00:00.000Z', draft: { title: 'For tomorrow, edited' } });
    expect(await auditFor(id)).toContain('article.schedule');

    const live = await makeArticle(t.app.services, { title: 'Live story', primarySectionId: sectionId });
    const events: ArticleEventPayload[] = [];
    const off = t.app.services.events.on('article.unpublished', (p) => void events.push(p));
    const un = await act(live, editor.cookie, 'unpublish', { title: 'Live story' });
    off();
    expect(un.statusCode).toBe(303);
    expect(events.map((e) => e.articleId)).toEqual([live]);
    expect((await stored(live)).status).toBe('draft');
    expect(await auditFor(live)).toContain('article.unpublish');
  });

  it('lets an author publish their own article but not another one; saving a published article emits article.updated', async () => {
    const a = await createStaffUser(t.app, 'author', { personId: await t.app.services.people.create({ displayName: 'Ada Author', slug: 'ada', bio: '' }) });
    const cookie = await loginAs(t.app, a.email, a.password);
    const own = await create(cookie, { title: 'The author’s own' });
    const other = await create(editor.cookie, { title: 'The editor’s own' });
    expect((await editPage(other, cookie)).statusCode).toBe(403);
    expect((await postForm(t.app, `/newsroom/articles/${other}`, cookie, form({ intent: 'publish', version: '1' }))).statusCode).toBe(403);
    expect((await act(own, cookie, 'publish', { title: 'The author’s own' })).statusCode).toBe(303);

    const events: ArticleEventPayload[] = [];
    const off = t.app.services.events.on('article.updated', (p) => void events.push(p));
    const save = await act(own, cookie, 'save', { title: 'The author’s own, updated', slug: 'the-authors-own' });
    off();
    expect(save.statusCode).toBe(303);
    expect(events).toEqual([{ articleId: own, slug: 'the-authors-own', actorId: a.id }]);
    const mine = await t.app.inject({ url: '/newsroom/articles?mine=1&q=author', headers: { cookie } });
    expect(mine.body).toContain('The author’s own, updated');
    expect(mine.body).not.toContain('The editor’s own');
  });

  it('lets a contributor without a byline person reopen, edit and submit what they created', async () => {
    const c = await createStaffUser(t.app, 'contributor');
    // The account's byline person is gone (deleted, or unlinked by an admin): the article is still theirs.
    await t.database.db.updateTable('users').set({ person_id: null }).where('id', '=', c.id).execute();
    const cookie = await loginAs(t.app, c.email, c.password);
    const id = await create(cookie, { title: 'No byline of my own' });
    expect(await stored(id)).toMatchObject({ createdByUserId: c.id, authorPersonIds: [] });
    const page = await editPage(id, cookie);
    expect(page.statusCode).toBe(200);
    expect((await act(id, cookie, 'save', { title: 'No byline of my own, edited' })).statusCode).toBe(303);
    const mine = await t.app.inject({ url: '/newsroom/articles?mine=1', headers: { cookie } });
    expect(mine.body).toContain('No byline of my own, edited');
    expect((await act(id, cookie, 'submit', { title: 'No byline of my own, edited' })).statusCode).toBe(303);
    // Someone else's article stays out of reach.
    const other = await create(editor.cookie, { title: 'Not theirs' });
    expect((await editPage(other, cookie)).statusCode).toBe(403);
  });

  it('moves a draft to the trash (edits saved), restores it, and refuses the wrong people', async () => {
    const id = await create(contributor.cookie, { title: 'Second thoughts' });
    const outsider = await createStaffUser(t.app, 'contributor');
    const outsiderCookie = await loginAs(t.app, outsider.email, outsider.password);
    expect((await act(id, outsiderCookie, 'trash', { title: 'Second thoughts' }, 1)).statusCode).toBe(403);
    const page = await editPage(id, contributor.cookie);
    expect(page.body).toContain('value="trash"');
    const trashed = await act(id, contributor.cookie, 'trash', { title: 'Second thoughts', standfirst: 'Typed before trashing.' });
    expect(trashed.statusCode).toBe(303);
    expect(trashed.headers.location).toBe('/newsroom/articles?done=Moved%20to%20the%20trash.');
    expect(await stored(id)).toMatchObject({ status: 'draft', draft: { standfirst: 'Typed before trashing.' } });
    expect((await stored(id)).trashedAt).not.toBeNull();
    expect(await auditFor(id)).toEqual(['article.trashed', 'article.created']);

    const list = await t.app.inject({ url: '/newsroom/articles?mine=1', headers: { cookie: contributor.cookie } });
    expect(list.body).not.toContain('Second thoughts');
    expect(list.body).toMatch(/Trash <span class="nr-count">1<\/span>/);
    const trash = await t.app.inject({ url: '/newsroom/articles?status=trash', headers: { cookie: contributor.cookie } });
    expect(trash.body).toContain('Second thoughts');
    expect(trash.body).toContain(`action="/newsroom/articles/${id}/restore-from-trash"`);
    await expectValidHtml(trash.body);
    const edit = await editPage(id, contributor.cookie);
    expect(edit.statusCode).toBe(200);
    expect(edit.body).toContain('is in the trash');
    expect(edit.body).not.toContain('id="article-form"');
    await expectValidHtml(edit.body);
    // Nothing changes a trashed article: not the form, not autosave.
    expect((await act(id, contributor.cookie, 'save', { title: 'Second thoughts' }, version(page.body) + 1)).statusCode).toBe(403);
    const token = page.body.match(/name="_csrf" value="([^"]+)"/)![1]!;
    const autosave = await t.app.inject({
      method: 'POST',
      url: `/newsroom/articles/${id}/autosave`,
      headers: { cookie: contributor.cookie, 'x-csrf-token': token },
      payload: { ...form(), version: 99 },
    });
    expect(autosave.statusCode).toBe(409);
    expect(autosave.json()).toEqual({ message: 'This article was moved to the trash' });

    expect((await postForm(t.app, `/newsroom/articles/${id}/restore-from-trash`, outsiderCookie, {})).statusCode).toBe(403);
    const restored = await postForm(t.app, `/newsroom/articles/${id}/restore-from-trash`, contributor.cookie, {});
    expect(restored.statusCode).toBe(303);
    expect((await t.app.inject({ url: restored.headers.location!, headers: { cookie: contributor.cookie } })).body).toContain('Taken out of the trash.');
    expect(await stored(id)).toMatchObject({ status: 'draft', trashedAt: null });
    expect((await auditFor(id))[0]).toBe('article.restored');
    expect((await postForm(t.app, `/newsroom/articles/${id}/restore-from-trash`, contributor.cookie, {})).statusCode).toBe(409);

    // A writer's article waiting for review is no longer theirs to trash.
    await act(id, contributor.cookie, 'submit', { title: 'Second thoughts' });
    expect(
      (await postForm(t.app, `/newsroom/articles/${id}`, contributor.cookie, form({ intent: 'trash', version: String((await stored(id)).version) })))
        .statusCode,
    ).toBe(403);
  });

  it('trashes a published story (unpublished first, audited as both): 410 on the site, gone from search and feed; comments kept until deleted for good', async () => {
    const id = await makeArticle(t.app.services, { title: 'Quokka census story', primarySectionId: sectionId });
    const path = (await t.app.services.articles.findPublishedById(id))!.path;
    const now = '2026-03-02T09:00:00.000Z';
    await t.database.db
      .insertInto('comments')
      .values({
        article_id: id,
        parent_id: null,
        status: 'approved',
        body: 'Great read',
        body_html: '<p>Great read</p>',
        author_name: 'Reader',
        author_email: 'reader@example.test',
        is_staff: false,
        notify_replies: false,
        spam_score: null,
        reasons: '[]',
        created_at: now,
        updated_at: now,
        edited_at: null,
        status_changed_at: now,
        user_id: null,
      })
      .execute();
    expect((await t.app.inject(path)).statusCode).toBe(200);
    const searchFor = async (q: string) => (await t.app.inject(`/search?q=${q}`)).body.replace(/<\/?mark>/g, '');
    expect(await searchFor('quokka')).toContain('Quokka census story');
    expect((await t.app.inject('/sitemaps/news.xml')).body).toContain(path);

    const author = await createStaffUser(t.app, 'author');
    const authorCookie = await loginAs(t.app, author.email, author.password);
    expect((await postForm(t.app, `/newsroom/articles/${id}`, authorCookie, form({ intent: 'trash', version: '1' }))).statusCode).toBe(403);

    const events: ArticleEventPayload[] = [];
    const off = t.app.services.events.on('article.unpublished', (p) => void events.push(p));
    const page = await editPage(id, editor.cookie);
    expect(page.body).toContain('Unpublish and move to trash');
    const res = await act(id, editor.cookie, 'trash', { title: 'Quokka census story' });
    off();
    expect(res.statusCode).toBe(303);
    expect(events.map((e) => e.articleId)).toEqual([id]);
    expect(await auditFor(id)).toEqual(['article.trashed', 'article.unpublish']);
    // Removed on purpose: 410 Gone (a story deleted for good, below, is simply not found).
    const gone = await t.app.inject(path);
    expect(gone.statusCode, String(gone.headers.location)).toBe(410);
    expect(await searchFor('quokka')).not.toContain('Quokka census story');
    expect((await t.app.inject('/feed/')).body).not.toContain('Quokka census story');
    expect((await t.app.inject('/sitemaps/news.xml')).body).not.toContain(path);
    const comments = () => t.database.db.selectFrom('comments').select('id').where('article_id', '=', id).execute();
    expect(await comments()).toHaveLength(1);

    // Deleting for good: a confirmation page (authors and contributors may not), then everything goes.
    expect((await t.app.inject({ url: `/newsroom/articles/${id}/delete`, headers: { cookie: authorCookie } })).statusCode).toBe(403);
    expect((await postForm(t.app, `/newsroom/articles/${id}/delete`, contributor.cookie, {})).statusCode).toBe(403);
    const confirm = await t.app.inject({ url: `/newsroom/articles/${id}/delete`, headers: { cookie: editor.cookie } });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('1 reader comment');
    await expectValidHtml(confirm.body);
    const deleted = await postForm(t.app, `/newsroom/articles/${id}/delete`, editor.cookie, {});
    expect(deleted.statusCode).toBe(303);
    expect(deleted.headers.location).toBe('/newsroom/articles?status=trash&done=Deleted%20for%20good.');
    expect(await t.app.services.editorial.find(id)).toBeNull();
    expect(await comments()).toEqual([]);
    expect(await t.app.services.editorial.revisions(id)).toEqual([]);
    const [entry] = await t.app.services.audit.list({ subjectType: 'article', subjectId: id, limit: 1 });
    expect(entry).toMatchObject({ action: 'article.deleted', before: { title: 'Quokka census story' } });
    const edit = await t.app.inject({ url: `/newsroom/articles/${id}/edit`, headers: { cookie: editor.cookie } });
    expect(edit.statusCode).toBe(404);
    expect(edit.body).toContain('it may have been deleted for good');
    expect((await t.app.inject(path)).statusCode).toBe(404);
  });

  it('deletes for good only from the trash', async () => {
    const id = await create(editor.cookie, { title: 'Not trashed' });
    expect((await postForm(t.app, `/newsroom/articles/${id}/delete`, editor.cookie, {})).statusCode).toBe(409);
    expect(await t.app.services.editorial.find(id)).not.toBeNull();
  });

  it("sends the edit page's old preview address on to the site's preview", async () => {
    const id = await create(editor.cookie, { title: 'Previewed from an old link' });
    expect((await editPage(id, editor.cookie)).body).toContain(`<a href="/preview/articles/${id}">Preview</a>`);
    const res = await t.app.inject({ url: `/newsroom/articles/${id}/preview`, headers: { cookie: editor.cookie } });
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe(`/preview/articles/${id}`);
  });

  it('puts a refusal the service names a field for beside that field, in the form and in autosave', async () => {
    await create(editor.cookie, { title: 'Taken slug', slug: 'taken-slug' });
    const id = await create(editor.cookie, { title: 'Wants the slug' });
    const message = 'Another article already has the slug "taken-slug"';
    const refused = await act(id, editor.cookie, 'save', { title: 'Wants the slug', slug: 'taken-slug', standfirst: 'Kept.' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain(`<p class="nr-field-error" id="slug-error">${message.replace(/"/g, '&quot;')}</p>`);
    expect(refused.body).toContain('aria-describedby="slug-hint slug-error"');
    expect(refused.body).toContain('Kept.');
    await expectValidHtml(refused.body);
    const page = await editPage(id, editor.cookie);
    const token = page.body.match(/name="_csrf" value="([^"]+)"/)![1]!;
    const autosave = await t.app.inject({
      method: 'POST',
      url: `/newsroom/articles/${id}/autosave`,
      headers: { cookie: editor.cookie, 'x-csrf-token': token },
      payload: { ...form({ title: 'Wants the slug', slug: 'taken-slug' }), version: version(page.body) },
    });
    expect(autosave.statusCode).toBe(422);
    expect(autosave.json()).toEqual({ message, errors: { slug: message } });
    // The schedule's time: the service's message above the form, its field's beside the time.
    const missing = await act(id, editor.cookie, 'schedule', { title: 'Wants the slug', at: '' });
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toContain('Not scheduled: enter the date and time to publish at.');
    expect(missing.body).toContain('<p class="nr-field-error" id="schedule-at-error">Enter a date and time</p>');
    expect(missing.body).not.toContain('id="slug-error"');
  });

  it('reads other sections and byline slots as the form sends them, one value or several, empty slots left out', async () => {
    const other = (await makeSection(t.app.services, { name: 'Economy' })).id;
    const third = (await makeSection(t.app.services, { name: 'Europe' })).id;
    const id = await create(editor.cookie, { title: 'One other section' });
    const body = new URLSearchParams({
      ...form({ title: 'One other section', sectionIds: String(other) }),
      version: String(version((await editPage(id, editor.cookie)).body)),
    });
    body.append('authorIds', String(contributor.personId));
    body.append('authorIds', '');
    body.append('_csrf', await csrfToken(t.app, editor.cookie));
    const one = await t.app.inject({
      method: 'POST',
      url: `/newsroom/articles/${id}`,
      headers: { cookie: editor.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
    expect(one.statusCode, one.body.slice(0, 1000)).toBe(303);
    expect((await stored(id)).draft).toMatchObject({ sectionIds: [other], authorIds: [contributor.personId] });
    body.append('sectionIds', String(third));
    body.set('version', String((await stored(id)).version));
    const two = await t.app.inject({
      method: 'POST',
      url: `/newsroom/articles/${id}`,
      headers: { cookie: editor.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
    expect(two.statusCode).toBe(303);
    expect((await stored(id)).draft.sectionIds).toEqual([other, third]);
  });

  it('pages the list by cursor links (100 to a page), and refuses a malformed cursor', async () => {
    const ids: number[] = [];
    for (let n = 0; n < 105; n++) ids.push(await makeArticle(t.app.services, { title: `Paged ${n}`, publishedAt: null }));
    // Older than every other article here, and all saved at once (a tie).
    await t.database.db.updateTable('articles').set({ updated_at: '2020-01-01T00:00:00.000Z' }).where('id', 'in', ids).execute();
    const titles = (html: string) => [...html.matchAll(/>Paged (\d+)<\/a>/g)].map((m) => Number(m[1]));
    const pages: number[][] = [];
    let url: string | null = '/newsroom/articles?status=draft&q=Paged';
    while (url) {
      const res: { statusCode: number; body: string } = await t.app.inject({ url, headers: { cookie: editor.cookie } });
      expect(res.statusCode).toBe(200);
      pages.push(titles(res.body));
      url = res.body.match(/<a href="([^"]+)" rel="next">Saved earlier →<\/a>/)?.[1]?.replaceAll('&amp;', '&') ?? null;
    }
    expect(pages.map((p) => p.length)).toEqual([100, 5]);
    // Newest id first within the tie, every one once.
    expect(pages.flat()).toEqual(Array.from({ length: 105 }, (_, n) => 104 - n));
    expect((await t.app.inject({ url: '/newsroom/articles?after=2020-01-01~5', headers: { cookie: editor.cookie } })).statusCode).toBe(400);
  });

  it('refuses malformed addresses and fields with the 400 page, and keeps what a person can type friendly', async () => {
    const bad = await t.app.inject({ url: '/newsroom/articles/abc/edit', headers: { cookie: editor.cookie } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('The request was not valid');
    expect((await t.app.inject({ url: '/newsroom/articles?status=archived', headers: { cookie: editor.cookie } })).statusCode).toBe(400);
    const id = await create(editor.cookie, { title: 'Well formed' });
    expect((await act(id, editor.cookie, 'shout', { title: 'Well formed' })).statusCode).toBe(400);
    expect((await postForm(t.app, `/newsroom/articles/${id}`, editor.cookie, form({ title: 'No version' }))).statusCode).toBe(400);
    // A long filter is cut, not refused; a size that is not a number is the form's own message.
    const long = await t.app.inject({ url: `/newsroom/articles?q=${'a'.repeat(500)}`, headers: { cookie: editor.cookie } });
    expect(long.statusCode).toBe(200);
    expect(long.body).toContain(`value="${'a'.repeat(200)}"`);
    const size = await act(id, editor.cookie, 'save', { title: 'Well formed', imageWidth: 'wide' });
    expect(size.statusCode).toBe(422);
    expect(size.body).toContain('Enter a whole number of pixels');
  });
});
