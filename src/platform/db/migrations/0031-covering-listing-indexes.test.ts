import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPublished, relatedArticleRows } from '../../../news/articles/listing.repository.js';
import { sqliteDatabaseAdapter } from '../dialect.js';
import { migrateToLatest } from '../migrate.js';
import type { Database } from '../schema.js';

/**
 * SQLite plans without statistics, so an empty database shows the plan an archive of any size gets. The queries are
 * the app's own, captured from Kysely's log; PostgreSQL's plans are checked by the bench at archive size.
 */
describe('migration 0031: tag, author and related-story ranges are read from their index alone [sqlite]', () => {
  const queries: CompiledQuery[] = [];
  let db: Kysely<Database>;
  beforeAll(async () => {
    db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: sqliteDatabaseAdapter(new BetterSqlite3(':memory:')) }),
      log: (event) => {
        queries.push(event.query);
      },
    });
    await migrateToLatest(db, 'sqlite');
  });
  afterAll(async () => db.destroy());

  async function planOf(run: () => Promise<unknown>): Promise<string> {
    queries.length = 0;
    await run();
    expect(queries).toHaveLength(1);
    const rows = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${queries[0]!.sql}`, [...queries[0]!.parameters]));
    return rows.rows.map((row) => row.detail).join(' | ');
  }

  it('reads a deep page of a tag or an author archive from the covering index', async () => {
    for (const [filter, index] of [
      [{ tagId: 1 }, 'article_tags_listing_idx'],
      [{ authorId: 1 }, 'article_authors_listing_idx'],
    ] as const) {
      expect(await planOf(() => listPublished(db, filter, 11, { offset: 4990 }))).toContain(`USING COVERING INDEX ${index}`);
    }
  });

  it("reads related stories' candidates from covering indexes", async () => {
    const plan = await planOf(() => relatedArticleRows(db, { id: 1, primarySectionId: 1, tagIds: [1, 2] }, 4));
    expect(plan).toContain('USING COVERING INDEX article_tags_listing_idx');
    expect(plan).toContain('USING COVERING INDEX articles_primary_section_idx');
  });
});
