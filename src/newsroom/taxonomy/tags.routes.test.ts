import { expect, it } from 'vitest';
import { makeArticle } from '../../../test/factories.js';
import { describeEachDialect } from '../../../test/helpers/database.js';
import { expectValidHtml } from '../../../test/helpers/html.js';
import { searchArticleIds } from '../../../test/helpers/search.js';
import { useAppWithEachRole } from '../../../test/helpers/newsroom-roles.js';
import { postForm } from '../../../test/helpers/staff.js';

describeEachDialect('newsroom tags', (dialect) => {
  const site = useAppWithEachRole(dialect);

  const get = (url: string, cookie = site.as.editor.cookie) => site.t.app.inject({ url, headers: { cookie } });
  const tag = (name: string) => site.t.app.services.taxonomy.ensureTag(name);
  const searchIds = (q: string) => searchArticleIds(site.t.app.services, q);

  it('is for editors and administrators; authors and contributors get 403', async () => {
    const id = await tag('Guarded tag');
    expect((await site.t.app.inject('/newsroom/tags')).statusCode).toBe(303);
    for (const cookie of [site.as.author.cookie, site.as.contributor.cookie]) {
      for (const url of ['/newsroom/tags', `/newsroom/tags/${id}`]) expect((await get(url, cookie)).statusCode).toBe(403);
      expect((await postForm(site.t.app, `/newsroom/tags/${id}`, cookie, { name: 'Renamed', slug: '' })).statusCode).toBe(403);
      expect((await postForm(site.t.app, `/newsroom/tags/${id}/merge`, cookie, { into: 'x' })).statusCode).toBe(403);
      expect((await postForm(site.t.app, `/newsroom/tags/${id}/delete`, cookie, { confirm: 'yes' })).statusCode).toBe(403);
      expect((await get('/newsroom/', cookie)).body).not.toContain('href="/newsroom/tags"');
    }
    expect(await site.t.app.services.taxonomy.getTag(id)).toMatchObject({ name: 'Guarded tag' });
    expect((await get('/newsroom/tags', site.as.admin.cookie)).statusCode).toBe(200);
    expect((await get('/newsroom/')).body).toContain('<a href="/newsroom/tags">Tags</a>');
  });

  it('refuses forms without a valid CSRF token', async () => {
    const id = await tag('Protected tag');
    const headers = { cookie: site.as.editor.cookie, 'content-type': 'application/x-www-form-urlencoded' };
    const res = await site.t.app.inject({ method: 'POST', url: `/newsroom/tags/${id}/delete`, headers, payload: 'confirm=yes' });
    expect(res.statusCode).toBe(403);
    expect((await postForm(site.t.app, `/newsroom/tags/${id}`, site.as.editor.cookie, { name: 'Forged' }, { token: 'forged' })).statusCode).toBe(403);
    expect(await site.t.app.services.taxonomy.getTag(id)).toMatchObject({ name: 'Protected tag' });
  });

  it('lists tags with article counts, searchable and paged', async () => {
    for (let i = 0; i < 52; i++) await tag(`Bulk ${String(i).padStart(2, '0')}`);
    const counted = await tag('Counted');
    await makeArticle(site.t.app.services, { tagIds: [counted] });
    await makeArticle(site.t.app.services, { tagIds: [counted], publishedAt: null });

    const first = await get('/newsroom/tags?q=bulk');
    expect(first.body).toContain('52 tags matching “bulk”');
    expect(first.body).toContain('Page 1 of 2');
    expect(first.body).toContain('<a href="/newsroom/tags?q=bulk&amp;page=2">Next →</a>');
    await expectValidHtml(first.body);
    const second = await get('/newsroom/tags?q=bulk&page=2');
    expect(second.body).toContain('Bulk 51');
    expect(second.body).not.toContain('Bulk 00');
    const past = await get('/newsroom/tags?q=bulk&page=3');
    expect([past.statusCode, past.headers.location]).toEqual([303, '/newsroom/tags?q=bulk&page=2']);
    const search = await get('/newsroom/tags?q=count');
    expect(search.body).toMatch(new RegExp(`<a href="/newsroom/tags/${counted}">Counted</a></th><td><a href="/tag/counted/">/tag/counted/</a></td><td>2</td>`));
    expect((await get('/newsroom/tags?q=nothing-like-this')).body).toContain('No tag matches “nothing-like-this”.');
  });

  it('renames a tag: the old address redirects and search finds its stories by the new name', async () => {
    const id = await tag('Chips');
    await tag('Semiconductors industry');
    const story = await makeArticle(site.t.app.services, { title: 'Foundry expands', tagIds: [id] });
    const page = await get(`/newsroom/tags/${id}`);
    expect(page.body).toContain('On 1 article; its page is <a href="/tag/chips/">/tag/chips/</a>.');
    await expectValidHtml(page.body);

    const taken = await postForm(site.t.app, `/newsroom/tags/${id}`, site.as.editor.cookie, { name: 'Semis', slug: 'semiconductors-industry' });
    expect(taken.statusCode).toBe(422);
    expect(taken.body).toContain('“Semiconductors industry” already has this slug: merge this tag into it instead.');
    expect(taken.body).toContain('value="Semis"');
    await expectValidHtml(taken.body);
    const empty = await postForm(site.t.app, `/newsroom/tags/${id}`, site.as.editor.cookie, { name: '  ', slug: '' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Enter a name.');

    const renamed = await postForm(site.t.app, `/newsroom/tags/${id}`, site.as.editor.cookie, { name: 'Microchips', slug: '' });
    expect([renamed.statusCode, renamed.headers.location]).toEqual([303, `/newsroom/tags/${id}?done=renamed`]);
    const old = await site.t.app.inject('/tag/chips/');
    expect([old.statusCode, old.headers.location]).toEqual([301, '/tag/microchips/']);
    expect((await site.t.app.inject('/tag/chips/feed/json/')).headers.location).toBe('/tag/microchips/feed/json/');
    expect((await site.t.app.inject('/tag/microchips/')).body).toContain('Foundry expands');
    expect(await searchIds('microchips')).toEqual([story]);
    expect(await searchIds('chips')).toEqual([]);
  });

  it('merges a tag into another named by name or slug; mistakes come back with a message', async () => {
    const from = await tag('Cryptocurrency');
    const into = await tag('Crypto assets');
    const both = await makeArticle(site.t.app.services, { title: 'Exchange audit', tagIds: [from, into] });
    const one = await makeArticle(site.t.app.services, { title: 'Wallet fees', tagIds: [from] });

    const unknown = await postForm(site.t.app, `/newsroom/tags/${from}/merge`, site.as.editor.cookie, { into: 'Nonexistent topic' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.body).toContain('There is no tag called “Nonexistent topic”.');
    expect(unknown.body).toContain('value="Nonexistent topic"');
    await expectValidHtml(unknown.body);
    const self = await postForm(site.t.app, `/newsroom/tags/${from}/merge`, site.as.editor.cookie, { into: 'cryptocurrency' });
    expect(self.statusCode).toBe(422);
    expect(self.body).toContain('Choose a different tag.');

    const merged = await postForm(site.t.app, `/newsroom/tags/${from}/merge`, site.as.editor.cookie, { into: 'crypto-assets' });
    expect([merged.statusCode, merged.headers.location]).toEqual([303, `/newsroom/tags/${into}?done=merged`]);
    expect((await get(`/newsroom/tags/${into}?done=merged`)).body).toContain('On 2 articles');
    expect((await site.t.app.inject('/tag/cryptocurrency/')).headers.location).toBe('/tag/crypto-assets/');
    expect((await searchIds('cryptocurrency')).length).toBe(0);
    expect((await searchIds('crypto assets')).sort()).toEqual([both, one].sort());
    expect((await get(`/newsroom/tags/${from}`)).statusCode).toBe(404);
    expect((await postForm(site.t.app, `/newsroom/tags/${from}/merge`, site.as.editor.cookie, { into: 'crypto-assets' })).statusCode).toBe(404);
  });

  it('deletes a tag after confirmation, optionally giving its stories another tag', async () => {
    const doomed = await tag('Doomed');
    const kept = await tag('Kept');
    const story = await makeArticle(site.t.app.services, { title: 'Orchard harvest', tagIds: [doomed] });
    const unconfirmed = await postForm(site.t.app, `/newsroom/tags/${doomed}/delete`, site.as.editor.cookie, { into: 'Kept' });
    expect(unconfirmed.statusCode).toBe(422);
    expect(unconfirmed.body).toContain('Tick the box to confirm that you want to delete it.');
    expect(unconfirmed.body).toContain('value="Kept"');
    await expectValidHtml(unconfirmed.body);
    const deleted = await postForm(site.t.app, `/newsroom/tags/${doomed}/delete`, site.as.editor.cookie, { into: 'Kept', confirm: 'yes' });
    expect([deleted.statusCode, deleted.headers.location]).toEqual([303, '/newsroom/tags?done=deleted']);
    expect((await site.t.app.services.articles.findPublishedById(story))!.tags.map((tg) => tg.id)).toEqual([kept]);
    expect((await site.t.app.inject('/tag/doomed/')).headers.location).toBe('/tag/kept/');

    const alone = await tag('Alone');
    const other = await makeArticle(site.t.app.services, { title: 'Quiet street', tagIds: [alone] });
    expect((await postForm(site.t.app, `/newsroom/tags/${alone}/delete`, site.as.editor.cookie, { into: '', confirm: 'yes' })).statusCode).toBe(303);
    expect((await site.t.app.services.articles.findPublishedById(other))!.tags).toEqual([]);
    expect((await site.t.app.inject('/tag/alone/')).statusCode).toBe(404);
    expect((await site.t.app.services.audit.list({ action: 'tag.deleted' })).map((e) => e.subjectId)).toEqual([String(alone), String(doomed)]);
  });
});
