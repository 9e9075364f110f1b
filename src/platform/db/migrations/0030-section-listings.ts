import { sql } from 'kysely';
import type { MigrationDb } from '../migration-db.js';
import { type DialectHelpers, refreshPlannerStatistics } from '../dialect.js';

/**
 * A section's archive covers its subsections, at any depth, read from one index in its order (a union of one range
 * per section in the subtree read offset + limit rows from each, then removed repeats and sorted them).
 *
 * - section_ancestors: each section with itself and every section above it (a closure of the tree).
 * - section_listings: one row per (section, article) for each section an article is in and every section above
 *   those, with the article's status, visibility and published_at, indexed in the archive's order with visibility
 *   last, so a page is one range of that index and nothing else.
 *
 * Triggers keep both in the same statement as the change, whoever writes (the article service, imports, section
 * merges and moves, the scheduler, the demo seed, the bench's dataset). A moved section rebuilds the rows of the
 * articles under it (sections change rarely). SQLite trigger bodies allow no WITH, so none is recursive: a new
 * section copies its parent's ancestors, a moved one swaps its subtree's ancestors above it.
 */
export async function up(db: MigrationDb, d: DialectHelpers): Promise<void> {
  await db.schema
    .createTable('section_ancestors')
    .addColumn('section_id', 'integer', (c) => c.notNull().references('sections.id').onDelete('cascade'))
    .addColumn('ancestor_id', 'integer', (c) => c.notNull().references('sections.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('section_ancestors_pk', ['section_id', 'ancestor_id'])
    .execute();
  await db.schema.createIndex('section_ancestors_ancestor_idx').on('section_ancestors').columns(['ancestor_id', 'section_id']).execute();
  await db.schema
    .createTable('section_listings')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('section_id', 'integer', (c) => c.notNull().references('sections.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('published_at', d.timestampType)
    .addPrimaryKeyConstraint('section_listings_pk', ['article_id', 'section_id'])
    .execute();
  await rebuildSectionListings(db);
  await sql`create index section_listings_listing_idx on section_listings (section_id, status, published_at desc, article_id desc, visibility)`.execute(db);
  for (const trigger of TRIGGERS) await (d.name === 'sqlite' ? sqliteTrigger(db, trigger) : postgresTrigger(db, trigger));
  await refreshPlannerStatistics(db, ['section_ancestors', 'section_listings']);
}

/** Both tables from the sections and links themselves (the backfill; also what the tests check the kept rows against). */
export async function rebuildSectionListings(db: MigrationDb): Promise<void> {
  await sql`delete from section_listings`.execute(db);
  await sql`delete from section_ancestors`.execute(db);
  await sql`
    insert into section_ancestors (section_id, ancestor_id)
    with recursive chain (section_id, ancestor_id) as (
      select id, id from sections
      union all
      select chain.section_id, s.parent_id from chain join sections s on s.id = chain.ancestor_id where s.parent_id is not null
    )
    select section_id, ancestor_id from chain`.execute(db);
  await sql`
    insert into section_listings (section_id, article_id, status, visibility, published_at)
    select distinct c.ancestor_id, l.article_id, a.status, a.visibility, a.published_at
    from article_sections l join section_ancestors c on c.section_id = l.section_id join articles a on a.id = l.article_id`.execute(db);
}

interface Trigger {
  name: string;
  timing: 'before' | 'after';
  event: string;
  table: string;
  /** Fire only when this holds (SQL over old/new, the same on both dialects). */
  when?: string;
  statements: string[];
}

/** Adds the rows an article gets from its link to section `sectionId`: that section and every one above it. */
const ADD_LINK = (articleId: string, sectionId: string) => `
  insert into section_listings (section_id, article_id, status, visibility, published_at)
  select c.ancestor_id, a.id, a.status, a.visibility, a.published_at
  from section_ancestors c join articles a on a.id = ${articleId}
  where c.section_id = ${sectionId}
    and not exists (select 1 from section_listings s where s.article_id = a.id and s.section_id = c.ancestor_id);`;

/** Removes the rows an article had from its link to `sectionId` that no other link of the article still gives. */
const REMOVE_LINK = (articleId: string, sectionId: string) => `
  delete from section_listings
  where article_id = ${articleId}
    and section_id in (select ancestor_id from section_ancestors where section_id = ${sectionId})
    and not exists (
      select 1 from article_sections l join section_ancestors c on c.section_id = l.section_id
      where l.article_id = ${articleId} and c.ancestor_id = section_listings.section_id);`;

/** The articles linked to `sectionId` or to a section under it. */
const ARTICLES_UNDER = (sectionId: string) =>
  `select l.article_id from article_sections l join section_ancestors d on d.section_id = l.section_id where d.ancestor_id = ${sectionId}`;

const TRIGGERS: Trigger[] = [
  {
    name: 'sections_ancestry_insert',
    timing: 'after',
    event: 'insert',
    table: 'sections',
    statements: [
      `insert into section_ancestors (section_id, ancestor_id)
       select new.id, new.id union all select new.id, ancestor_id from section_ancestors where section_id = new.parent_id;`,
    ],
  },
  {
    // The subtree keeps its ancestry up to the moved section and takes the new parent's above it; its articles'
    // rows are rebuilt from their links.
    name: 'sections_ancestry_move',
    timing: 'after',
    event: 'update of parent_id',
    table: 'sections',
    when: 'old.parent_id is distinct from new.parent_id',
    statements: [
      `delete from section_ancestors
       where section_id in (select section_id from section_ancestors where ancestor_id = new.id)
         and ancestor_id in (select ancestor_id from section_ancestors where section_id = new.id and ancestor_id <> new.id);`,
      `insert into section_ancestors (section_id, ancestor_id)
       select d.section_id, p.ancestor_id from section_ancestors d join section_ancestors p on p.section_id = new.parent_id
       where d.ancestor_id = new.id;`,
      `delete from section_listings where article_id in (${ARTICLES_UNDER('new.id')});`,
      `insert into section_listings (section_id, article_id, status, visibility, published_at)
       select distinct c.ancestor_id, a.id, a.status, a.visibility, a.published_at
       from article_sections l join section_ancestors c on c.section_id = l.section_id join articles a on a.id = l.article_id
       where l.article_id in (${ARTICLES_UNDER('new.id')});`,
    ],
  },
  {
    // Its links go first, while its ancestry is there to say which rows above it they gave.
    name: 'sections_listing_delete',
    timing: 'before',
    event: 'delete',
    table: 'sections',
    statements: ['delete from article_sections where section_id = old.id;'],
  },
  {
    name: 'article_sections_listing_insert',
    timing: 'after',
    event: 'insert',
    table: 'article_sections',
    statements: [ADD_LINK('new.article_id', 'new.section_id')],
  },
  {
    name: 'article_sections_listing_delete',
    timing: 'after',
    event: 'delete',
    table: 'article_sections',
    statements: [REMOVE_LINK('old.article_id', 'old.section_id')],
  },
  {
    name: 'article_sections_listing_update',
    timing: 'after',
    event: 'update of article_id, section_id',
    table: 'article_sections',
    statements: [REMOVE_LINK('old.article_id', 'old.section_id'), ADD_LINK('new.article_id', 'new.section_id')],
  },
  {
    name: 'articles_section_listing_sync',
    timing: 'after',
    event: 'update of status, visibility, published_at',
    table: 'articles',
    when: 'old.status is distinct from new.status or old.visibility is distinct from new.visibility or old.published_at is distinct from new.published_at',
    statements: ['update section_listings set status = new.status, visibility = new.visibility, published_at = new.published_at where article_id = new.id;'],
  },
];

async function sqliteTrigger(db: MigrationDb, t: Trigger): Promise<void> {
  const when = t.when ? `when ${t.when}` : '';
  await sql.raw(`create trigger ${t.name} ${t.timing} ${t.event} on ${t.table} ${when} begin ${t.statements.join(' ')} end`).execute(db);
}

async function postgresTrigger(db: MigrationDb, t: Trigger): Promise<void> {
  // A before-delete trigger lets the delete go on by returning the old row; after triggers' results are ignored.
  const result = t.timing === 'before' ? 'old' : 'null';
  await sql.raw(`create function ${t.name}() returns trigger language plpgsql as $$ begin ${t.statements.join(' ')} return ${result}; end $$`).execute(db);
  const when = t.when ? `when (${t.when})` : '';
  await sql.raw(`create trigger ${t.name} ${t.timing} ${t.event} on ${t.table} for each row ${when} execute function ${t.name}()`).execute(db);
}
