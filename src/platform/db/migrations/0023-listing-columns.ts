import { sql } from 'kysely';
import type { MigrationDb } from '../migration-db.js';
import type { DialectHelpers } from '../dialect.js';

/** The link tables a listing walks, each with the column that names what it lists by. */
const LINK_TABLES = [
  ['article_sections', 'section_id'],
  ['article_tags', 'tag_id'],
  ['article_authors', 'person_id'],
] as const;

/**
 * Listings that an index serves in order. Each link row (article_sections, article_tags, article_authors) carries a
 * copy of its article's status, visibility and published_at, indexed as (key, status, published_at desc, id desc):
 * a section, tag or author archive, a front-page block and the related-stories candidates read the newest rows of
 * one key straight from the index instead of filtering the whole archive and sorting it. The copies are kept by
 * triggers, so every writer (the article service, the scheduler, imports, tag and section merges, the bench's
 * dataset) keeps them in step without knowing they exist. The old one-column key indexes are prefixes of the new
 * ones and go. `articles_primary_section_idx` serves related stories' same-primary-section candidates.
 */
export async function up(db: MigrationDb, d: DialectHelpers): Promise<void> {
  for (const [table] of LINK_TABLES) {
    await db.schema
      .alterTable(table)
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
      .execute();
    await db.schema
      .alterTable(table)
      .addColumn('visibility', 'text', (c) => c.notNull().defaultTo('public'))
      .execute();
    await db.schema.alterTable(table).addColumn('published_at', d.timestampType).execute();
  }
  await backfillListingCopies(db);
  for (const [table, key] of LINK_TABLES) {
    await sql`create index ${sql.id(`${table}_listing_idx`)} on ${sql.table(table)} (${sql.ref(key)}, status, published_at desc, article_id desc)`.execute(db);
  }
  await db.schema.dropIndex('article_sections_section_idx').execute();
  await db.schema.dropIndex('article_tags_tag_idx').execute();
  await db.schema.dropIndex('article_authors_person_idx').execute();
  await sql`create index articles_primary_section_idx on articles (primary_section_id, status, published_at desc, id desc)`.execute(db);
  if (d.name === 'sqlite') await sqliteTriggers(db);
  else await postgresTriggers(db);
}

/** Copies every link's article's status, visibility and published_at onto it. */
export async function backfillListingCopies(db: MigrationDb): Promise<void> {
  for (const [table] of LINK_TABLES) {
    await sql`
      update ${sql.table(table)} set (status, visibility, published_at) =
        (select a.status, a.visibility, a.published_at from articles a where a.id = ${sql.ref(`${table}.article_id`)})`.execute(db);
  }
}

async function sqliteTriggers(db: MigrationDb): Promise<void> {
  const copies = LINK_TABLES.map(
    ([table]) =>
      sql`update ${sql.table(table)} set status = new.status, visibility = new.visibility, published_at = new.published_at where article_id = new.id;`,
  );
  await sql`
    create trigger articles_listing_sync after update of status, visibility, published_at on articles
    when old.status is not new.status or old.visibility is not new.visibility or old.published_at is not new.published_at
    begin ${sql.join(copies, sql` `)} end`.execute(db);
  for (const [table, key] of LINK_TABLES) {
    // SQLite cannot change NEW before the insert, so the new row is completed just after it.
    await sql`
      create trigger ${sql.id(`${table}_listing_fill`)} after insert on ${sql.table(table)}
      begin
        update ${sql.table(table)} set (status, visibility, published_at) =
          (select a.status, a.visibility, a.published_at from articles a where a.id = new.article_id)
        where article_id = new.article_id and ${sql.ref(key)} = ${sql.ref(`new.${key}`)};
      end`.execute(db);
  }
}

async function postgresTriggers(db: MigrationDb): Promise<void> {
  const copies = LINK_TABLES.map(
    ([table]) =>
      sql`update ${sql.table(table)} set status = new.status, visibility = new.visibility, published_at = new.published_at where article_id = new.id;`,
  );
  await sql`
    create function articles_listing_sync() returns trigger language plpgsql as $$
    begin ${sql.join(copies, sql` `)} return null; end $$`.execute(db);
  await sql`
    create trigger articles_listing_sync after update of status, visibility, published_at on articles for each row
    when (old.status is distinct from new.status or old.visibility is distinct from new.visibility or old.published_at is distinct from new.published_at)
    execute function articles_listing_sync()`.execute(db);
  await sql`
    create function article_link_listing_fill() returns trigger language plpgsql as $$
    begin
      select a.status, a.visibility, a.published_at into new.status, new.visibility, new.published_at from articles a where a.id = new.article_id;
      return new;
    end $$`.execute(db);
  for (const [table] of LINK_TABLES) {
    await sql`
      create trigger ${sql.id(`${table}_listing_fill`)} before insert on ${sql.table(table)} for each row
      execute function article_link_listing_fill()`.execute(db);
  }
}
