import type { MigrationDb } from '../migration-db.js';
import { sql } from 'kysely';
import type { DialectHelpers } from '../dialect.js';

/**
 * The editorial workflow: a revision per save (a JSON snapshot of every editable field), who has an article open
 * (presence, for "X also has this article open"), and notes editors leave when they send an article back.
 */
export async function up(db: MigrationDb, d: DialectHelpers): Promise<void> {
  const ts = d.timestampType;

  await d
    .addIdColumn(db.schema.createTable('article_revisions'))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    /** The article's version this save produced. */
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('save', 'autosave', 'publish', 'restore')`))
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('article_revisions_article_idx').on('article_revisions').columns(['article_id', 'id']).execute();

  await db.schema
    .createTable('article_editors')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('last_seen_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('article_editors_pk', ['article_id', 'user_id'])
    .execute();

  await d
    .addIdColumn(db.schema.createTable('article_notes'))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('article_notes_article_idx').on('article_notes').columns(['article_id', 'id']).execute();
}
