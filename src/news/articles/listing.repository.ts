import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from '../../platform/db/types.js';
import { type PublishedFilter, type Reach, type SummaryRow, SUMMARY_COLUMNS, publishedFor } from './article.repository.js';
import type { ListingCursor } from './article.types.js';

/** Which stories of a listing: after skipping `offset` (the /page/N/ addresses), or just older or newer than a cursor. */
export type ListingWindow = { offset: number } | { before: ListingCursor } | { after: ListingCursor };

/**
 * The tables that list stories by a key, each walked through its (key, status, published_at, id) index. A section's
 * stories are those of its subtree (section_listings holds each story under every section above its own).
 */
const LINK_SOURCES = {
  sectionId: { table: 'section_listings', key: 'section_id' },
  tagId: { table: 'article_tags', key: 'tag_id' },
  authorId: { table: 'article_authors', key: 'person_id' },
} as const;

interface Range {
  table: string;
  idColumn: string;
  /** `key = value` picks the range. */
  key: { column: string; value: number };
  reach: Reach;
  excludeIds?: number[] | undefined;
  window: ListingWindow;
  limit: number;
}

/**
 * One index range in the window's order: `limit` rows of (article_id, published_at) after the window's offset. The
 * order is the index's: the database reads offset + limit entries and sorts nothing.
 */
function rangeRows(range: Range): RawBuilder<unknown> {
  const column = (name: string) => sql.ref(`${range.table}.${name}`);
  const conditions: RawBuilder<SqlBool>[] = [publishedFor(range.reach, range.table), sql<SqlBool>`${column(range.key.column)} = ${range.key.value}`];
  if (range.excludeIds?.length) conditions.push(sql<SqlBool>`${column(range.idColumn)} not in (${sql.join(range.excludeIds)})`);
  const cursor = cursorCondition(column('published_at'), column(range.idColumn), range.window);
  if (cursor) conditions.push(cursor);
  const direction = sql.raw(orderOf(range.window));
  return sql`select ${column(range.idColumn)} as article_id, ${column('published_at')} as published_at
    from ${sql.table(range.table)} where ${sql.join(conditions, sql` and `)}
    order by ${column('published_at')} ${direction}, ${column(range.idColumn)} ${direction} limit ${range.limit} offset ${offsetOf(range.window)}`;
}

/** Newest first, except when reading the stories just newer than a cursor. */
function orderOf(window: ListingWindow): 'asc' | 'desc' {
  return 'after' in window ? 'asc' : 'desc';
}

function offsetOf(window: ListingWindow): number {
  return 'offset' in window ? window.offset : 0;
}

/**
 * Strictly older (before) or newer (after) than the cursor. The first term bounds the index range on published_at;
 * the second only separates stories published in the same instant.
 */
function cursorCondition(publishedAt: RawBuilder<unknown>, id: RawBuilder<unknown>, window: ListingWindow): RawBuilder<SqlBool> | null {
  if ('before' in window) {
    const { publishedAt: at, id: cursorId } = window.before;
    return sql<SqlBool>`${publishedAt} <= ${at} and (${publishedAt} < ${at} or ${id} < ${cursorId})`;
  }
  if ('after' in window) {
    const { publishedAt: at, id: cursorId } = window.after;
    return sql<SqlBool>`${publishedAt} >= ${at} and (${publishedAt} > ${at} or ${id} > ${cursorId})`;
  }
  return null;
}

/** The one range a filter lists (a section with its subsections, a tag, an author), or none for all stories. */
function rangeOf(filter: PublishedFilter, limit: number, window: ListingWindow): Range | null {
  const linked = (Object.keys(LINK_SOURCES) as (keyof typeof LINK_SOURCES)[]).filter((name) => filter[name] !== undefined);
  if (linked.length > 1 || (linked.length && filter.pinned !== undefined)) {
    throw new Error('A listing filters by one of: a section, a tag, an author, or pinned on all articles');
  }
  const [name] = linked;
  if (name === undefined) return null;
  const { table, key } = LINK_SOURCES[name];
  return {
    reach: filter.reach ?? 'listed',
    excludeIds: filter.excludeIds,
    window,
    limit,
    idColumn: 'article_id',
    table,
    key: { column: key, value: filter[name]! },
  };
}

/**
 * Published stories matching a filter, newest first, `limit` of them from the window. A section (with its
 * subsections), tag or author listing is one range of its index, read from the window's start; other listings walk
 * the articles table's (status, published_at) index. With `after`, the rows are still returned newest first.
 */
export async function listPublished(db: Db, filter: PublishedFilter, limit: number, window: ListingWindow = { offset: 0 }): Promise<SummaryRow[]> {
  const range = rangeOf(filter, limit, window);
  const rows = range ? await linkListing(db, range) : await articlesListing(db, filter, limit, window);
  return orderOf(window) === 'desc' ? rows : rows.reverse();
}

/**
 * The newest `limit` stories of each of several section, tag or author listings (the front page's section blocks) in
 * one query: each listing is read from its own index range as listPublished reads it, and the rows come back
 * grouped by listing, newest first. One round trip instead of one per listing, and one set of articles rows.
 */
