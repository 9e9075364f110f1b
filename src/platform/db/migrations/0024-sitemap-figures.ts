import { type RawBuilder, sql } from 'kysely';
import type { DialectHelpers } from '../dialect.js';
import type { MigrationDb } from '../migration-db.js';

/**
 * Kept figures for the sitemaps, so the index and its files never group or count the archive:
 * - `sitemap_months`: per UTC month of publication, how many public, indexable published stories it has and the
 *   newest `updated_at` among them (the article sitemaps).
 * - `sitemap_listings`: per section, tag and byline, how many public published stories it lists (noindex ones too:
 *   those pages are indexed) and their newest `updated_at`.
 * A row exists only while its count is above zero. Triggers on articles and the three link tables keep both in step
 * in the writing statement's own transaction, whatever writes (the editor, the scheduler, an import, the demo, a
 * bulk insert): a story joins a figure when it becomes public and published, leaves it when it stops (or moves to
 * another month), and raises its lastmod when edited. Only when the story that leaves held the newest change is the
 * lastmod read again, from the group's own rows through an index (a month's range of (status, published_at); a tag's
 * link rows). 'Public' here is `publishedFor('open')` (status 'published', visibility 'public'). A deleted article is
 * taken out before the delete (BEFORE DELETE), while its link rows still name its groups; the cascade that then removes
 * the link rows finds no article and changes nothing.
 */

const LINKS = [
  { kind: 'section', table: 'article_sections', column: 'section_id' },
  { kind: 'tag', table: 'article_tags', column: 'tag_id' },
  { kind: 'author', table: 'article_authors', column: 'person_id' },
] as const;

const raw = (text: string) => sql.raw(text);

