import { sql } from 'kysely';
import type { MigrationDb } from '../migration-db.js';
import type { DialectHelpers } from '../dialect.js';

/**
 * What a WordPress site keeps about its posts and pages that Dateline lacked (the WXR import stores it; the editorial
 * screens come later on the same columns):
 * - `articles.pinned`: shown first on the front page (WordPress's sticky posts). Indexed with published_at, so the
 *   front page reads the few pinned stories without sorting the archive.
 * - `articles.visibility`: 'public', 'private' (published, but only staff who may write it can read it: no public
 *   list, feed, sitemap or search has it) or 'password' (listed by its headline; its text only for readers who give
 *   the password). `articles.password`: the password as given (WordPress exports it in plain text, and Dateline
 *   exports it again); it matters only while the visibility is 'password' and is never shown on the site.
 * - `pages.parent_id` (a page above this one; set to null when that page is deleted) and `pages.sort_order` (the
 *   order among pages with the same parent, smallest first).
 */
export async function up(db: MigrationDb, d: DialectHelpers): Promise<void> {
  await db.schema.alterTable('articles').addColumn('pinned', d.booleanType, d.booleanDefault(false)).execute();
  await db.schema
    .alterTable('articles')
    .addColumn('visibility', 'text', (c) =>
      c
        .notNull()
        .defaultTo('public')
        .check(sql`visibility in ('public', 'private', 'password')`),
    )
    .execute();
  await db.schema.alterTable('articles').addColumn('password', 'text').execute();
  await db.schema.createIndex('articles_pinned_idx').on('articles').columns(['pinned', 'published_at']).execute();

  await db.schema
    .alterTable('pages')
    .addColumn('parent_id', 'integer', (c) => c.references('pages.id').onDelete('set null'))
    .execute();
  await db.schema
    .alterTable('pages')
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('pages_parent_idx').on('pages').column('parent_id').execute();
}
