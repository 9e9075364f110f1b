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

// ---- SQLite: trigger bodies, one statement per step, each under its condition ----

/** The newest change among a month's stories but one (the month's range of the (status, published_at) index). */
function sqliteMonthNewest(exclude: string): string {
  return `(select max(a.updated_at) from articles a
        where a.status = 'published' and a.published_at >= sitemap_months.month || '-01'
          and a.published_at < strftime('%Y-%m-01', sitemap_months.month || '-01', '+1 month')
          and a.id <> ${exclude} and ${indexed('a', 'sqlite')})`;
}

function newestInListing(link: (typeof LINKS)[number], item: string, exclude: string): string {
  return `(select max(a.updated_at) from ${link.table} j join articles a on a.id = j.article_id
        where j.${link.column} = ${item} and a.id <> ${exclude} and ${open('a')})`;
}

/** lastmod once a story leaves (`row` is the story as it was). */
const lastmodWithout = (row: string, newest: string) => `case when ${row}.updated_at < lastmod then lastmod else coalesce(${newest}, lastmod) end`;

/** lastmod once a story that stays is changed from `old` to `new`: read again only if it held the newest and went back. */
const lastmodChanged = (newest: string) =>
  `case when new.updated_at >= lastmod then new.updated_at when old.updated_at >= lastmod then max(coalesce(${newest}, new.updated_at), new.updated_at) else lastmod end`;

function sqliteMonthAdd(row: string, when: string): string {
  return `insert into sitemap_months (month, article_count, lastmod)
      select substr(${row}.published_at, 1, 7), 1, ${row}.updated_at where ${indexed(row, 'sqlite')} and ${when}
      on conflict (month) do update set article_count = article_count + 1, lastmod = max(lastmod, excluded.lastmod);`;
}

function sqliteMonthRemove(row: string, when: string): string {
  const month = `substr(${row}.published_at, 1, 7)`;
  return `update sitemap_months set article_count = article_count - 1, lastmod = ${lastmodWithout(row, sqliteMonthNewest(`${row}.id`))}
      where month = ${month} and ${indexed(row, 'sqlite')} and ${when};
    delete from sitemap_months where month = ${month} and article_count <= 0;`;
}

function sqliteListingsAdd(row: string, when: string): string {
  return LINKS.map(
    (link) => `insert into sitemap_listings (kind, item_id, article_count, lastmod)
      select '${link.kind}', j.${link.column}, 1, ${row}.updated_at from ${link.table} j where j.article_id = ${row}.id and ${open(row)} and ${when}
      on conflict (kind, item_id) do update set article_count = article_count + 1, lastmod = max(lastmod, excluded.lastmod);`,
  ).join('\n    ');
}

const linkedItems = (link: (typeof LINKS)[number], row: string) => `(select ${link.column} from ${link.table} where article_id = ${row}.id)`;

function sqliteListingsRemove(row: string, when: string): string {
  return LINKS.map((link) => {
    const items = linkedItems(link, row);
    return `update sitemap_listings set article_count = article_count - 1,
        lastmod = ${lastmodWithout(row, newestInListing(link, 'sitemap_listings.item_id', `${row}.id`))}
      where kind = '${link.kind}' and item_id in ${items} and ${open(row)} and ${when};
    delete from sitemap_listings where kind = '${link.kind}' and item_id in ${items} and article_count <= 0;`;
  }).join('\n    ');
}

