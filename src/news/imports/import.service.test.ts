import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeArticle } from '../../../test/factories.js';
import { describeEachDialect } from '../../../test/helpers/database.js';
import { createTestServices } from '../../../test/helpers/services.js';
import type { DatabaseHandle } from '../../platform/db/connection.js';
import type { NewsServices } from '../services.js';
import type { ImportedArticle, ImportedComment } from './import.types.js';

const SOURCE = 'https://old.example.com';

function story(oldId: number, overrides: Partial<ImportedArticle> = {}): ImportedArticle {
  return {
    oldId,
    slug: `story-${oldId}`,
    title: `Story ${oldId}`,
    standfirst: '',
    body: `<p>Body of story ${oldId} with harbourword${oldId}.</p>`,
    status: 'published',
    publishedAt: '2020-05-01T10:00:00.000Z',
    createdAt: '2020-05-01T09:00:00.000Z',
    updatedAt: '2020-05-02T09:00:00.000Z',
    trashed: false,
    commentsOpen: true,
    sectionOldIds: [30, 31],
    tagOldIds: [40],
    authorOldIds: [7],
    seoTitle: '',
    seoDescription: '',
    seoCanonical: '',
    seoNoindex: false,
    guid: null,
    featuredImageUrl: null,
    featuredImageAlt: '',
    featuredImageCaption: '',
    pinned: false,
    visibility: 'public',
    password: null,
    ...overrides,
  };
}

function comment(oldId: number, articleOldId: number, parentOldId: number | null): ImportedComment {
  return {
    oldId,
    articleOldId,
    parentOldId,
    status: 'approved',
    kind: 'comment',
    authorName: `Reader ${oldId}`,
    authorEmail: `Reader${oldId}@Example.com`,
    authorUrl: '',
    authorIp: '192.0.2.1',
    createdAt: '2020-05-03T10:00:00.000Z',
    body: `Comment ${oldId}`,
  };
}

