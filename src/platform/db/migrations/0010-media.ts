import type { MigrationDb } from '../migration-db.js';
import type { DialectHelpers } from '../dialect.js';

/** The media library: one row per uploaded image, its WebP variants as JSON, and who uploaded it. */
export async function up(db: MigrationDb, d: DialectHelpers): Promise<void> {
  await d
    .addIdColumn(db.schema.createTable('media'))
    /** The original's key in the MediaStorage; its URL is `storage.url(key)` (/media/<key> on local disk). */
    .addColumn('storage_key', 'text', (c) => c.notNull().unique())
    .addColumn('original_filename', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('alt', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('caption', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('credit', 'text', (c) => c.notNull().defaultTo(''))
    /** JSON list of {width, key}, narrowest first (WebP). */
    .addColumn('variants', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('uploaded_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', d.timestampType, (c) => c.notNull())
    .addColumn('updated_at', d.timestampType, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('media_created_idx').on('media').columns(['created_at', 'id']).execute();
}
