import type { MigrationDb } from '../migration-db.js';

/**
 * Indexes SQLite's planner cannot pick wrongly. Without statistics (nobody runs ANALYZE) it guesses from the shape of
 * a condition, and at 100,000 stories it guessed two ways that cost 350–650 ms a request:
 * - `trashed_at is null` (the newsroom's articles list) matched articles_trashed_idx, an index of every article,
 *   and SQLite walked it all and sorted, instead of the list's own partial index. The trash index now holds only
 *   trashed articles, so only the trash list can use it.
 * - `status = ? … order by updated_at` (the sitemap index's newest change, a status tab of the articles list)
 *   preferred (status, published_at) plus a sort over every published story to the updated_at index. One index on
 *   (status, updated_at, id) serves both orders from its top; it replaces articles_updated_idx and the partial
 *   articles_live_status_updated_idx (a status tab skips the few trashed rows as it walks).
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema.dropIndex('articles_trashed_idx').execute();
  await db.schema.createIndex('articles_trashed_idx').on('articles').columns(['trashed_at', 'id']).where('trashed_at', 'is not', null).execute();
  await db.schema.dropIndex('articles_updated_idx').execute();
  await db.schema.dropIndex('articles_live_status_updated_idx').execute();
  await db.schema.createIndex('articles_status_updated_idx').on('articles').columns(['status', 'updated_at', 'id']).execute();
}
