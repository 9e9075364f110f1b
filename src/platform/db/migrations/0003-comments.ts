import type { MigrationDb } from '../migration-db.js';
import { sql } from 'kysely';
import type { DialectHelpers } from '../dialect.js';

/** Reader comments, reader reports, and the learned spam filter's model. */
export async function up(db: MigrationDb, d: DialectHelpers): Promise<void> {
  const ts = d.timestampType;

  await d
    .addIdColumn(db.schema.createTable('comments'))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    // A reply keeps its place if its parent is purged: it becomes a top-level comment rather than vanishing.
    .addColumn('parent_id', 'integer', (c) => c.references('comments.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'approved', 'spam', 'trash')`))
    /** The reader's text after the transform phases (plain text). */
    .addColumn('body', 'text', (c) => c.notNull())
    /** The same text as safe HTML: escaped, paragraphs, links with rel="nofollow ugc noopener". */
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('author_email', 'text', (c) => c.notNull())
    .addColumn('author_url', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('author_ip', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('user_agent', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('user_id', 'integer')
    .addColumn('is_staff', d.booleanType, d.booleanDefault(false))
    .addColumn('notify_replies', d.booleanType, d.booleanDefault(false))
    .addColumn('spam_score', 'real')
    /** JSON list of {phase, reason}: why the pipeline (or a moderator) gave this status. */
    .addColumn('reasons', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('report_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('edited_at', ts)
    /** When it entered spam or trash; the purge counts from here. */
    .addColumn('status_changed_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('comments_article_status_idx').on('comments').columns(['article_id', 'status', 'created_at']).execute();
  await db.schema.createIndex('comments_status_created_idx').on('comments').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('comments_email_idx').on('comments').columns(['author_email', 'created_at']).execute();
  await db.schema.createIndex('comments_ip_idx').on('comments').columns(['author_ip', 'created_at']).execute();
  await db.schema.createIndex('comments_parent_idx').on('comments').column('parent_id').execute();

  await d
    .addIdColumn(db.schema.createTable('comment_reports'))
    .addColumn('comment_id', 'integer', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`reason in ('spam', 'abuse', 'off-topic', 'other')`))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('reporter_key', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    // One report per reader per comment: the threshold counts people, not clicks.
    .addUniqueConstraint('comment_reports_once', ['comment_id', 'reporter_key'])
    .execute();

  await db.schema
    .createTable('spam_models')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('model_json', 'text', (c) => c.notNull())
    .addColumn('examples_learned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
}