function sqliteTriggers(): RawBuilder<unknown>[] {
  const changed = WATCHED.map((column) => `old.${column} is not new.${column}`).join(' or ');
  // A story that stays in its month (or its listings) only moves the lastmod; anything else leaves and joins again.
  const staysInMonth = `(${indexed('old', 'sqlite')} and ${indexed('new', 'sqlite')} and substr(old.published_at, 1, 7) = substr(new.published_at, 1, 7))`;
  const staysListed = `(${open('old')} and ${open('new')})`;
  const statements = [
    `create trigger articles_sitemap_ai after insert on articles begin
    ${sqliteMonthAdd('new', '1')}
  end`,
    `create trigger articles_sitemap_au after update of ${WATCHED.join(', ')} on articles when ${changed} begin
    update sitemap_months set lastmod = ${lastmodChanged(sqliteMonthNewest('new.id'))} where month = substr(new.published_at, 1, 7) and ${staysInMonth};
    ${sqliteMonthRemove('old', `not ${staysInMonth}`)}
    ${sqliteMonthAdd('new', `not ${staysInMonth}`)}
    ${LINKS.map(
      (link) => `update sitemap_listings set lastmod = ${lastmodChanged(newestInListing(link, 'sitemap_listings.item_id', 'new.id'))}
      where kind = '${link.kind}' and item_id in ${linkedItems(link, 'new')} and ${staysListed};`,
    ).join('\n    ')}
    ${sqliteListingsRemove('old', `not ${staysListed}`)}
    ${sqliteListingsAdd('new', `not ${staysListed}`)}
  end`,
    `create trigger articles_sitemap_bd before delete on articles begin
    ${sqliteMonthRemove('old', '1')}
    ${sqliteListingsRemove('old', '1')}
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
  const anyListing = LINKS.map((link) => `select article_id from ${link.table} where p_kind = '${link.kind}' and ${link.column} = p_item`).join(' union all ');
  const forEachListing = (row: string, body: string) =>
    LINKS.map(
      (link) => `for item in select ${link.column} from ${link.table} where article_id = ${row}.id loop
          ${body.replaceAll('KIND', `'${link.kind}'`)}
        end loop;`,
    ).join('\n        ');
  // lastmod once a story that stays is changed: read again only if it held the newest and went back.
  const changedLastmod = (newest: string) =>
    `case when p_new >= s.lastmod then p_new when p_old >= s.lastmod then greatest(coalesce(${newest}, p_new), p_new) else s.lastmod end`;
  const removedLastmod = (newest: string) => `case when p_updated < s.lastmod then s.lastmod else coalesce(${newest}, s.lastmod) end`;
  const statements = [
    // The newest change among a month's stories but one, over the month's range (in UTC) of (status, published_at).
    `create function sitemap_month_newest(p_month text, p_exclude integer) returns timestamptz language sql stable as $$
      select max(a.updated_at) from articles a
      where a.status = 'published' and a.published_at >= (p_month || '-01')::timestamp at time zone 'UTC'
        and a.published_at < ((p_month || '-01')::timestamp + interval '1 month') at time zone 'UTC'
        and a.id <> p_exclude and ${indexed('a', 'postgres')}
    $$`,
    `create function sitemap_listing_newest(p_kind text, p_item integer, p_exclude integer) returns timestamptz language sql stable as $$
      select max(a.updated_at) from articles a where a.id <> p_exclude and ${open('a')} and a.id in (${anyListing})
    $$`,
    `create function sitemap_month_add(p_month text, p_updated timestamptz) returns void language sql as $$
      insert into sitemap_months (month, article_count, lastmod) values (p_month, 1, p_updated)
      on conflict (month) do update set article_count = sitemap_months.article_count + 1, lastmod = greatest(sitemap_months.lastmod, excluded.lastmod)
    $$`,
    `create function sitemap_month_remove(p_month text, p_id integer, p_updated timestamptz) returns void language sql as $$
      update sitemap_months s set article_count = s.article_count - 1, lastmod = ${removedLastmod('sitemap_month_newest(p_month, p_id)')} where s.month = p_month;
      delete from sitemap_months where month = p_month and article_count <= 0;
    $$`,
    `create function sitemap_month_change(p_month text, p_id integer, p_old timestamptz, p_new timestamptz) returns void language sql as $$
      update sitemap_months s set lastmod = ${changedLastmod('sitemap_month_newest(p_month, p_id)')} where s.month = p_month
    $$`,
    `create function sitemap_listing_add(p_kind text, p_item integer, p_updated timestamptz) returns void language sql as $$
      insert into sitemap_listings (kind, item_id, article_count, lastmod) values (p_kind, p_item, 1, p_updated)
      on conflict (kind, item_id) do update set article_count = sitemap_listings.article_count + 1, lastmod = greatest(sitemap_listings.lastmod, excluded.lastmod)
    $$`,
    `create function sitemap_listing_remove(p_kind text, p_item integer, p_article integer, p_updated timestamptz) returns void language sql as $$
      update sitemap_listings s set article_count = s.article_count - 1, lastmod = ${removedLastmod('sitemap_listing_newest(p_kind, p_item, p_article)')}
      where s.kind = p_kind and s.item_id = p_item;
      delete from sitemap_listings where kind = p_kind and item_id = p_item and article_count <= 0;
    $$`,
    `create function sitemap_listing_change(p_kind text, p_item integer, p_article integer, p_old timestamptz, p_new timestamptz) returns void language sql as $$
      update sitemap_listings s set lastmod = ${changedLastmod('sitemap_listing_newest(p_kind, p_item, p_article)')} where s.kind = p_kind and s.item_id = p_item
    $$`,
    `create function articles_sitemap_keep() returns trigger language plpgsql as $$
    declare
      item integer;
      old_month text := case when tg_op <> 'INSERT' and ${indexed('old', 'postgres')} then to_char(old.published_at at time zone 'UTC', 'YYYY-MM') end;
      new_month text := case when tg_op <> 'DELETE' and ${indexed('new', 'postgres')} then to_char(new.published_at at time zone 'UTC', 'YYYY-MM') end;
      old_listed boolean := tg_op <> 'INSERT' and ${open('old')};
      new_listed boolean := tg_op <> 'DELETE' and ${open('new')};
    begin
      -- A story that stays in its month (or its listings) only moves the lastmod; anything else leaves and joins again.
      if old_month = new_month then
        perform sitemap_month_change(new_month, new.id, old.updated_at, new.updated_at);
      else
        if old_month is not null then perform sitemap_month_remove(old_month, old.id, old.updated_at); end if;
        if new_month is not null then perform sitemap_month_add(new_month, new.updated_at); end if;
      end if;
      if old_listed and new_listed then
        ${forEachListing('new', 'perform sitemap_listing_change(KIND, item, new.id, old.updated_at, new.updated_at);')}
      elsif old_listed then
        ${forEachListing('old', 'perform sitemap_listing_remove(KIND, item, old.id, old.updated_at);')}
      elsif new_listed and tg_op = 'UPDATE' then
        ${forEachListing('new', 'perform sitemap_listing_add(KIND, item, new.updated_at);')}
      end if;
      if tg_op = 'DELETE' then return old; end if;
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
