import type { MigrationDb } from '../migration-db.js';
import type { DialectHelpers } from '../dialect.js';

/**
 * What the demo seed created, so `dateline demo remove` (news/demo/demo.service.ts) removes exactly that: one row per
 * article, page, section, tag, person, media item or comment the seed made (`kind` from DEMO_ITEM_KINDS).
 *
 * - `item_created_at`: the row's own created_at when it was recorded. Ids are never reused by Dateline, but an import
 *   into an empty site keeps WordPress's ids; a mark whose row has another created_at is not the demo's row.
 * - `fingerprint`: for articles, pages and comments, a hash of their content as the seed left it (for articles with
 *   their sections, tags and byline), so a demo story staff have since edited is noticed; null for the other kinds.
 *
 * Nothing is backfilled here: demos seeded before this table are recognised by their known slugs and text, which
 * only the domain knows (news/demo/demo-content.ts).
 */
export async function up(db: MigrationDb, d: DialectHelpers): Promise<void> {
  await db.schema
    .createTable('demo_items')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('item_id', 'integer', (c) => c.notNull())
    .addColumn('item_created_at', d.timestampType, (c) => c.notNull())
    .addColumn('fingerprint', 'text')
    .addColumn('recorded_at', d.timestampType, (c) => c.notNull())
    .addPrimaryKeyConstraint('demo_items_pk', ['kind', 'item_id'])
    .execute();
}
