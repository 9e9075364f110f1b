import type { MigrationDb } from '../migration-db.js';
import { sql } from 'kysely';
import type { DialectHelpers } from '../dialect.js';

/**
 * section_article_counts: article_sections rows per section (every article in it, as its primary section or another,
 * whatever its status, trash included), so the newsroom's sections list reads one row per section instead of
 * counting every link (16 ms at 100,000 stories). Kept by triggers in the writer's transaction, as 0026 keeps
 * tag_article_counts; a section with none may have no row, or a row at 0. Backfilled from the links already there.
 */
export async function up(db: MigrationDb, d: DialectHelpers): Promise<void> {
  // No foreign key: a deleted section's row stays behind at 0 (ids are never reused), whatever order a cascade runs in.
  await db.schema
    .createTable('section_article_counts')
    .addColumn('section_id', 'integer', (c) => c.primaryKey())
    .addColumn('n', 'integer', (c) => c.notNull())
    .execute();
  await backfillSectionArticleCounts(db);
  if (d.name === 'sqlite') await sqliteTriggers(db);
  else await postgresTriggers(db);
}

/** Counts every section's links from the rows themselves (the backfill; also what the tests check the kept counts against). */
export async function backfillSectionArticleCounts(db: MigrationDb): Promise<void> {
  await sql`delete from section_article_counts`.execute(db);
  await sql`insert into section_article_counts (section_id, n) select section_id, count(*) from article_sections group by section_id`.execute(db);
}

const ADD_ONE = (section: string) =>
  `insert into section_article_counts (section_id, n) values (${section}, 1) on conflict (section_id) do update set n = section_article_counts.n + 1;`;
const TAKE_ONE = (section: string) => `update section_article_counts set n = n - 1 where section_id = ${section};`;

async function sqliteTriggers(db: MigrationDb): Promise<void> {
  const statements = [
    `create trigger section_article_counts_ai after insert on article_sections begin ${ADD_ONE('new.section_id')} end`,
    `create trigger section_article_counts_ad after delete on article_sections begin ${TAKE_ONE('old.section_id')} end`,
    // article_sections rows are updated for their copied listing columns (0023) on every status change; only a
    // change of section moves a count.
    `create trigger section_article_counts_au after update of section_id on article_sections when old.section_id <> new.section_id begin
       ${TAKE_ONE('old.section_id')} ${ADD_ONE('new.section_id')}
     end`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/**
 * PostgreSQL: statement triggers over transition tables for inserts and deletes (one write per section and statement,
 * as 0026 explains), and a row trigger for the rare change of a link's section: a statement trigger with transition
 * tables would fire on every update of the table, which 0023's triggers make on every status change.
 */
async function postgresTriggers(db: MigrationDb): Promise<void> {
  const fn = (name: string, body: string) => `create function ${name}() returns trigger language plpgsql as $$ begin ${body} return null; end $$`;
  const statements = [
    fn(
      'section_article_counts_inserted',
      `insert into section_article_counts (section_id, n) select section_id, count(*) from inserted group by section_id
       on conflict (section_id) do update set n = section_article_counts.n + excluded.n;`,
    ),
    `create trigger section_article_counts_inserted after insert on article_sections referencing new table as inserted
     for each statement execute function section_article_counts_inserted()`,
    fn(
      'section_article_counts_deleted',
      `update section_article_counts t set n = t.n - d.k from (select section_id, count(*) as k from deleted group by section_id) d
       where t.section_id = d.section_id;`,
    ),
    `create trigger section_article_counts_deleted after delete on article_sections referencing old table as deleted
     for each statement execute function section_article_counts_deleted()`,
    fn('section_article_counts_moved', `${TAKE_ONE('old.section_id')} ${ADD_ONE('new.section_id')}`),
    `create trigger section_article_counts_moved after update of section_id on article_sections
     for each row when (old.section_id <> new.section_id) execute function section_article_counts_moved()`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
