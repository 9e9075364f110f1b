import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteDatabaseAdapter } from '../../platform/db/dialect.js';
import { migrateToLatest } from '../../platform/db/migrate.js';
import type { Database } from '../../platform/db/schema.js';
import { publishedRowsByIds } from './article.repository.js';

/**
 * SQLite plans without statistics, so an empty database shows the plan a 100,000-story archive gets: the moderation
 * queue's story links once came from a listing filtered by ids, which walked the newest-first index down to the
 * oldest story in the page (11–45 ms). PostgreSQL's plans are checked by the bench at archive size.
 */
describe('publishedRowsByIds: articles looked up by id [sqlite]', () => {
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

  it('reads each one by its primary key, whatever the reach', async () => {
    for (const reach of ['open', 'listed', 'staff'] as const) {
      queries.length = 0;
      await publishedRowsByIds(db, [3, 1, 2], reach);
      expect(queries).toHaveLength(1);
      const { rows } = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${queries[0]!.sql}`, [...queries[0]!.parameters]));
      expect(rows.map((row) => row.detail).join(' | '), reach).toMatch(/^SEARCH articles USING INTEGER PRIMARY KEY \(rowid=\?\)$/);
    }
  });
});
