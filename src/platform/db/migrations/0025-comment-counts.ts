import type { MigrationDb } from '../migration-db.js';
import { sql } from 'kysely';

/**
 * Kept comment counts, so that a page of comments costs the same however large the discussion (issue 13):
 *
 * - `comments.root_id`: the top-level comment of the thread a reply belongs to (null on a top-level comment). Set
 *   when a comment is written and never changed by moderation, so a thread is one index range. If that comment is
 *   deleted (the purge), its replies become threads of their own.
 * - `comments.thread_size`, on a top-level comment: the approved comments in its thread, itself included. A thread
 *   is listed on the article page while this is above 0 (a held top-level comment with approved replies still is).
 * - `articles.comment_count` / `articles.comment_thread_count`: the approved comments, and the listed threads.
 *
 * All kept in the same transaction as the write that changes them (comment.repository.ts); backfilled here.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .alterTable('comments')
    .addColumn('root_id', 'integer', (c) => c.references('comments.id').onDelete('set null'))
    .execute();
  await db.schema
    .alterTable('comments')
    .addColumn('thread_size', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('articles')
    .addColumn('comment_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('articles')
    .addColumn('comment_thread_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  // A thread's approved replies in order (and the counts below).
  await db.schema.createIndex('comments_thread_replies_idx').on('comments').columns(['root_id', 'status', 'created_at', 'id']).execute();

  // An article's listed threads in order: the article page walks it.
  await sql`create index comments_threads_idx on comments (article_id, created_at, id) where root_id is null and thread_size > 0`.execute(db);
  await backfillCommentCounts(db);
}

/** Threads, thread sizes and article counts from the rows as they are (also run by its test). */
export async function backfillCommentCounts(db: MigrationDb): Promise<void> {
  // Each reply's thread from its chain of parents on its article (a loop, or a parent elsewhere, starts a thread of
  // its own, as recountComments decides). A table with a key, not a correlated CTE, keeps this linear.
  await db.schema
    .createTable('comment_roots_backfill')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('root_id', 'integer', (c) => c.notNull())
    .execute();
  await sql`
    insert into comment_roots_backfill (id, root_id)
    with recursive chain (id, article_id, root_id) as (
      select id, article_id, id from comments where parent_id is null
      union all
      select c.id, c.article_id, chain.root_id from comments c join chain on c.parent_id = chain.id and c.article_id = chain.article_id
    )
    select id, root_id from chain where id <> root_id`.execute(db);
  await sql`
    update comments set root_id = (select b.root_id from comment_roots_backfill b where b.id = comments.id)
    where id in (select id from comment_roots_backfill)`.execute(db);
  await db.schema.dropTable('comment_roots_backfill').execute();
  await sql`
    update comments set thread_size =
      (case when status = 'approved' then 1 else 0 end)
      + (select count(*) from comments r where r.root_id = comments.id and r.status = 'approved')
    where root_id is null`.execute(db);
  await sql`
    update articles set
      comment_count = (select count(*) from comments c where c.article_id = articles.id and c.status = 'approved'),
      comment_thread_count = (select count(*) from comments c where c.article_id = articles.id and c.root_id is null and c.thread_size > 0)`.execute(db);
}
