import type { MigrationDb } from '../migration-db.js';
import type { DialectHelpers } from '../dialect.js';

/**
 * Which notification emails have gone out about a comment, so that each is sent at most once (a reply that is
 * approved, unapproved and approved again notifies its parent's author once). A row is claimed before sending.
 */
export async function up(db: MigrationDb, d: DialectHelpers): Promise<void> {
  await db.schema
    .createTable('comment_notifications')
    .addColumn('comment_id', 'integer', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    /** What was sent about the comment, e.g. 'reply' (its parent's author was told of it). */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', d.timestampType, (c) => c.notNull())
    .addPrimaryKeyConstraint('comment_notifications_pk', ['comment_id', 'kind'])
    .execute();
}
