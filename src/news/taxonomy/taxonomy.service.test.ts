import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeArticle, makeSection } from '../../../test/factories.js';
import { ManualClock } from '../../../test/helpers/clock.js';
import { describeEachDialect } from '../../../test/helpers/database.js';
import { searchArticleIds } from '../../../test/helpers/search.js';
import { createTestServices, domainRejection } from '../../../test/helpers/services.js';
import type { DatabaseHandle } from '../../platform/db/connection.js';
import type { NewsServices } from '../services.js';

describeEachDialect('TaxonomyService', (dialect) => {
  let database: DatabaseHandle;
  let services: NewsServices;
  const clock = new ManualClock('2026-11-27T10:00:00.000Z');
  const actor = { userId: null, ip: '10.1.2.3' };

  beforeEach(async () => {
    ({ database, services } = await createTestServices(dialect, clock));
  });
  afterEach(async () => database.destroy());

  /** The field errors of the `invalid` DomainError `work` rejects with. */
  async function fieldErrorsOf(work: Promise<unknown>): Promise<Record<string, string>> {
    const error = await domainRejection(work);
    expect(error.code).toBe('invalid');
    return error.details;
  }
  const sectionsOf = async (articleId: number) =>
    (await database.db.selectFrom('article_sections').select('section_id').where('article_id', '=', articleId).orderBy('section_id').execute()).map(
      (r) => r.section_id,
    );
  const primaryOf = async (articleId: number) =>
    (await database.db.selectFrom('articles').select('primary_section_id').where('id', '=', articleId).executeTakeFirstOrThrow()).primary_section_id;
  const tagsOf = async (articleId: number) =>
    (await database.db.selectFrom('article_tags').select('tag_id').where('article_id', '=', articleId).orderBy('tag_id').execute()).map((r) => r.tag_id);
  const searchIds = (q: string) => searchArticleIds(services, q);

  it('moves sections within the tree, and never into themselves or their own subsections', async () => {
    const world = await makeSection(services, { name: 'World', slug: 'world' });
    const americas = await makeSection(services, { name: 'Americas', slug: 'americas', parentId: world.id });
    const venezuela = await makeSection(services, { name: 'Venezuela', slug: 'venezuela', parentId: americas.id });
    const fields = { name: 'World', slug: 'world' };

    expect(await fieldErrorsOf(services.taxonomy.updateSection(world.id, { ...fields, parentId: venezuela.id }))).toEqual({
      parentId: 'A section cannot go inside itself or one of its own subsections.',
    });
    expect((await fieldErrorsOf(services.taxonomy.updateSection(world.id, { ...fields, parentId: world.id }))).parentId).toBeDefined();
    expect((await fieldErrorsOf(services.taxonomy.updateSection(world.id, { ...fields, parentId: 9999 }))).parentId).toBe('Choose a parent from the list.');

    await services.taxonomy.updateSection(venezuela.id, { name: 'Venezuela', slug: 'venezuela', parentId: null }, actor);
    await services.taxonomy.updateSection(world.id, { ...fields, parentId: venezuela.id }, actor);
    const list = await services.taxonomy.sectionList();
    expect(list.map((s) => `${s.depth}:${s.slug}`)).toEqual(['0:venezuela', '1:world', '2:americas']);
    const [entry] = await services.audit.list({ action: 'section.updated', subjectId: world.id });
    expect(entry).toMatchObject({ before: { parent_id: null }, after: { parent_id: venezuela.id }, ip: '10.1.2.3' });
    // The site's cached tree follows at once in this instance.
    expect((await services.taxonomy.findSection('americas'))!.trail.map((s) => s.slug)).toEqual(['venezuela', 'world', 'americas']);
  });

  it('checks names and slugs, and refuses a slug another section has', async () => {
    await makeSection(services, { name: 'Business', slug: 'business' });
    expect(await fieldErrorsOf(services.taxonomy.createSection({ name: 'Markets', slug: 'business' }))).toEqual({
      slug: 'Another section already has this slug.',
    });
    expect(Object.keys(await fieldErrorsOf(services.taxonomy.createSection({ name: ' ', slug: 'Not A Slug' })))).toEqual(['name', 'slug']);
    expect((await fieldErrorsOf(services.taxonomy.createSection({ name: 'Markets', sortOrder: 1.5 }))).sortOrder).toBeDefined();
    const id = await services.taxonomy.createSection({ name: 'Markets & Money' }, actor);
    expect(await services.taxonomy.getSection(id)).toMatchObject({ slug: 'markets-money', comment_policy: 'open', parent_id: null });
    expect((await services.audit.list({ action: 'section.created' }))[0]).toMatchObject({ subjectId: String(id), after: { slug: 'markets-money' } });
  });

  it('reorders siblings with up and down, and puts a new section after its siblings', async () => {
    const last = (name: string) => services.taxonomy.createSection({ name, sortOrder: 'last' }).then((id) => ({ id }));
    const [a, b, c] = [await last('Zebra'), await last('Yak'), await last('Xerus')];
    const order = async () => (await services.taxonomy.sectionList()).map((s) => s.id);
    expect(await order()).toEqual([a.id, b.id, c.id]);
    await services.taxonomy.moveSection(c.id, 'up', actor);
    expect(await order()).toEqual([a.id, c.id, b.id]);
    await services.taxonomy.moveSection(a.id, 'up', actor);
    await services.taxonomy.moveSection(b.id, 'down', actor);
    expect(await order()).toEqual([a.id, c.id, b.id]);
    await services.taxonomy.moveSection(a.id, 'down', actor);
    expect(await order()).toEqual([c.id, a.id, b.id]);
    const list = await services.taxonomy.sectionList();
    expect(list.map((s) => [s.firstAmongSiblings, s.lastAmongSiblings])).toEqual([
      [true, false],
      [false, false],
      [false, true],
    ]);
  });

  it('keeps old section addresses (and everything under them) working after a slug change, without chains or loops', async () => {
    const section = await makeSection(services, { name: 'Tech', slug: 'tech' });
    await services.taxonomy.updateSection(section.id, { name: 'Technology', slug: 'technology' });
    expect(await services.redirects.target('/section/tech/')).toBe('/section/technology/');
    expect(await services.redirects.target('/section/tech')).toBe('/section/technology/');
    expect(await services.redirects.target('/section/tech/page/2/')).toBe('/section/technology/page/2/');
    expect(await services.redirects.target('/section/tech/feed/atom/')).toBe('/section/technology/feed/atom/');
    expect(await services.redirects.target('/section/technical/')).toBeNull();

    await services.taxonomy.updateSection(section.id, { name: 'Science and tech', slug: 'science-tech' });
    expect(await services.redirects.target('/section/tech/')).toBe('/section/science-tech/');
    expect(await services.redirects.target('/section/technology/')).toBe('/section/science-tech/');
    // Back to an old slug: that address is live again, and the one it redirected to now points back.
    await services.taxonomy.updateSection(section.id, { name: 'Tech', slug: 'tech' });
    expect(await services.redirects.target('/section/tech/')).toBeNull();
    expect(await services.redirects.target('/section/science-tech/')).toBe('/section/tech/');
    expect(await services.redirects.target('/section/technology/')).toBe('/section/tech/');
  });

  it('deletes a section, moving its articles to another one in one go, even those already in both', async () => {
    const old = await makeSection(services, { name: 'Old', slug: 'old' });
    const keep = await makeSection(services, { name: 'Keep', slug: 'keep' });
    const onlyOld = await makeArticle(services, { primarySectionId: old.id });
    const primaryOld = await makeArticle(services, { primarySectionId: old.id, sectionIds: [keep.id] });
    const primaryKeep = await makeArticle(services, { primarySectionId: keep.id, sectionIds: [old.id] });
    const elsewhere = await makeArticle(services, { primarySectionId: null, sectionIds: [old.id] });

    await services.taxonomy.deleteSection(old.id, { moveArticlesTo: keep.id }, actor);
    for (const id of [onlyOld, primaryOld, primaryKeep, elsewhere]) expect(await sectionsOf(id)).toEqual([keep.id]);
    // Search's section filter follows them to their new section.
    const inKeep = await services.search.search({ q: 'story', section: 'keep', perPage: 10 });
    expect(inKeep.kind === 'results' ? inKeep.results.items.map((hit) => hit.article.id).sort() : []).toEqual(
      [onlyOld, primaryOld, primaryKeep, elsewhere].sort(),
    );
    expect([await primaryOf(onlyOld), await primaryOf(primaryOld), await primaryOf(primaryKeep), await primaryOf(elsewhere)]).toEqual([
      keep.id,
      keep.id,
      keep.id,
      null,
    ]);
    await expect(services.taxonomy.getSection(old.id)).rejects.toMatchObject({ code: 'not_found' });
    expect(await services.redirects.target('/section/old/page/3/')).toBe('/section/keep/page/3/');
    expect((await services.audit.list({ action: 'section.deleted' }))[0]).toMatchObject({
      subjectId: String(old.id),
      before: { slug: 'old' },
      after: { articlesMovedTo: { id: keep.id, slug: 'keep' }, articlesMoved: 4 },
    });
  });

  it('refuses to delete a section with subsections; without a target its articles simply lose it', async () => {
    const parent = await makeSection(services, { name: 'Parent' });
    const child = await makeSection(services, { name: 'Child', parentId: parent.id });
    expect(await fieldErrorsOf(services.taxonomy.deleteSection(parent.id, { moveArticlesTo: null }))).toEqual({ section: 'It has subsections.' });
    expect(await fieldErrorsOf(services.taxonomy.deleteSection(child.id, { moveArticlesTo: child.id }))).toEqual({
      moveTo: 'Choose another section from the list.',
    });
    const article = await makeArticle(services, { primarySectionId: child.id });
    await services.taxonomy.deleteSection(child.id, { moveArticlesTo: null });
    expect([await sectionsOf(article), await primaryOf(article)]).toEqual([[], null]);
    await services.taxonomy.deleteSection(parent.id, { moveArticlesTo: null });
    expect(await services.taxonomy.sectionList()).toEqual([]);
  });

  it('merges one tag into another: each article keeps one link, the old tag and its address go, search follows', async () => {
    const [metals, bullion] = [await services.taxonomy.ensureTag('Metals'), await services.taxonomy.ensureTag('Bullion')];
    const both = await makeArticle(services, { title: 'Gold climbs', tagIds: [metals, bullion] });
    const onlyMetals = await makeArticle(services, { title: 'Silver slips', tagIds: [metals] });
    const draft = await makeArticle(services, { title: 'Platinum notes', tagIds: [metals], publishedAt: null });
    expect((await searchIds('metals')).sort()).toEqual([both, onlyMetals].sort());

    await services.taxonomy.mergeTags(metals, bullion, actor);
    for (const id of [both, onlyMetals, draft]) expect(await tagsOf(id)).toEqual([bullion]);
    expect(await services.taxonomy.findTag('metals')).toBeNull();
    expect(await services.redirects.target('/tag/metals/feed/')).toBe('/tag/bullion/feed/');
    expect(await searchIds('metals')).toEqual([]);
    expect((await searchIds('bullion')).sort()).toEqual([both, onlyMetals].sort());
    expect((await services.audit.list({ action: 'tag.merged' }))[0]).toMatchObject({
      subjectId: String(metals),
      before: { name: 'Metals', slug: 'metals', articles: 3 },
      after: { into: { id: bullion, slug: 'bullion' } },
    });
    expect(await fieldErrorsOf(services.taxonomy.mergeTags(bullion, bullion))).toEqual({ into: 'Choose a different tag.' });
  });

  it('renames a tag: search finds its articles by the new name only, and the old address redirects', async () => {
    const tag = await services.taxonomy.ensureTag('Crypto');
    const other = await services.taxonomy.ensureTag('Ledger');
    const article = await makeArticle(services, { title: 'Exchange outflows rise', tagIds: [tag] });
    expect(await searchIds('crypto')).toEqual([article]);

    expect(await fieldErrorsOf(services.taxonomy.renameTag(tag, { name: 'Ledger', slug: 'ledger' }))).toEqual({
      slug: '“Ledger” already has this slug: merge this tag into it instead.',
    });
    await services.taxonomy.renameTag(tag, { name: 'Digital assets', slug: '' }, actor);
    expect(await services.taxonomy.getTag(tag)).toMatchObject({ name: 'Digital assets', slug: 'digital-assets' });
    expect(await searchIds('crypto')).toEqual([]);
    expect(await searchIds('digital assets')).toEqual([article]);
    expect(await services.redirects.target('/tag/crypto/')).toBe('/tag/digital-assets/');
    expect((await services.audit.list({ action: 'tag.renamed' }))[0]).toMatchObject({
      before: { name: 'Crypto', slug: 'crypto' },
      after: { name: 'Digital assets', slug: 'digital-assets' },
    });
    // Writers typing the new name get the same tag, whatever the case.
    expect(await services.taxonomy.ensureTag('digital ASSETS')).toBe(tag);
    expect(other).not.toBe(tag);
  });

  it('deletes a tag, optionally giving its articles another one, and lists tags with counts, searchable and paged', async () => {
    const [oil, energy, gas] = [
      await services.taxonomy.ensureTag('Oil'),
      await services.taxonomy.ensureTag('Energy'),
      await services.taxonomy.ensureTag('Gas'),
    ];
    const a = await makeArticle(services, { title: 'Pipeline deal', tagIds: [oil, gas] });
    const b = await makeArticle(services, { title: 'Refinery fire', tagIds: [oil] });
    expect((await services.taxonomy.listTags({ q: 'o' })).items.map((t) => [t.name, t.articleCount])).toEqual([['Oil', 2]]);
    const paged = await services.taxonomy.listTags({ perPage: 2, page: 2 });
    expect([paged.total, paged.pageCount, paged.items.map((t) => t.name)]).toEqual([3, 2, ['Oil']]);
    expect((await services.taxonomy.listTags({ q: '100%_' })).items).toEqual([]);

    await services.taxonomy.deleteTag(gas, { reassignTo: energy }, actor);
    expect(await tagsOf(a)).toEqual([oil, energy].sort((x, y) => x - y));
    await services.taxonomy.deleteTag(oil, { reassignTo: null }, actor);
    expect([await tagsOf(a), await tagsOf(b)]).toEqual([[energy], []]);
    expect(await searchIds('oil')).toEqual([]);
    expect(await services.redirects.target('/tag/oil/')).toBeNull();
    expect(await services.redirects.target('/tag/gas/')).toBe('/tag/energy/');
    const deleted = await services.audit.list({ action: 'tag.deleted' });
    expect(deleted.map((e) => [e.subjectId, (e.after as { into: unknown }).into])).toEqual([
      [String(oil), null],
      [String(gas), { id: energy, name: 'Energy', slug: 'energy' }],
    ]);
    await expect(services.taxonomy.deleteTag(oil, { reassignTo: null })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('says what became of a tag: itself after a rename, the end of a chain of merges, nothing after a plain delete', async () => {
    const tag = (name: string) => services.taxonomy.ensureTag(name);
    const [brexit, eu, europe, greece, ports] = [await tag('Brexit'), await tag('EU'), await tag('Europe'), await tag('Greece'), await tag('Ports')];
    await services.taxonomy.renameTag(brexit, { name: 'Brexit talks' }, actor);
    await services.taxonomy.mergeTags(eu, europe, actor);
    await services.taxonomy.deleteTag(europe, { reassignTo: greece }, actor);
    await services.taxonomy.deleteTag(ports, { reassignTo: null }, actor);
    expect(await Promise.all([brexit, eu, europe, ports, 9_999_999].map((id) => services.taxonomy.tagNow(id)))).toEqual([
      brexit,
      greece,
      greece,
      null,
      undefined,
    ]);
  });
});