describeEachDialect('import service', (dialect) => {
  let database: DatabaseHandle;
  let services: NewsServices;
  beforeEach(async () => {
    ({ database, services } = await createTestServices(dialect));
  });
  afterEach(async () => database.destroy());

  // As an import runs them: inside duringImport.
  const importSite = (articles: ImportedArticle[], comments: ImportedComment[] = []) => services.imports.duringImport(() => writeSite(articles, comments));
  async function writeSite(articles: ImportedArticle[], comments: ImportedComment[]) {
    const target = { source: SOURCE, ids: await services.imports.idModeFor(SOURCE) };
    await services.imports.people(target, [{ oldId: 7, slug: 'ana', displayName: 'Ana Writer', bio: '' }]);
    await services.imports.sections(target, [
      { oldId: 31, slug: 'world', name: 'World', description: '', parentOldId: 30 },
      { oldId: 30, slug: 'news', name: 'News', description: 'All of it', parentOldId: null },
    ]);
    await services.imports.tags(target, [{ oldId: 40, slug: 'ports', name: 'Ports', description: '' }]);
    const stories = await services.imports.articles(target, articles);
    const threads = await services.imports.comments(target, comments);
    await services.imports.finish(target);
    return { target, stories, threads };
  }

  it('keeps the source ids in an empty site, with sections, parents, tags, bylines, threads and search', async () => {
    const { target, stories, threads } = await importSite([story(120), story(95)], [comment(501, 120, null), comment(500, 120, 501), comment(502, 95, 999)]);
    expect(target.ids).toBe('keep');
    expect([...stories.outcomes.values()]).toEqual(['imported', 'imported']);

    const article = await services.articles.findPublishedById(120);
    expect(article?.title).toBe('Story 120');
    expect(article?.sections.map((s) => s.slug)).toEqual(['news', 'world']);
    const world = await database.db.selectFrom('sections').select(['id', 'parent_id']).where('slug', '=', 'world').executeTakeFirstOrThrow();
    expect(world).toEqual({ id: 31, parent_id: 30 });
    expect(await database.db.selectFrom('people').select('id').where('slug', '=', 'ana').executeTakeFirst()).toEqual({ id: 7 });

    // The reply came before its parent in the batch; the orphan's parent was never in the file.
    const rows = await database.db.selectFrom('comments').select(['id', 'parent_id', 'author_email', 'kind']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 500, parent_id: 501, author_email: 'reader500@example.com', kind: 'comment' },
      { id: 501, parent_id: null, author_email: 'reader501@example.com', kind: 'comment' },
      { id: 502, parent_id: null, author_email: 'reader502@example.com', kind: 'comment' },
    ]);
    expect(threads.adjustments.map((a) => a.oldId)).toEqual([502]);
    // Threaded and counted: the reply is in 501's thread; each story keeps its approved comments and threads.
    expect((await database.db.selectFrom('comments').select('root_id').where('id', '=', 500).executeTakeFirstOrThrow()).root_id).toBe(501);
    const counts = await database.db.selectFrom('articles').select(['id', 'comment_count', 'comment_thread_count']).orderBy('id').execute();
    expect(counts).toEqual([
      { id: 95, comment_count: 1, comment_thread_count: 1 },
      { id: 120, comment_count: 2, comment_thread_count: 1 },
    ]);

    // On PostgreSQL written, not yet searchable: the import indexes each batch on the side (`toIndex`), and what a
    // cut-short run left at the end. SQLite indexes in the batch's own transaction.
    const search = async () => {
      const found = await services.search.search({ q: 'harbourword120', perPage: 10 });
      return found.kind === 'results' ? found.results.items.map((item) => item.article.id) : found.kind;
    };
    const alongside = services.imports.indexesAlongside;
    expect(stories.toIndex.length).toBe(alongside ? 2 : 0);
    expect(await search()).toEqual(alongside ? [] : [120]);
    expect(await services.imports.indexOutdated(target)).toBe(alongside ? 2 : 0);
    expect(await search()).toEqual([120]);
    expect(await services.imports.indexOutdated(target)).toBe(0);
    await services.imports.indexArticles(stories.toIndex);
    expect(await search()).toEqual([120]);

    // Ids Dateline hands out next come after the imported ones.
    const next = await makeArticle(services, { title: 'Written here' });
    expect(next).toBeGreaterThan(120);
  });

  it('threads kept-id replies when they are inserted: long threads out of order, loops, parents from an earlier run', async () => {
    // 1,200 comments, each replying to the next one (so every reply comes before its parent, across several INSERTs),
    // plus two replying to each other.
    const chain = Array.from({ length: 1200 }, (_, i) => comment(1000 + i, 1, i === 1199 ? null : 1001 + i));
    const first = await importSite([story(1)], [...chain, comment(3000, 1, 3001), comment(3001, 1, 3000)]);
    expect(first.threads.adjustments).toEqual([]);
    if (dialect === 'postgres') {
      // A run past 1,000 rows refreshed the planner's statistics (ANALYZE sets reltuples; never analyzed, it is -1).
      const { rows } = await sql<{ reltuples: number }>`select reltuples from pg_class where oid = 'comments'::regclass`.execute(database.db);
      expect(Number(rows[0]!.reltuples)).toBeGreaterThanOrEqual(1000);
    }
    // A later run adds a reply to a comment of the first one, and one to a comment that is not in the file.
    const second = await importSite([story(1)], [comment(4000, 1, 1500), comment(4001, 1, 777)]);
    expect(second.threads.adjustments.map((a) => a.oldId)).toEqual([4001]);
    const rows = await database.db.selectFrom('comments').select(['id', 'parent_id']).orderBy('id').execute();
    const parents = new Map(rows.map((row) => [row.id, row.parent_id]));
    expect(parents.size).toBe(1204);
    for (let i = 0; i < 1199; i++) expect(parents.get(1000 + i)).toBe(1001 + i);
    expect(parents.get(2199)).toBeNull();
    expect([parents.get(3000), parents.get(3001), parents.get(4000), parents.get(4001)]).toEqual([3001, 3000, 1500, null]);
    // Recounted from the table (the story had comments, and a loop): the chain with 4000 is one thread, the loop's
    // two comments a thread each, 4001 one of its own.
    const story1 = await database.db.selectFrom('articles').select(['comment_count', 'comment_thread_count']).where('id', '=', 1).executeTakeFirstOrThrow();
    expect(story1).toEqual({ comment_count: 1204, comment_thread_count: 4 });
    const threads = await database.db.selectFrom('comments').select(['id', 'thread_size']).where('root_id', 'is', null).orderBy('id').execute();
    expect(threads).toEqual([
      { id: 2199, thread_size: 1201 },
      { id: 3000, thread_size: 1 },
      { id: 3001, thread_size: 1 },
      { id: 4001, thread_size: 1 },
    ]);
  });

  it('counts and threads a first import whose replies all come after their parents (threaded as they are inserted)', async () => {
    // Two threads on story 1 (one with a reply to a reply), one held reply, one lone comment on story 2.
    const held = { ...comment(14, 1, 10), status: 'pending' as const };
    await importSite([story(1), story(2)], [comment(10, 1, null), comment(11, 1, 10), comment(12, 1, 11), comment(13, 1, null), held, comment(20, 2, null)]);
    const articles = await database.db.selectFrom('articles').select(['id', 'comment_count', 'comment_thread_count']).orderBy('id').execute();
    expect(articles).toEqual([
      { id: 1, comment_count: 4, comment_thread_count: 2 },
      { id: 2, comment_count: 1, comment_thread_count: 1 },
    ]);
    const comments = await database.db.selectFrom('comments').select(['id', 'root_id', 'thread_size']).orderBy('id').execute();
    expect(comments).toEqual([
      { id: 10, root_id: null, thread_size: 3 },
      { id: 11, root_id: 10, thread_size: 0 },
      { id: 12, root_id: 10, thread_size: 0 },
      { id: 13, root_id: null, thread_size: 1 },
      { id: 14, root_id: 10, thread_size: 0 },
      { id: 20, root_id: null, thread_size: 1 },
    ]);
  });

  it('recounts, when a run ends, the stories an import made before first imports were counted left at 0', async () => {
    const { target } = await importSite([story(1)], [comment(10, 1, null), comment(11, 1, 10)]);
    // What such an import left: no counts, no threads.
    await database.db.updateTable('articles').set({ comment_count: 0, comment_thread_count: 0 }).execute();
    await database.db.updateTable('comments').set({ root_id: null, thread_size: 0 }).execute();
    await services.imports.finish(target);
    expect(await database.db.selectFrom('articles').select(['comment_count', 'comment_thread_count']).executeTakeFirstOrThrow()).toEqual({
      comment_count: 2,
      comment_thread_count: 1,
    });
    expect(await database.db.selectFrom('comments').select(['id', 'root_id', 'thread_size']).orderBy('id').execute()).toEqual([
      { id: 10, root_id: null, thread_size: 2 },
      { id: 11, root_id: 10, thread_size: 0 },
    ]);
  });

  it('threads and counts comments when ids are remapped (a site with content of its own)', async () => {
    await makeArticle(services, { title: 'Our own story' });
    const { target } = await importSite([story(5)], [comment(12, 5, 11), comment(10, 5, null), comment(11, 5, 10), comment(13, 5, null)]);
    expect(target.ids).toBe('remap');
    const storyId = (await services.imports.idsOf(target, 'article')).get(5)!;
    const byOld = await services.imports.idsOf(target, 'comment');
    const rows = await database.db.selectFrom('comments').select(['id', 'parent_id', 'root_id', 'thread_size']).where('article_id', '=', storyId).execute();
    const row = (oldId: number) => rows.find((r) => r.id === byOld.get(oldId))!;
    expect(row(11).parent_id).toBe(byOld.get(10));
    expect(row(12).parent_id).toBe(byOld.get(11));
    expect([row(11).root_id, row(12).root_id]).toEqual([byOld.get(10), byOld.get(10)]);
    expect([row(10).thread_size, row(13).thread_size]).toEqual([3, 1]);
    const counts = await database.db
      .selectFrom('articles')
      .select(['comment_count', 'comment_thread_count'])
      .where('id', '=', storyId)
      .executeTakeFirstOrThrow();
    expect(counts).toEqual({ comment_count: 4, comment_thread_count: 2 });
  });

  it('changes nothing the second time, and updates only what changed in a newer export', async () => {
    await importSite([story(1), story(2)], [comment(10, 1, null)]);
    const again = await importSite([story(1), story(2)], [comment(10, 1, null)]);
    expect([...again.stories.outcomes.values()]).toEqual(['unchanged', 'unchanged']);
    expect([...again.threads.outcomes.values()]).toEqual(['unchanged']);

    const newer = await importSite([story(1, { title: 'Story 1, revised' }), story(2), story(3)], [comment(10, 1, null), comment(11, 3, null)]);
    expect(Object.fromEntries(newer.stories.outcomes)).toEqual({ 1: 'updated', 2: 'unchanged', 3: 'imported' });
    expect((await services.articles.findPublishedById(1))?.title).toBe('Story 1, revised');
    expect(
      await database.db
        .selectFrom('articles')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ).toEqual({ n: 3 });
  });

  it('gives new ids in a site with content of its own, keeps the old GUID, and resolves old ids and addresses', async () => {
    const own = await makeArticle(services, { title: 'Our own story', slug: 'story-5' });
    const { target } = await importSite([story(5, { guid: 'https://old.example.com/?p=5' })]);
    expect(target.ids).toBe('remap');
    const [row] = await database.db.selectFrom('articles').select(['id', 'slug', 'guid']).where('guid', 'is not', null).execute();
    expect(row!.id).not.toBe(5);
    expect(row!.slug).toBe('story-5-2');
    // ?p=5 means Dateline's own story 5 when there is one; the old id still finds the imported one by its mapping.
    expect(await services.legacyLinks.targetForOldId('article', 5)).toBe((await services.articles.findPublishedById(row!.id))!.path);
    expect(own).not.toBe(row!.id);

    await services.imports.links(target, [
      { path: '/archives/5', kind: 'article', oldId: 5, includeSubpaths: false },
      { path: '/category/news/world/', kind: 'section', oldId: 31, includeSubpaths: true },
    ]);
    expect(await services.legacyLinks.target('/archives/5')).toBe((await services.articles.findPublishedById(row!.id))!.path);
    expect(await services.legacyLinks.target('/category/news/world/page/2/')).toBe('/section/world/page/2/');
    expect(await services.legacyLinks.target('/category/news/other/')).toBeNull();
  });
});
