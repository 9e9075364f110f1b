import type { MigrationDb } from '../migration-db.js';
import { sql } from 'kysely';
import type { DialectHelpers } from '../dialect.js';

/**
 * Articles get who created them and a trash:
 * - `created_by`: the staff account that created the article. An article is its writer's own through its byline OR
 *   through this, so a writer whose account has no byline person (or who was taken off the byline) can still open
 *   what they wrote. Filled for existing articles from their first revision, where there is one.
 * - `trashed_at` / `trashed_by`: set while the article is in the trash (it is then never public: trashing takes a
 *   published or scheduled article back to draft first). Restoring clears them; deleting for good removes the row,
 *   and with it (ON DELETE CASCADE) its revisions, comments, corrections, search document and publish runs.
 */
export async function up(db: MigrationDb, d: DialectHelpers): Promise<void> {
  await db.schema
    .alterTable('articles')
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await db.schema.alterTable('articles').addColumn('trashed_at', d.timestampType).execute();
  await db.schema
    .alterTable('articles')
    .addColumn('trashed_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await sql`
    update articles set created_by = (
      select r.user_id from article_revisions r where r.article_id = articles.id order by r.id limit 1
    )`.execute(db);
  await db.schema.createIndex('articles_created_by_idx').on('articles').column('created_by').execute();
  await db.schema.createIndex('articles_trashed_idx').on('articles').columns(['trashed_at', 'id']).execute();
}
