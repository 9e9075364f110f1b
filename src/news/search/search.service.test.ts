import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { makeArticle, makePerson, makeSection } from '../../../test/factories.js';
import { createTestDatabase, describeEachDialect } from '../../../test/helpers/database.js';
import type { DatabaseHandle } from '../../platform/db/connection.js';
import { DomainEventBus } from '../events.js';
import { createSigner } from '../../platform/security/signer.js';
import { type NewsServices, createNewsServices } from '../services.js';
import type { Clock } from '../shared/clock.js';
import { DomainError } from '../shared/errors.js';
import { fullTextIndex } from './fulltext.js';
import type { SearchRequest, SearchResults } from './search.service.js';

const NOW = '2026-02-10T12:00:00.000Z';

describeEachDialect('SearchService', (dialect) => {
  let database: DatabaseHandle;
  let services: NewsServices;
  const clock: Clock = { now: () => new Date(NOW) };

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    const events = new DomainEventBus((_, error) => {
      throw error;
    });
    services = createNewsServices({ db: database.db, events, clock, signer: createSigner('k'.repeat(32)) });
  });
  afterEach(async () => database.destroy());

  async function search(q: string, extra: Partial<SearchRequest> = {}): Promise<SearchResults> {
    const outcome = await services.search.search({ q, perPage: 10, ...extra });
    if (outcome.kind !== 'results') throw new Error(`no results for ${q}`);
    return outcome.results;
  }
  const ids = async (q: string, extra: Partial<SearchRequest> = {}) => (await search(q, extra)).items.map((hit) => hit.article.id);

  it('finds a story as soon as it is published, by its new words after an edit, and never after it is unpublished', async () => {
    const id = await makeArticle(services, { title: 'Copper climbs on strike', publishedAt: null });
    expect(await ids('copper')).toEqual([]);
    await services.articles.publish(id);
    expect(await ids('copper')).toEqual([id]);
    await services.articles.update(id, { title: 'Nickel tumbles on glut' });
    expect(await ids('nickel')).toEqual([id]);
    expect(await ids('copper')).toEqual([]);
    await services.articles.update(id, { body: '<p>Smelters in Chile</p>' });
    expect(await ids('smelters')).toEqual([id]);
    await services.articles.unpublish(id);
    expect(await ids('nickel')).toEqual([]);
    await services.articles.publish(id);
    expect(await ids('nickel')).toEqual([id]);
  });

  it('searches the headline, standfirst, body, tag names and author names, ignoring case, accents and word endings', async () => {
    const tagId = await services.taxonomy.ensureTag('Metals');
    const author = await makePerson(services, { displayName: 'Inés Okafor' });
    const id = await makeArticle(services, {
      title: 'Elections in São Paulo',
      standfirst: 'Turnout surprises pollsters',
      body: '<p>Nicolás Maduro said nothing.</p>',
      tagIds: [tagId],
      authorIds: [author.id],
    });
    for (const q of ['ELECTION', 'sao paulo', 'São', 'turnout', 'nicolas', 'NICOLÁS', 'metals', 'ines okafor', 'pollster']) {
      expect(await ids(q), q).toEqual([id]);
    }
  });

  it('understands phrases, prefixes and excluded words', async () => {
    const bank = await makeArticle(services, { title: 'The central bank holds rates' });
    const scattered = await makeArticle(services, { title: 'Central heating costs push a bank to act' });
    expect(new Set(await ids('central bank'))).toEqual(new Set([bank, scattered]));
    expect(await ids('"central bank"')).toEqual([bank]);
    expect(await ids('"central bank" -rates')).toEqual([]);
    expect(await ids('central -heating')).toEqual([bank]);
    expect(new Set(await ids('cent*'))).toEqual(new Set([bank, scattered]));
    expect(await ids('heat*')).toEqual([scattered]);
  });

  it('ranks a headline match above a body-only match, and newer above older among equals', async () => {
    const inBody = await makeArticle(services, {
      title: 'Markets today',
      body: '<p>Traders watched copper closely.</p>',
      publishedAt: '2026-02-09T12:00:00.000Z',
    });
    const inTitle = await makeArticle(services, { title: 'Copper climbs', body: '<p>Traders watched metals.</p>', publishedAt: '2026-01-20T12:00:00.000Z' });
    expect(await ids('copper')).toEqual([inTitle, inBody]);
    const older = await makeArticle(services, { title: 'Nickel report', body: '<p>Same text.</p>', publishedAt: '2025-06-01T12:00:00.000Z' });
    const newer = await makeArticle(services, { title: 'Nickel report', body: '<p>Same text.</p>', publishedAt: '2026-02-01T12:00:00.000Z' });
    expect(await ids('nickel')).toEqual([newer, older]);
  });

  it('highlights matched words in escaped headlines and snippets', async () => {
    await makeArticle(services, {
      title: 'Copper <b>bold</b> & "quoted"',
      body: '<p>Before &lt;script&gt;alert(1)&lt;/script&gt; the copper rally started.</p>',
    });
    const [hit] = (await search('copper')).items;
    expect(hit!.titleHtml).toBe('<mark>Copper</mark> &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;');
    expect(hit!.snippetHtml).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(hit!.snippetHtml).toContain('<mark>copper</mark>');
    expect(hit!.snippetHtml).not.toContain('<script');
    // Only the marks are markup.
    expect(hit!.snippetHtml.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
  });

  it('falls back to the standfirst when the body has no match', async () => {
    await makeArticle(services, { title: 'Rates', standfirst: 'The zinc market moved', body: '<p>Nothing relevant here.</p>' });
    expect((await search('zinc')).items[0]!.snippetHtml).toBe('The <mark>zinc</mark> market moved');
  });

  it('filters by section (with its subsections) and by dates in the site time zone', async () => {
    const world = await makeSection(services, { slug: 'world' });
    const americas = await makeSection(services, { slug: 'americas', parentId: world.id });
    const markets = await makeSection(services, { slug: 'markets' });
    const a = await makeArticle(services, { title: 'Copper one', primarySectionId: world.id, publishedAt: '2025-03-01T00:30:00.000Z' });
    const b = await makeArticle(services, { title: 'Copper two', primarySectionId: americas.id, publishedAt: '2025-03-31T23:30:00.000Z' });
    const c = await makeArticle(services, {
      title: 'Copper three',
      primarySectionId: markets.id,
      sectionIds: [americas.id],
      publishedAt: '2025-04-01T00:30:00.000Z',
    });
    expect(new Set(await ids('copper', { section: 'world' }))).toEqual(new Set([a, b, c]));
    expect(await ids('copper', { section: 'markets' })).toEqual([c]);
    expect(new Set(await ids('copper', { from: '2025-03-01', to: '2025-03-31' }))).toEqual(new Set([a, b]));
    expect(await ids('copper', { from: '2025-04-01' })).toEqual([c]);
    expect(await ids('copper', { to: '2025-03-01' })).toEqual([a]);
    await services.settings.update({ timeZone: 'America/New_York' });
    // 2025-04-01T00:30Z is still 31 March in New York.
    expect(new Set(await ids('copper', { from: '2025-03-31', to: '2025-03-31' }))).toEqual(new Set([b, c]));
  });

  it('refuses bad filters with messages', async () => {
    await expect(services.search.search({ q: 'copper', from: '2025-02-30', perPage: 10 })).rejects.toThrow('Enter dates as YYYY-MM-DD');
    await expect(services.search.search({ q: 'copper', to: 'yesterday', perPage: 10 })).rejects.toThrow('Enter dates as YYYY-MM-DD');
    await expect(services.search.search({ q: 'copper', from: '2025-03-02', to: '2025-03-01', perPage: 10 })).rejects.toThrow('“to” date');
    await expect(services.search.search({ q: 'copper', section: 'nowhere', perPage: 10 })).rejects.toThrow('no such section');
  });

  it('pages through results in a stable order and counts them', async () => {
    const made: number[] = [];
    for (let i = 0; i < 23; i++)
      made.push(await makeArticle(services, { title: `Copper report ${i}`, publishedAt: `2026-01-${String(i + 1).padStart(2, '0')}T12:00:00.000Z` }));
    const pages = [await search('copper'), await search('copper', { page: 2 }), await search('copper', { page: 3 })];
    expect(pages.map((p) => p.items.length)).toEqual([10, 10, 3]);
    expect(pages.map((p) => [p.total, p.pageCount, p.moreThanTotal])).toEqual([
      [23, 3, false],
      [23, 3, false],
      [23, 3, false],
    ]);
    expect(pages.flatMap((p) => p.items.map((hit) => hit.article.id))).toEqual([...made].reverse());
    expect((await search('copper', { page: 9 })).items).toEqual([]);
  });

  it('finds stories of any age, from the last weeks to a decade back, with and without date filters', async () => {
    const dated = async (publishedAt: string) => makeArticle(services, { title: `Copper story of ${publishedAt.slice(0, 10)}`, publishedAt });
    const decade = await dated('2016-01-05T12:00:00.000Z');
    const years = await dated('2022-11-30T23:30:00.000Z');
    const months = await dated('2025-06-15T12:00:00.000Z');
    const week = await dated('2026-02-03T12:00:00.000Z');
    expect(new Set(await ids('copper'))).toEqual(new Set([decade, years, months, week]));
    expect(await ids('copper', { from: '2022-11-01', to: '2022-11-30' })).toEqual([years]);
    expect(new Set(await ids('copper', { from: '2015-01-01', to: '2025-12-31' }))).toEqual(new Set([decade, years, months]));
    expect(await ids('copper', { from: '2026-01-01' })).toEqual([week]);
    expect(await ids('"copper story"', { to: '2020-01-01' })).toEqual([decade]);
  });

  it('counts the matches with the page, and past the last page too', async () => {
    for (let i = 0; i < 5; i++) await makeArticle(services, { title: `Copper ${i}` });
    const index = fullTextIndex(database.db);
    const criteria = { terms: [{ kind: 'word' as const, text: 'copper', exclude: false }], now: NOW };
    expect(await index.rank(database.db, criteria, 2, 0)).toMatchObject({ matches: 5 });
    expect((await index.rank(database.db, criteria, 2, 4)).hits).toHaveLength(1);
    expect(await index.rank(database.db, criteria, 2, 10)).toEqual({ hits: [], matches: 5 });
  });

  it('answers hostile queries with results or a message, never a database error', async () => {
    await makeArticle(services, { title: 'Copper near the title: AND/OR "quotes"', body: "<p>NEAR(x y) * - ^ : ' ; -- </p>" });
    const hostile = [
      '"',
      '*',
      '-',
      'NEAR(',
      'title:',
      'AND OR NOT',
      'near(copper',
      'title:copper',
      "copper'; drop table articles; --",
      'copper)',
      '((copper',
      'co*per',
      '"copper',
      'copper"',
      '-copper copper',
      'x:*',
      "'copper':*",
      'copper & !title',
      '<->',
      '\\',
      '\u0000copper',
      'ŝ* 東京* Москва*',
      'x'.repeat(10_000),
    ];
    for (const q of hostile) {
      try {
        await services.search.search({ q, perPage: 10 });
      } catch (error) {
        expect(error, q).toBeInstanceOf(DomainError);
        expect((error as DomainError).code, q).toBe('invalid');
      }
    }
    expect(await ids('near title')).toHaveLength(1);
    expect(await services.search.search({ q: '   ', perPage: 10 })).toEqual({ kind: 'form' });
  });

  it('brings a document up to date from the events when an article changed outside the service', async () => {
    const id = await makeArticle(services, { title: 'Copper climbs' });
    await database.db.updateTable('articles').set({ title: 'Zinc climbs', version: 99 }).where('id', '=', id).execute();
    expect(await ids('zinc')).toEqual([]);
    services.events.emit('article.updated', { articleId: id, slug: 'x', actorId: null });
    await vi.waitFor(async () => expect(await ids('zinc')).toEqual([id]));
    await database.db.updateTable('articles').set({ status: 'draft', version: 100 }).where('id', '=', id).execute();
    services.events.emit('article.unpublished', { articleId: id, slug: 'x', actorId: null });
    await vi.waitFor(async () => expect((await search('zinc')).total).toBe(0));
  });

  it('rebuilds the whole index (dateline reindex): missing documents back, stale ones gone, progress reported', async () => {
    const made: number[] = [];
    for (let i = 0; i < 7; i++) made.push(await makeArticle(services, { title: `Copper ${i}` }));
    const draft = await makeArticle(services, { title: 'Copper draft', publishedAt: null });
    await database.db.deleteFrom('article_search_documents').where('article_id', 'in', made.slice(0, 5)).execute();
    // Unpublished behind the index's back: its document is stale.
    await database.db.updateTable('articles').set({ status: 'draft' }).where('id', '=', made[6]!).execute();
    expect((await search('copper')).total).toBe(2);

    const progress: Array<[number, number]> = [];
    const result = await services.searchIndexer.rebuild({ batchSize: 3, onProgress: ({ done, total }) => progress.push([done, total]) });
    expect([result.indexed, result.removed]).toEqual([6, 1]);
    expect(progress).toEqual([
      [0, 6],
      [3, 6],
      [6, 6],
    ]);
    expect(new Set(await ids('copper'))).toEqual(new Set(made.slice(0, 6)));
    expect(await ids('copper')).not.toContain(draft);
    // Idempotent.
    expect((await services.searchIndexer.rebuild()).indexed).toBe(6);
    expect((await search('copper')).total).toBe(6);
  });
});