export async function up(db: MigrationDb, d: DialectHelpers): Promise<void> {
  await db.schema
    .createTable('sitemap_months')
    .addColumn('month', 'text', (c) => c.primaryKey())
    .addColumn('article_count', 'integer', (c) => c.notNull())
    .addColumn('lastmod', d.timestampType, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('sitemap_listings')
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('section', 'tag', 'author')`))
    .addColumn('item_id', 'integer', (c) => c.notNull())
    .addColumn('article_count', 'integer', (c) => c.notNull())
    .addColumn('lastmod', d.timestampType, (c) => c.notNull())
    .addPrimaryKeyConstraint('sitemap_listings_pk', ['kind', 'item_id'])
    .execute();
  // The front page's lastmod (the newest change to any public story) read from the top of this index.
  await db.schema.createIndex('articles_updated_idx').on('articles').column('updated_at').execute();

  for (const statement of d.name === 'sqlite' ? sqliteTriggers() : postgresTriggers()) await statement.execute(db);
  await backfillSitemapFigures(db, d);
}

/** Counts the figures from the rows, once: what the triggers keep from then on. */
export async function backfillSitemapFigures(db: MigrationDb, d: DialectHelpers): Promise<void> {
  const month = d.name === 'sqlite' ? 'substr(published_at, 1, 7)' : `to_char(published_at at time zone 'UTC', 'YYYY-MM')`;
  await sql`
    insert into sitemap_months (month, article_count, lastmod)
    select ${raw(month)}, count(*), max(updated_at) from articles a
    where ${raw(indexed('a', d.name))}
    group by ${raw(month)}`.execute(db);
  for (const link of LINKS) {
    await sql`
      insert into sitemap_listings (kind, item_id, article_count, lastmod)
      select ${link.kind}, j.${raw(link.column)}, count(*), max(a.updated_at)
      from ${raw(link.table)} j join articles a on a.id = j.article_id
      where ${raw(open('a'))}
      group by j.${raw(link.column)}`.execute(db);
  }
}

/** `publishedFor('open')` on a row alias. */
function open(row: string): string {
  return `(${row}.status = 'published' and ${row}.visibility = 'public')`;
}

/** Open, dated and not marked noindex: what the article sitemaps list. */
function indexed(row: string, dialect: 'sqlite' | 'postgres'): string {
  const noindex = dialect === 'sqlite' ? `${row}.seo_noindex = 0` : `not ${row}.seo_noindex`;
  return `(${open(row)} and ${noindex} and ${row}.published_at is not null)`;
}

const WATCHED = ['status', 'visibility', 'seo_noindex', 'published_at', 'updated_at'];

// ---- SQLite: trigger bodies, one statement per step ----

function sqliteMonthAdd(row: string): string {
  return `insert into sitemap_months (month, article_count, lastmod)
      select substr(${row}.published_at, 1, 7), 1, ${row}.updated_at where ${indexed(row, 'sqlite')}
      on conflict (month) do update set article_count = article_count + 1, lastmod = max(lastmod, excluded.lastmod);`;
}

function sqliteMonthRemove(row: string): string {
  const month = `substr(${row}.published_at, 1, 7)`;
  const newestOthers = `(select max(a.updated_at) from articles a
        where a.status = 'published' and a.published_at >= sitemap_months.month || '-01'
          and a.published_at < strftime('%Y-%m-01', sitemap_months.month || '-01', '+1 month')
          and a.id <> ${row}.id and ${indexed('a', 'sqlite')})`;
  return `update sitemap_months set article_count = article_count - 1,
        lastmod = case when ${row}.updated_at < lastmod then lastmod else coalesce(${newestOthers}, lastmod) end
      where month = ${month} and ${indexed(row, 'sqlite')};
    delete from sitemap_months where month = ${month} and article_count <= 0;`;
}

function newestInListing(link: (typeof LINKS)[number], item: string, excludeArticle: string): string {
  return `(select max(a.updated_at) from ${link.table} j join articles a on a.id = j.article_id
        where j.${link.column} = ${item} and a.id <> ${excludeArticle} and ${open('a')})`;
}

function sqliteListingsAdd(row: string): string {
  return LINKS.map(
    (link) => `insert into sitemap_listings (kind, item_id, article_count, lastmod)
      select '${link.kind}', j.${link.column}, 1, ${row}.updated_at from ${link.table} j where j.article_id = ${row}.id and ${open(row)}
      on conflict (kind, item_id) do update set article_count = article_count + 1, lastmod = max(lastmod, excluded.lastmod);`,
  ).join('\n    ');
}

function sqliteListingsRemove(row: string): string {
  return LINKS.map((link) => {
    const items = `(select ${link.column} from ${link.table} where article_id = ${row}.id)`;
    return `update sitemap_listings set article_count = article_count - 1,
        lastmod = case when ${row}.updated_at < lastmod then lastmod else coalesce(${newestInListing(link, 'sitemap_listings.item_id', `${row}.id`)}, lastmod) end
      where kind = '${link.kind}' and item_id in ${items} and ${open(row)};
    delete from sitemap_listings where kind = '${link.kind}' and item_id in ${items} and article_count <= 0;`;
  }).join('\n    ');
}

function sqliteTriggers(): RawBuilder<unknown>[] {
  const changed = WATCHED.map((column) => `old.${column} is not new.${column}`).join(' or ');
  const statements = [
    `create trigger articles_sitemap_ai after insert on articles begin
    ${sqliteMonthAdd('new')}
  end`,
    `create trigger articles_sitemap_au after update of ${WATCHED.join(', ')} on articles when ${changed} begin
    ${sqliteMonthRemove('old')}
    ${sqliteMonthAdd('new')}
    ${sqliteListingsRemove('old')}
    ${sqliteListingsAdd('new')}
  end`,
    `create trigger articles_sitemap_bd before delete on articles begin
    ${sqliteMonthRemove('old')}
    ${sqliteListingsRemove('old')}
  end`,
  ];
  for (const link of LINKS) {
    const article = (row: string) => `(select a.updated_at from articles a where a.id = ${row}.article_id and ${open('a')})`;
    statements.push(
      `create trigger ${link.table}_sitemap_ai after insert on ${link.table} begin
    insert into sitemap_listings (kind, item_id, article_count, lastmod)
      select '${link.kind}', new.${link.column}, 1, a.updated_at from articles a where a.id = new.article_id and ${open('a')}
      on conflict (kind, item_id) do update set article_count = article_count + 1, lastmod = max(lastmod, excluded.lastmod);
  end`,
      `create trigger ${link.table}_sitemap_ad after delete on ${link.table} when ${article('old')} is not null begin
    update sitemap_listings set article_count = article_count - 1,
        lastmod = case when ${article('old')} < lastmod then lastmod else coalesce(${newestInListing(link, `old.${link.column}`, 'old.article_id')}, lastmod) end
      where kind = '${link.kind}' and item_id = old.${link.column};
    delete from sitemap_listings where kind = '${link.kind}' and item_id = old.${link.column} and article_count <= 0;
  end`,
    );
  }
  return statements.map(raw);
}

// ---- PostgreSQL: the same steps as functions ----

function postgresTriggers(): RawBuilder<unknown>[] {
  const newestInAnyListing = LINKS.map((link) => `select article_id from ${link.table} where p_kind = '${link.kind}' and ${link.column} = p_item`).join(
    ' union all ',
  );
  const forEachListing = (row: string, body: (kind: string, item: string) => string) =>
    LINKS.map(
      (link) => `for item in select ${link.column} from ${link.table} where article_id = ${row}.id loop
        ${body(`'${link.kind}'`, 'item')}
      end loop;`,
    ).join('\n      ');
  const statements = [
    `create function sitemap_month_add(p_published timestamptz, p_updated timestamptz) returns void language sql as $$
      insert into sitemap_months (month, article_count, lastmod) values (to_char(p_published at time zone 'UTC', 'YYYY-MM'), 1, p_updated)
      on conflict (month) do update set article_count = sitemap_months.article_count + 1, lastmod = greatest(sitemap_months.lastmod, excluded.lastmod)
    $$`,
    // The month's range in UTC, so the read walks (status, published_at) over that month alone.
    `create function sitemap_month_remove(p_id integer, p_published timestamptz, p_updated timestamptz) returns void language plpgsql as $$
    declare
      m text := to_char(p_published at time zone 'UTC', 'YYYY-MM');
      month_start timestamptz := date_trunc('month', p_published at time zone 'UTC') at time zone 'UTC';
      month_end timestamptz := (date_trunc('month', p_published at time zone 'UTC') + interval '1 month') at time zone 'UTC';
    begin
      update sitemap_months s set article_count = s.article_count - 1,
        lastmod = case when p_updated < s.lastmod then s.lastmod else coalesce((select max(a.updated_at) from articles a
          where a.status = 'published' and a.published_at >= month_start and a.published_at < month_end and a.id <> p_id and ${indexed('a', 'postgres')}), s.lastmod) end
      where s.month = m;
      delete from sitemap_months where month = m and article_count <= 0;
    end $$`,
    `create function sitemap_listing_add(p_kind text, p_item integer, p_updated timestamptz) returns void language sql as $$
      insert into sitemap_listings (kind, item_id, article_count, lastmod) values (p_kind, p_item, 1, p_updated)
      on conflict (kind, item_id) do update set article_count = sitemap_listings.article_count + 1, lastmod = greatest(sitemap_listings.lastmod, excluded.lastmod)
    $$`,
    `create function sitemap_listing_remove(p_kind text, p_item integer, p_article integer, p_updated timestamptz) returns void language plpgsql as $$
    begin
      update sitemap_listings s set article_count = s.article_count - 1,
        lastmod = case when p_updated < s.lastmod then s.lastmod else coalesce((select max(a.updated_at) from articles a
          where a.id <> p_article and ${open('a')} and a.id in (${newestInAnyListing})), s.lastmod) end
      where s.kind = p_kind and s.item_id = p_item;
      delete from sitemap_listings where kind = p_kind and item_id = p_item and article_count <= 0;
    end $$`,
    `create function articles_sitemap_keep() returns trigger language plpgsql as $$
    declare
      item integer;
    begin
      if tg_op in ('UPDATE', 'DELETE') then
        if ${indexed('old', 'postgres')} then perform sitemap_month_remove(old.id, old.published_at, old.updated_at); end if;
        if ${open('old')} then
          ${forEachListing('old', (kind, item) => `perform sitemap_listing_remove(${kind}, ${item}, old.id, old.updated_at);`)}
        end if;
      end if;
      if tg_op = 'DELETE' then return old; end if;
      if ${indexed('new', 'postgres')} then perform sitemap_month_add(new.published_at, new.updated_at); end if;
      if tg_op = 'UPDATE' and ${open('new')} then
        ${forEachListing('new', (kind, item) => `perform sitemap_listing_add(${kind}, ${item}, new.updated_at);`)}
      end if;
      return null;
    end $$`,
    `create trigger articles_sitemap_ai after insert on articles for each row execute function articles_sitemap_keep()`,
    `create trigger articles_sitemap_au after update of ${WATCHED.join(', ')} on articles for each row
      when (${WATCHED.map((column) => `old.${column} is distinct from new.${column}`).join(' or ')})
      execute function articles_sitemap_keep()`,
    `create trigger articles_sitemap_bd before delete on articles for each row execute function articles_sitemap_keep()`,
  ];
  for (const link of LINKS) {
    statements.push(
      `create function ${link.table}_sitemap_keep() returns trigger language plpgsql as $$
    declare
      changed timestamptz;
    begin
      if tg_op = 'INSERT' then
        select a.updated_at into changed from articles a where a.id = new.article_id and ${open('a')};
        if found then perform sitemap_listing_add('${link.kind}', new.${link.column}, changed); end if;
      else
        select a.updated_at into changed from articles a where a.id = old.article_id and ${open('a')};
        if found then perform sitemap_listing_remove('${link.kind}', old.${link.column}, old.article_id, changed); end if;
      end if;
      return null;
    end $$`,
      `create trigger ${link.table}_sitemap after insert or delete on ${link.table} for each row execute function ${link.table}_sitemap_keep()`,
    );
  }
  return statements.map(raw);
}