export async function listPublishedForEach(db: Db, filters: PublishedFilter[], limit: number): Promise<SummaryRow[][]> {
  const window = { offset: 0 };
  const ranges = filters.map((filter) => rangeOf(filter, limit, window)).filter((range): range is Range => range !== null);
  if (ranges.length < filters.length) throw new Error('listPublishedForEach lists by a section, a tag or an author');
  if (!ranges.length) return [];
  // Literal list numbers: a bare parameter in a select list has no type PostgreSQL can infer.
  const newestOfEach = ranges.map((range, i) => sql`select ${sql.lit(i)} as list, article_id, published_at from (${rangeRows(range)}) as ${sql.id(`l${i}`)}`);
  const rows = await db
    .selectFrom(sql<{ list: number; article_id: number; published_at: string }>`(${sql.join(newestOfEach, sql` union all `)})`.as('lists'))
    .innerJoin('articles', 'articles.id', 'lists.article_id')
    .select([...SUMMARY_COLUMNS, 'lists.list'])
    .orderBy('lists.list')
    .orderBy('lists.published_at', 'desc')
    .orderBy('lists.article_id', 'desc')
    .execute();
  const grouped = filters.map((): SummaryRow[] => []);
  for (const { list, ...row } of rows) grouped[Number(list)]!.push(row);
  return grouped;
}

/**
 * The page is cut from the index before any article is read, so the articles table sees `limit` primary-key
 * lookups (a planner that saw more candidates might prefer to scan the table and hash them).
 */
async function linkListing(db: Db, range: Range): Promise<SummaryRow[]> {
  const order = orderOf(range.window);
  const page = sql<{ article_id: number; published_at: string }>`(${rangeRows(range)})`;
  return db
    .selectFrom(page.as('page'))
    .innerJoin('articles', 'articles.id', 'page.article_id')
    .select(SUMMARY_COLUMNS)
    .orderBy('page.published_at', order)
    .orderBy('page.article_id', order)
    .execute();
}

/** All published stories (optionally the pinned ones), from the articles table's own indexes. */
async function articlesListing(db: Db, filter: PublishedFilter, limit: number, window: ListingWindow): Promise<SummaryRow[]> {
  const direction = orderOf(window);
  let query = db
    .selectFrom('articles')
    .select(SUMMARY_COLUMNS)
    .where(publishedFor(filter.reach ?? 'listed'));
  if (filter.pinned !== undefined) query = query.where('articles.pinned', '=', filter.pinned);
  if (filter.excludeIds?.length) query = query.where('articles.id', 'not in', filter.excludeIds);
  const cursor = cursorCondition(sql.ref('articles.published_at'), sql.ref('articles.id'), window);
  if (cursor) query = query.where(cursor);
  return query.orderBy('articles.published_at', direction).orderBy('articles.id', direction).limit(limit).offset(offsetOf(window)).execute();
}

/** How many of the newest stories of each tag, and of the primary section, are considered for related stories. */
const RELATED_CANDIDATES_PER_LIST = 30;

/**
 * Published stories related to one: each shared tag counts two, the same primary section one; ties go to the newer
 * story. Scored among the newest RELATED_CANDIDATES_PER_LIST listed stories of each of its tags and of its primary
 * section (read in index order), each list a story is among counting its weight, so the cost is bounded by its number
 * of tags, not by the archive, and nothing is looked up per candidate; on an archive where no tag or section has more
 * stories than that, the result is the rule applied to every story.
 */
export async function relatedArticleRows(
  db: Db,
  article: { id: number; primarySectionId: number | null; tagIds: number[] },
  limit: number,
): Promise<SummaryRow[]> {
  const window = { offset: 0 };
  const common = { reach: 'listed' as const, excludeIds: [article.id], window, limit: RELATED_CANDIDATES_PER_LIST };
  const lists: { weight: number; range: Range }[] = article.tagIds.map((value) => ({
    weight: 2,
    range: { ...common, table: 'article_tags', idColumn: 'article_id', key: { column: 'tag_id', value } },
  }));
  if (article.primarySectionId !== null) {
    lists.push({ weight: 1, range: { ...common, table: 'articles', idColumn: 'id', key: { column: 'primary_section_id', value: article.primarySectionId } } });
  }
  if (!lists.length) return [];
  const weighted = lists.map(
    ({ weight, range }, n) => sql`select ${sql.lit(weight)} as weight, article_id, published_at from (${rangeRows(range)}) as ${sql.id(`r${n}`)}`,
  );
  // A story has one published_at, so max() only names it; the best `limit` are cut before the join.
  const ranked = sql<{ article_id: number; score: number; published_at: string }>`(
    select article_id, max(published_at) as published_at, sum(weight) as score
    from (${sql.join(weighted, sql` union all `)}) as lists
    group by article_id
    order by score desc, published_at desc, article_id desc limit ${limit}
  )`;
  return db
    .selectFrom(ranked.as('ranked'))
    .innerJoin('articles', 'articles.id', 'ranked.article_id')
    .select(SUMMARY_COLUMNS)
    .orderBy('ranked.score', 'desc')
    .orderBy('ranked.published_at', 'desc')
    .orderBy('ranked.article_id', 'desc')
    .execute();
}
