import type { MigrationDb } from '../migration-db.js';
import type { DialectHelpers } from '../dialect.js';

/**
 * What an import from another platform (WordPress first) needs to be complete and repeatable:
 *
 * - `comments.kind`: pingbacks and trackbacks are kept as what they are, not as reader comments.
 * - `articles.guid`: the feed GUID an imported story had on the old site, when its id could not be kept (an import
 *   into a site with content of its own), so feed readers do not show it twice. Null means Dateline's own (?p=ID).
 * - `import_items`: one row per imported record (source site, kind, old id) -> the Dateline id and a fingerprint of
 *   what the source said. Re-running an import compares fingerprints: unchanged items are skipped, changed ones
 *   updated, and an interrupted run is completed by running it again.
 * - `legacy_links`: an old address (`/archives/123`, `/category/news/world/`) -> the item it meant (kind and id),
 *   resolved when requested, so it follows later slug changes and never leads to something that is not public.
 *   `include_subpaths` also covers `…/page/N/` and `…/feed/` under it.
 */
export async function up(db: MigrationDb, d: DialectHelpers): Promise<void> {
  await db.schema
    .alterTable('comments')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('comment'))
    .execute();
  await db.schema.alterTable('articles').addColumn('guid', 'text').execute();

  await db.schema
    .createTable('import_items')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('old_id', 'integer', (c) => c.notNull())
    .addColumn('new_id', 'integer', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('imported_at', d.timestampType, (c) => c.notNull())
    .addPrimaryKeyConstraint('import_items_pk', ['source', 'kind', 'old_id'])
    .execute();
  await db.schema.createIndex('import_items_new_id').on('import_items').columns(['kind', 'new_id']).execute();

  await d
    .addIdColumn(db.schema.createTable('legacy_links'))
    .addColumn('from_path', 'text', (c) => c.notNull().unique())
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .addColumn('include_subpaths', d.booleanType, d.booleanDefault(false))
    .addColumn('created_at', d.timestampType, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('legacy_links_target').on('legacy_links').columns(['target_kind', 'target_id']).execute();
}
