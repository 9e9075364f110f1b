import type { MigrationDb } from '../migration-db.js';
import { sql } from 'kysely';
import type { DialectHelpers } from '../dialect.js';

/**
 * Scheduled publication and corrections:
 * - `publish_runs`: one row per scheduled article the scheduler published, with when it was due, when it ran and how
 *   late (the dashboard shows late runs). Written in the same transaction as the publication itself.
 * - `corrections`: dated correction notes editors append to an article (plain text, escaped on output), shown at
 *   the foot of the article and on /corrections/.
 */
export async function up(db: MigrationDb, d: DialectHelpers): Promise<void> {
  const ts = d.timestampType;

  await d
    .addIdColumn(db.schema.createTable('publish_runs'))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    /** The article's published_at when it was claimed: when it was due. */
    .addColumn('scheduled_for', ts, (c) => c.notNull())
    /** When the scheduler published it. */
    .addColumn('ran_at', ts, (c) => c.notNull())
    .addColumn('late_ms', 'integer', (c) => c.notNull())
    /** 'start' (found overdue when the app started) or 'tick' (the periodic run). */
    .addColumn('trigger', 'text', (c) => c.notNull().check(sql`trigger in ('start', 'tick')`))
    .execute();
  await db.schema.createIndex('publish_runs_ran_at_idx').on('publish_runs').columns(['ran_at']).execute();
  await db.schema.createIndex('publish_runs_article_idx').on('publish_runs').columns(['article_id']).execute();

  await d
    .addIdColumn(db.schema.createTable('corrections'))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    /** Plain text; escaped (and split into paragraphs) when shown. */
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    /** The editor who added it; kept as null if the account is deleted. */
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('corrections_article_idx').on('corrections').columns(['article_id', 'created_at']).execute();
  await db.schema.createIndex('corrections_created_idx').on('corrections').columns(['created_at', 'id']).execute();
}
