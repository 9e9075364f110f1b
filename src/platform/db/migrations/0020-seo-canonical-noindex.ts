import type { MigrationDb } from '../migration-db.js';
import type { DialectHelpers } from '../dialect.js';

/**
 * The two SEO fields of the common WordPress plugins (Yoast SEO, Rank Math) Dateline lacked, on articles (pages have
 * no SEO fields):
 * - `seo_canonical`: the canonical URL a story declares instead of its own address (an absolute http(s) URL, e.g. the
 *   original of a syndicated story); '' means its own permalink.
 * - `seo_noindex`: ask search engines not to index the story (`<meta name="robots" content="noindex, follow">`); it is
 *   left out of the sitemaps, as Yoast leaves noindex posts out of its XML sitemaps, and stays in feeds and search.
 */
export async function up(db: MigrationDb, d: DialectHelpers): Promise<void> {
  await db.schema
    .alterTable('articles')
    .addColumn('seo_canonical', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.alterTable('articles').addColumn('seo_noindex', d.booleanType, d.booleanDefault(false)).execute();
}
