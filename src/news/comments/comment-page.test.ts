import { type CompiledQuery, type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeArticle, makeDiscussion, type DiscussionComment } from '../../../test/factories.js';
import { describeEachDialect } from '../../../test/helpers/database.js';
import { createTestServices } from '../../../test/helpers/services.js';
import type { DatabaseHandle } from '../../platform/db/connection.js';
import type { Database } from '../../platform/db/schema.js';
import type { NewsServices } from '../services.js';
import { loadCommentPage, MAX_THREADS_PER_PAGE, REPLIES_PER_THREAD } from './comment-page.js';

/** The same database, recording every statement it runs (subqueries are transformed too, but only statements answer). */
function recording(db: Kysely<Database>) {
  const compiled = new Map<unknown, CompiledQuery>();
  const statements: CompiledQuery[] = [];
  const recorded = db.withPlugin({
    transformQuery: (args) => {
      compiled.set(args.queryId, db.getExecutor().compileQuery(args.node, args.queryId));
      return args.node;
    },
    transformResult: async (args) => {
      statements.push(compiled.get(args.queryId)!);
      return args.result;
    },
  });
  return { recorded, statements };
}

describeEachDialect('a page of comments: its queries', (dialect) => {
  let database: DatabaseHandle;
  let services: NewsServices;
  let articleId: number;
  let ids: number[];

  beforeAll(async () => {
    ({ database, services } = await createTestServices(dialect));
    articleId = await makeArticle(services, { title: 'Viral' });
    const shape: DiscussionComment[] = [];
    for (let i = 0; i < 1000; i++) shape.push({}, ...Array.from({ length: 4 }, () => ({ parent: i * 5 })));
    ids = await makeDiscussion(database.db, articleId, shape);
    // Another article's discussion in the same table, so an index that is not used shows.
    await makeDiscussion(database.db, await makeArticle(services, { title: 'Other' }), shape.slice(0, 2000));
    await sql`analyze`.execute(database.db);
  });
  afterAll(async () => database.destroy());

  const settings = { maxDepth: 5, newestFirst: false, perPage: 50 };
  const tree = { maxDepth: 5, ownIds: new Set<number>(), editWindowMs: 0, now: new Date() };

  async function plan(statement: CompiledQuery): Promise<string> {
    const prefix = dialect === 'sqlite' ? 'explain query plan ' : 'explain ';
    const { rows } = await database.db.executeQuery<Record<string, unknown>>({ ...statement, sql: prefix + statement.sql });
    return rows.map((row) => String(row.detail ?? row['QUERY PLAN'])).join('\n');
  }

  const views: [string, { page: number; thread?: true }][] = [
    ['a page of threads', { page: 3 }],
    ['newest first', { page: 2 }],
    ['one thread', { page: 1, thread: true }],
  ];
  for (const [name, view] of views) {
    it(`reads ${name} in three statements that walk indexes in order: no sort, no count`, async () => {
      const { recorded, statements } = recording(database.db);
      const page = await loadCommentPage(
        recorded,
        articleId,
        { ownIds: [], page: view.page, threadId: view.thread ? ids[4995] : undefined },
        { ...settings, newestFirst: name === 'newest first' },
        tree,
      );
      expect(page.roots.length).toBeGreaterThan(0);
      expect(statements).toHaveLength(3);
      for (const statement of statements) {
        expect(statement.sql).not.toMatch(/count\(/i);
        const text = await plan(statement);
        if (dialect === 'sqlite') {
          expect(text).not.toMatch(/TEMP B-TREE/);
          expect(text).not.toMatch(/SCAN comments(?! USING)/);
        } else {
          expect(text).not.toMatch(/Sort|Seq Scan on comments/);
        }
      }
    });
  }

  it('shows the first replies of each thread on a page of threads', async () => {
    const page = await loadCommentPage(database.db, articleId, { ownIds: [], page: 1 }, settings, tree);
    // The setting asks for 50 threads a page; the cap gives fewer.
    expect(page.pageCount).toBe(Math.ceil(1000 / MAX_THREADS_PER_PAGE));
    expect(page.roots.map((node) => node.id)).toEqual(ids.filter((_, i) => i % 5 === 0).slice(0, MAX_THREADS_PER_PAGE));
    expect(page.roots[0]!.replies.map((node) => node.id)).toEqual(ids.slice(1, 1 + REPLIES_PER_THREAD));
    expect(page.roots[0]!.moreReplies).toBe(4 - REPLIES_PER_THREAD);
  });
});
