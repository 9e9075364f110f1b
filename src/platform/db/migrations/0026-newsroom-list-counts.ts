import type { MigrationDb } from '../migration-db.js';
import { sql } from 'kysely';
import type { DialectHelpers } from '../dialect.js';

/**
 * The newsroom's lists at any archive size: indexes that serve each list's order, and kept counts for the status
 * tabs and the dashboard, so no screen counts the whole archive per view.
 *
 * - article_status_counts: articles per status tab ('trash' for those in the trash, whatever their status).
 * - comment_status_counts: comments per status on articles not in the trash (the moderation queue's tabs).
 * - tag_article_counts: articles per tag (the tags list); a tag with none may have no row.
 *
 * Triggers keep both in the same transaction as the write, whoever writes (editor, scheduler, import, demo). Every
 * bucket has a row from the start, so the triggers only update. Backfilled from the rows already there.
 */
export async function up(db: MigrationDb, d: DialectHelpers): Promise<void> {
  await db.schema
    .createTable('article_status_counts')
    .addColumn('bucket', 'text', (c) => c.primaryKey())
    .addColumn('n', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('comment_status_counts')
    .addColumn('status', 'text', (c) => c.primaryKey())
    .addColumn('n', 'integer', (c) => c.notNull())
    .execute();
  // No foreign key: a deleted tag's row stays behind at 0 (ids are never reused), whatever order a cascade runs in.
  await db.schema
    .createTable('tag_article_counts')
    .addColumn('tag_id', 'integer', (c) => c.primaryKey())
    .addColumn('n', 'integer', (c) => c.notNull())
    .execute();
  await backfillListCounts(db);

  // The articles list, newest saved first: all live articles, or one status tab. The trash uses articles_trashed_idx.
  await db.schema.createIndex('articles_live_updated_idx').on('articles').columns(['updated_at', 'id']).where(sql.ref('trashed_at'), 'is', null).execute();
  await db.schema
    .createIndex('articles_live_status_updated_idx')
    .on('articles')
    .columns(['status', 'updated_at', 'id'])
    .where(sql.ref('trashed_at'), 'is', null)
    .execute();
  // The moderation queue's order (created_at, then id); SQLite had the id in the index already (the rowid).
  await db.schema.dropIndex('comments_status_created_idx').execute();
  await db.schema.createIndex('comments_status_created_idx').on('comments').columns(['status', 'created_at', 'id']).execute();

  if (d.name === 'sqlite') await sqliteTriggers(db);
  else await postgresTriggers(db);
}

/** Counts every bucket from the rows themselves (the backfill; also what the tests check the kept counts against). */
export async function backfillListCounts(db: MigrationDb): Promise<void> {
  await sql`delete from article_status_counts`.execute(db);
  await sql`delete from comment_status_counts`.execute(db);
  await sql`delete from tag_article_counts`.execute(db);
  await sql`insert into tag_article_counts (tag_id, n) select tag_id, count(*) from article_tags group by tag_id`.execute(db);
  await sql`
    insert into article_status_counts (bucket, n)
    select b.bucket, (select count(*) from articles a where case when a.trashed_at is null then a.status else 'trash' end = b.bucket)
    from (select 'draft' as bucket union all select 'pending' union all select 'scheduled' union all select 'published' union all select 'trash') b
  `.execute(db);

  await sql`
    insert into comment_status_counts (status, n)
    select s.status, (
      select count(*) from comments c join articles a on a.id = c.article_id where a.trashed_at is null and c.status = s.status
    )
    from (select 'pending' as status union all select 'approved' union all select 'spam' union all select 'trash') s
  `.execute(db);
}

const ARTICLE_BUCKET = (row: 'old' | 'new') => `case when ${row}.trashed_at is null then ${row}.status else 'trash' end`;
const LIVE_ARTICLE = (id: string) => `exists (select 1 from articles where id = ${id} and trashed_at is null)`;
/** The change to one status's count when an article's comments leave (-1) or rejoin (+1) the queue. */
const ARTICLE_COMMENTS = (id: string) => `(select count(*) from comments c where c.article_id = ${id} and c.status = comment_status_counts.status)`;

async function sqliteTriggers(db: MigrationDb): Promise<void> {
  const statements = [
    `create trigger article_status_counts_ai after insert on articles begin
       update article_status_counts set n = n + 1 where bucket = ${ARTICLE_BUCKET('new')};
     end`,
    `create trigger article_status_counts_ad after delete on articles begin
       update article_status_counts set n = n - 1 where bucket = ${ARTICLE_BUCKET('old')};
     end`,
    `create trigger article_status_counts_au after update of status, trashed_at on articles
     when ${ARTICLE_BUCKET('old')} <> ${ARTICLE_BUCKET('new')} begin
       update article_status_counts set n = n - 1 where bucket = ${ARTICLE_BUCKET('old')};
       update article_status_counts set n = n + 1 where bucket = ${ARTICLE_BUCKET('new')};
     end`,
    `create trigger comment_status_counts_ai after insert on comments when ${LIVE_ARTICLE('new.article_id')} begin
       update comment_status_counts set n = n + 1 where status = new.status;
     end`,
    `create trigger comment_status_counts_ad after delete on comments when ${LIVE_ARTICLE('old.article_id')} begin
       update comment_status_counts set n = n - 1 where status = old.status;
     end`,
    `create trigger comment_status_counts_au after update of status, article_id on comments begin
       update comment_status_counts set n = n - 1 where status = old.status and ${LIVE_ARTICLE('old.article_id')};
       update comment_status_counts set n = n + 1 where status = new.status and ${LIVE_ARTICLE('new.article_id')};
     end`,
    `create trigger comment_status_counts_article_au after update of trashed_at on articles
     when (old.trashed_at is null) <> (new.trashed_at is null) begin
       update comment_status_counts set n = n + (case when new.trashed_at is null then 1 else -1 end) * ${ARTICLE_COMMENTS('new.id')};
     end`,
    `create trigger tag_article_counts_ai after insert on article_tags begin
       insert into tag_article_counts (tag_id, n) values (new.tag_id, 1) on conflict (tag_id) do update set n = n + 1;
     end`,
    `create trigger tag_article_counts_ad after delete on article_tags begin
       update tag_article_counts set n = n - 1 where tag_id = old.tag_id;
     end`,
    // A live article deleted outright takes its comments out of the queue; the cascade then finds no live article.
    `create trigger comment_status_counts_article_bd before delete on articles when old.trashed_at is null begin
       update comment_status_counts set n = n - ${ARTICLE_COMMENTS('old.id')};
     end`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/**
 * PostgreSQL: statement triggers over transition tables, one update of a count row per statement and status. Row
 * triggers would update the same count row once per row, and a row updated n times in one transaction (an import
 * batch) leaves n versions that each later update walks: quadratic. Transition tables allow no column list, so the
 * update triggers fire on every update of the table and write only when a count changes.
 */
async function postgresTriggers(db: MigrationDb): Promise<void> {
  const bucket = (rows: string) => `(case when ${rows}.trashed_at is null then ${rows}.status else 'trash' end)`;
  const liveComments = (rows: string, sign: number) =>
    `select ${rows}.status, ${sign} as k from ${rows} join articles a on a.id = ${rows}.article_id where a.trashed_at is null`;
  /** Adds the summed `k` per key of `changes` (rows of key, k) to the count table. */
  const apply = (table: string, key: string, changes: string) =>
    `update ${table} t set n = t.n + d.k from (select key, sum(k) as k from (${changes}) c (key, k) group by key) d
     where t.${key} = d.key and d.k <> 0;`;
  const fn = (name: string, body: string) => `create function ${name}() returns trigger language plpgsql as $$ begin ${body} return null; end $$`;
  const trigger = (name: string, event: string, table: string, referencing: string) =>
    `create trigger ${name} after ${event} on ${table} referencing ${referencing} for each statement execute function ${name}()`;
  const statements = [
    fn('article_status_counts_inserted', apply('article_status_counts', 'bucket', `select ${bucket('i')}, 1 from inserted i`)),
    trigger('article_status_counts_inserted', 'insert', 'articles', 'new table as inserted'),
    fn('article_status_counts_deleted', apply('article_status_counts', 'bucket', `select ${bucket('d')}, -1 from deleted d`)),
    trigger('article_status_counts_deleted', 'delete', 'articles', 'old table as deleted'),
    fn(
      'article_status_counts_updated',
      apply('article_status_counts', 'bucket', `select ${bucket('o')}, -1 from old_rows o union all select ${bucket('nw')}, 1 from new_rows nw`),
    ),
    trigger('article_status_counts_updated', 'update', 'articles', 'old table as old_rows new table as new_rows'),
    fn('comment_status_counts_inserted', apply('comment_status_counts', 'status', liveComments('inserted', 1))),
    trigger('comment_status_counts_inserted', 'insert', 'comments', 'new table as inserted'),
    fn('comment_status_counts_deleted', apply('comment_status_counts', 'status', liveComments('deleted', -1))),
    trigger('comment_status_counts_deleted', 'delete', 'comments', 'old table as deleted'),
    fn('comment_status_counts_updated', apply('comment_status_counts', 'status', `${liveComments('old_rows', -1)} union all ${liveComments('new_rows', 1)}`)),
    trigger('comment_status_counts_updated', 'update', 'comments', 'old table as old_rows new table as new_rows'),
    fn(
      'tag_article_counts_inserted',
      `insert into tag_article_counts (tag_id, n) select tag_id, count(*) from inserted group by tag_id
       on conflict (tag_id) do update set n = tag_article_counts.n + excluded.n;`,
    ),
    trigger('tag_article_counts_inserted', 'insert', 'article_tags', 'new table as inserted'),
    fn('tag_article_counts_deleted', apply('tag_article_counts', 'tag_id', 'select tag_id, -1 from deleted')),
    trigger('tag_article_counts_deleted', 'delete', 'article_tags', 'old table as deleted'),
    // Articles moved to or from the trash take their comments out of the queue's counts or bring them back.
    fn(
      'comment_status_counts_article_trash',
      apply(
        'comment_status_counts',
        'status',
        `select c.status, case when nw.trashed_at is null then 1 else -1 end
         from old_rows o join new_rows nw on nw.id = o.id join comments c on c.article_id = nw.id
         where (o.trashed_at is null) <> (nw.trashed_at is null)`,
      ),
    ),
    trigger('comment_status_counts_article_trash', 'update', 'articles', 'old table as old_rows new table as new_rows'),
    // A live article deleted outright takes its comments out of the queue; the cascade then finds no live article.
    `create function comment_status_counts_article_delete() returns trigger language plpgsql as $$ begin
       if old.trashed_at is null then update comment_status_counts set n = n - ${ARTICLE_COMMENTS('old.id')}; end if;
       return old;
     end $$`,
    `create trigger comment_status_counts_article_delete before delete on articles
     for each row execute function comment_status_counts_article_delete()`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
