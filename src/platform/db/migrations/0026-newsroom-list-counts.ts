import type { MigrationDb } from '../migration-db.js';
import { sql } from 'kysely';
import type { DialectHelpers } from '../dialect.js';

/**
 * The newsroom's lists at any archive size: indexes that serve each list's order, and kept counts for the status
 * tabs and the dashboard, so no screen counts the whole archive per view.
 *
 * - article_status_counts: articles per status tab ('trash' for those in the trash, whatever their status).
 * - comment_status_counts: comments per status on articles not in the trash (the moderation queue's tabs).
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

// In parentheses: PL/pgSQL ends an IF condition at the first THEN outside them, a CASE's included.
const ARTICLE_BUCKET = (row: 'old' | 'new') => `(case when ${row}.trashed_at is null then ${row}.status else 'trash' end)`;
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
    // A live article deleted outright takes its comments out of the queue; the cascade then finds no live article.
    `create trigger comment_status_counts_article_bd before delete on articles when old.trashed_at is null begin
       update comment_status_counts set n = n - ${ARTICLE_COMMENTS('old.id')};
     end`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

async function postgresTriggers(db: MigrationDb): Promise<void> {
  const statements = [
    `create function article_status_counts_keep() returns trigger language plpgsql as $$
     begin
       if tg_op = 'UPDATE' and ${ARTICLE_BUCKET('old')} = ${ARTICLE_BUCKET('new')} then return null; end if;
       if tg_op in ('UPDATE', 'DELETE') then
         update article_status_counts set n = n - 1 where bucket = ${ARTICLE_BUCKET('old')};
       end if;
       if tg_op in ('INSERT', 'UPDATE') then
         update article_status_counts set n = n + 1 where bucket = ${ARTICLE_BUCKET('new')};
       end if;
       return null;
     end $$`,
    `create trigger article_status_counts_keep after insert or delete or update of status, trashed_at on articles
     for each row execute function article_status_counts_keep()`,
    `create function comment_status_counts_keep() returns trigger language plpgsql as $$
     begin
       if tg_op = 'UPDATE' and old.status = new.status and old.article_id = new.article_id then return null; end if;
       if tg_op in ('UPDATE', 'DELETE') and ${LIVE_ARTICLE('old.article_id')} then
         update comment_status_counts set n = n - 1 where status = old.status;
       end if;
       if tg_op in ('INSERT', 'UPDATE') and ${LIVE_ARTICLE('new.article_id')} then
         update comment_status_counts set n = n + 1 where status = new.status;
       end if;
       return null;
     end $$`,
    `create trigger comment_status_counts_keep after insert or delete or update of status, article_id on comments
     for each row execute function comment_status_counts_keep()`,
    `create function comment_status_counts_article_keep() returns trigger language plpgsql as $$
     begin
       if tg_op = 'DELETE' then
         -- A live article deleted outright takes its comments out of the queue; the cascade then finds no live article.
         if old.trashed_at is null then update comment_status_counts set n = n - ${ARTICLE_COMMENTS('old.id')}; end if;
         return old;
       end if;
       if (old.trashed_at is null) <> (new.trashed_at is null) then
         update comment_status_counts set n = n + (case when new.trashed_at is null then 1 else -1 end) * ${ARTICLE_COMMENTS('new.id')};
       end if;
       return null;
     end $$`,
    `create trigger comment_status_counts_article_trash after update of trashed_at on articles
     for each row execute function comment_status_counts_article_keep()`,
    `create trigger comment_status_counts_article_delete before delete on articles
     for each row execute function comment_status_counts_article_keep()`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
