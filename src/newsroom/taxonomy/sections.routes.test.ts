import { expect, it } from 'vitest';
import { makeArticle, makeSection } from '../../../test/factories.js';
import { describeEachDialect } from '../../../test/helpers/database.js';
import { expectValidHtml } from '../../../test/helpers/html.js';
import { useAppWithEachRole } from '../../../test/helpers/newsroom-roles.js';
import { postForm } from '../../../test/helpers/staff.js';

describeEachDialect('newsroom sections', (dialect) => {
  const site = useAppWithEachRole(dialect);

  const get = (url: string, cookie = site.as.editor.cookie) => site.t.app.inject({ url, headers: { cookie } });
  const form = (fields: Record<string, string> = {}) => ({
    name: '',
    slug: '',
    description: '',
    parentId: '',
    commentPolicy: 'open',
    sortOrder: '',
    ...fields,
  });
  const order = async () => (await site.t.app.services.taxonomy.sectionList()).map((s) => s.slug);

  it('is for editors and administrators, with a link in their navigation; authors and contributors get 403', async () => {
    const section = await makeSection(site.t.app.services, { name: 'Guarded', slug: 'guarded' });
    expect((await site.t.app.inject('/newsroom/sections')).statusCode).toBe(303);
    for (const cookie of [site.as.author.cookie, site.as.contributor.cookie]) {
      for (const url of ['/newsroom/sections', '/newsroom/sections/new', `/newsroom/sections/${section.id}/edit`])
        expect((await get(url, cookie)).statusCode).toBe(403);
      expect((await postForm(site.t.app, '/newsroom/sections', cookie, form({ name: 'Sneaky' }))).statusCode).toBe(403);
      expect((await postForm(site.t.app, `/newsroom/sections/${section.id}/move`, cookie, { direction: 'up' })).statusCode).toBe(403);
      expect((await postForm(site.t.app, `/newsroom/sections/${section.id}/delete`, cookie, { confirm: 'yes' })).statusCode).toBe(403);
      expect((await get('/newsroom/', cookie)).body).not.toContain('href="/newsroom/sections"');
    }
    expect(await site.t.app.services.taxonomy.getSection(section.id)).toMatchObject({ name: 'Guarded' });
    expect((await get('/newsroom/sections', site.as.admin.cookie)).statusCode).toBe(200);
    expect((await get('/newsroom/')).body).toContain('<a href="/newsroom/sections">Sections</a>');
  });

  it('refuses forms without a valid CSRF token', async () => {
    const section = await makeSection(site.t.app.services, { name: 'Protected' });
    const headers = { cookie: site.as.editor.cookie, 'content-type': 'application/x-www-form-urlencoded' };
    const noToken = await site.t.app.inject({
      method: 'POST',
      url: '/newsroom/sections',
      headers,
      payload: new URLSearchParams(form({ name: 'No token' })).toString(),
    });
    expect(noToken.statusCode).toBe(403);
    expect(
      (await postForm(site.t.app, `/newsroom/sections/${section.id}/delete`, site.as.editor.cookie, { confirm: 'yes' }, { token: 'forged' })).statusCode,
    ).toBe(403);
    expect(await order()).not.toContain('no-token');
    expect(await site.t.app.services.taxonomy.getSection(section.id)).toBeDefined();
  });

  it('adds a section and shows the tree indented, in order', async () => {
    const page = await get('/newsroom/sections/new');
    expect(page.statusCode).toBe(200);
    await expectValidHtml(page.body);
    const world = await postForm(
      site.t.app,
      '/newsroom/sections',
      site.as.editor.cookie,
      form({ name: 'World', description: 'News from everywhere', commentPolicy: 'premoderated' }),
    );
    expect(world.statusCode).toBe(303);
    const worldId = Number(world.headers.location!.match(/#section-(\d+)$/)![1]);
    expect(await site.t.app.services.taxonomy.getSection(worldId)).toMatchObject({
      slug: 'world',
      comment_policy: 'premoderated',
      description: 'News from everywhere',
    });
    expect((await postForm(site.t.app, '/newsroom/sections', site.as.editor.cookie, form({ name: 'Africa', parentId: String(worldId) }))).statusCode).toBe(303);

    const list = await get('/newsroom/sections?done=created');
    expect(list.body).toContain('The section was added.');
    expect(list.body).toMatch(/<th scope="row" class="nr-depth-1"><span aria-hidden="true">– <\/span><a href="\/newsroom\/sections\/\d+\/edit">Africa<\/a>/);
    expect(list.body).toContain('<a href="/section/world/">/section/world/</a>');
    expect(list.body).toContain('<td>Premoderated</td>');
    await expectValidHtml(list.body);
    // The public site shows the new section at once.
    expect((await site.t.app.inject('/section/africa/')).statusCode).toBe(200);
  });

  it('keeps what was typed and says what is wrong: a taken slug, a cycle, a bad order; unknown sections are 404', async () => {
    const parent = await makeSection(site.t.app.services, { name: 'Business', slug: 'business' });
    const child = await makeSection(site.t.app.services, { name: 'Markets', slug: 'markets', parentId: parent.id });
    const taken = await postForm(
      site.t.app,
      '/newsroom/sections',
      site.as.editor.cookie,
      form({ name: 'Money', slug: 'business', description: 'Typed text', sortOrder: 'first' }),
    );
    expect(taken.statusCode).toBe(422);
    expect(taken.body).toContain('Another section already has this slug.');
    expect(taken.body).toContain('Enter a whole number (smaller numbers come first), or leave it empty.');
    expect(taken.body).toMatch(/id="section-slug"[^>]*aria-invalid="true"[^>]*aria-describedby="section-slug-hint section-slug-error"/);
    expect(taken.body).toContain('value="Money"');
    expect(taken.body).toContain('>Typed text</textarea>');
    await expectValidHtml(taken.body);

    const cycle = await postForm(
      site.t.app,
      `/newsroom/sections/${parent.id}`,
      site.as.editor.cookie,
      form({ name: 'Business', slug: 'business', parentId: String(child.id) }),
    );
    expect(cycle.statusCode).toBe(422);
    expect(cycle.body).toContain('A section cannot go inside itself or one of its own subsections.');
    await expectValidHtml(cycle.body);
    expect((await site.t.app.services.taxonomy.getSection(parent.id)).parent_id).toBeNull();

    expect((await get('/newsroom/sections/999999/edit')).statusCode).toBe(404);
    expect((await postForm(site.t.app, '/newsroom/sections/999999', site.as.editor.cookie, form({ name: 'Ghost' }))).statusCode).toBe(404);
    expect((await postForm(site.t.app, '/newsroom/sections/999999/move', site.as.editor.cookie, { direction: 'up' })).statusCode).toBe(404);
    expect((await postForm(site.t.app, '/newsroom/sections/999999/delete', site.as.editor.cookie, { confirm: 'yes' })).statusCode).toBe(404);
  });

  it('edits a section; the old address redirects to the new one, pages and feeds included', async () => {
    const section = await makeSection(site.t.app.services, { name: 'Sport', slug: 'sport' });
    const edit = await get(`/newsroom/sections/${section.id}/edit`);
    expect(edit.body).toContain('value="sport"');
    await expectValidHtml(edit.body);
    const saved = await postForm(
      site.t.app,
      `/newsroom/sections/${section.id}`,
      site.as.editor.cookie,
      form({ name: 'Sports', slug: 'sports', commentPolicy: 'closed', sortOrder: '3' }),
    );
    expect(saved.statusCode).toBe(303);
    expect(await site.t.app.services.taxonomy.getSection(section.id)).toMatchObject({
      name: 'Sports',
      slug: 'sports',
      comment_policy: 'closed',
      sort_order: 3,
    });
    for (const [from, to] of [
      ['/section/sport/', '/section/sports/'],
      ['/section/sport/feed/', '/section/sports/feed/'],
    ] as const) {
      const res = await site.t.app.inject(from);
      expect([res.statusCode, res.headers.location]).toEqual([301, to]);
    }
    expect((await site.t.app.inject('/section/sports/')).statusCode).toBe(200);
    expect((await site.t.app.services.audit.list({ action: 'section.updated', subjectId: section.id }))[0]).toMatchObject({
      before: { name: 'Sport', slug: 'sport', comment_policy: 'open' },
      after: { name: 'Sports', slug: 'sports', comment_policy: 'closed', sort_order: 3 },
    });
  });

  it('reorders with up and down buttons that work without JavaScript', async () => {
    const parent = await makeSection(site.t.app.services, { name: 'Opinion', slug: 'opinion' });
    const [a, b] = [
      await makeSection(site.t.app.services, { name: 'Columns', slug: 'columns', parentId: parent.id }),
      await makeSection(site.t.app.services, { name: 'Letters', slug: 'letters', parentId: parent.id }),
    ];
    const list = await get('/newsroom/sections');
    expect(list.body).toContain(`<form method="post" action="/newsroom/sections/${b.id}/move" class="nr-inline">`);
    expect(list.body).toContain('aria-label="Move Letters up"');
    const moved = await postForm(site.t.app, `/newsroom/sections/${b.id}/move`, site.as.editor.cookie, { direction: 'up' });
    expect([moved.statusCode, moved.headers.location]).toEqual([303, `/newsroom/sections#section-${b.id}`]);
    const slugs = await order();
    expect(slugs.indexOf('letters')).toBe(slugs.indexOf('opinion') + 1);
    expect(slugs.indexOf('columns')).toBe(slugs.indexOf('letters') + 1);
    expect(a.id).not.toBe(b.id);
  });

  it('deletes a section after confirmation, moving its articles; a section with subsections cannot be deleted', async () => {
    const from = await makeSection(site.t.app.services, { name: 'Culture', slug: 'culture' });
    const to = await makeSection(site.t.app.services, { name: 'Arts', slug: 'arts' });
    const article = await makeArticle(site.t.app.services, { primarySectionId: from.id, sectionIds: [to.id] });
    const unconfirmed = await postForm(site.t.app, `/newsroom/sections/${from.id}/delete`, site.as.editor.cookie, { moveTo: String(to.id) });
    expect(unconfirmed.statusCode).toBe(422);
    expect(unconfirmed.body).toContain('Tick the box to confirm that you want to delete it.');
    expect(unconfirmed.body).toMatch(new RegExp(`<option value="${to.id}" selected>`));
    await expectValidHtml(unconfirmed.body);

    const deleted = await postForm(site.t.app, `/newsroom/sections/${from.id}/delete`, site.as.editor.cookie, { moveTo: String(to.id), confirm: 'yes' });
    expect([deleted.statusCode, deleted.headers.location]).toEqual([303, '/newsroom/sections?done=deleted']);
    expect(await site.t.app.services.articles.findPublishedById(article)).toMatchObject({ section: { slug: 'arts' } });
    expect((await site.t.app.inject('/section/culture/')).headers.location).toBe('/section/arts/');
    expect((await site.t.app.services.audit.list({ action: 'section.deleted', subjectId: from.id })).length).toBe(1);

    const parent = await makeSection(site.t.app.services, { name: 'Science' });
    await makeSection(site.t.app.services, { name: 'Space', parentId: parent.id });
    const page = await get(`/newsroom/sections/${parent.id}/edit`);
    expect(page.body).toContain('It has subsections, so it cannot be deleted');
    const refused = await postForm(site.t.app, `/newsroom/sections/${parent.id}/delete`, site.as.editor.cookie, { confirm: 'yes' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('This section has subsections: move them elsewhere or delete them first.');
    await expectValidHtml(refused.body);
  });
});
