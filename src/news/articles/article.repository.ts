import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from '../../platform/db/types.js';
import type { ArticleRow, NewArticleRow, ArticleUpdate } from '../../platform/db/schema.js';
import type { ArticleStatus, ArticleVisibility } from '../vocabulary.js';
import type { AuthorRef, SectionRef, TagRef } from './article.types.js';

/**
 * How far a published story goes, by its visibility. This is the one place that decides it: every query of
 * published articles filters with `publishedFor(reach)` in SQL (or `isPublishedFor(row, reach)` on a row it read),
 * never with a condition of its own.
 * - 'listed': lists on the public site (the front page, section, tag and author archives, related stories, the 404
 *   page): public and password-protected stories (the latter by headline only; summaries withhold their text).
 * - 'open': what carries a story's text, or its comments and corrections, away from its page (feeds, sitemaps, the
 *   search index and its results, the corrections page and feed, comment feeds): public stories only.
 * - 'staff': every published story whatever its visibility, for the newsroom (never for the public site).
 * A private story is in no public reach: to readers it does not exist.
 */
export type Reach = 'listed' | 'open' | 'staff';

const VISIBILITIES_IN_REACH: Record<Reach, readonly ArticleVisibility[]> = {
  listed: ['public', 'password'],
  open: ['public'],
  staff: ['public', 'private', 'password'],
};

/** `status = 'published'` and a visibility in the reach, on `table` (the articles table's name or alias). */
export function publishedFor(reach: Reach, table = 'articles'): RawBuilder<SqlBool> {
  const status = sql.ref(`${table}.status`);
  if (reach === 'staff') return sql<SqlBool>`${status} = ${'published'}`;
  const visibility = sql.ref(`${table}.visibility`);
  return sql<SqlBool>`(${status} = ${'published'} and ${visibility} in (${sql.join([...VISIBILITIES_IN_REACH[reach]])}))`;
}

/** The same test on a row already read. */
export function isPublishedFor(row: { status: ArticleStatus; visibility: ArticleVisibility }, reach: Reach): boolean {
  return row.status === 'published' && VISIBILITIES_IN_REACH[reach].includes(row.visibility);
}

/**
 * Which published articles a listing wants (listing.repository.ts): all of them, optionally only the pinned ones;
 * or those of one section (with its subsections), one tag or one author (one of the three, not with pinned).
 * Articles by id are looked up, not listed (publishedRowsByIds).
 */
export interface PublishedFilter {
  /** Default 'listed' (see Reach). */
  reach?: Reach;
  /** Only pinned stories (true) or only the others (false). */
  pinned?: boolean;
  /** A section's stories, its subsections' (at any depth) included. */
  sectionId?: number;
  tagId?: number;
  authorId?: number;
  excludeIds?: number[];
}

// Cards never need the body; leaving it out keeps listing queries light.
export const SUMMARY_COLUMNS = [
  'articles.id',
  'articles.slug',
  'articles.title',
  'articles.standfirst',
  'articles.status',
  'articles.created_at',
  'articles.updated_at',
  'articles.published_at',
  'articles.primary_section_id',
  'articles.featured_image_url',
  'articles.featured_image_alt',
  'articles.featured_image_caption',
  'articles.featured_image_credit',
  'articles.featured_image_width',
  'articles.featured_image_height',
  'articles.visibility',
  'articles.pinned',
  'articles.comment_count',
] as const;

export type SummaryRow = Omit<
  ArticleRow,
  | 'body'
  | 'guid'
  | 'comments_open'
  | 'comment_thread_count'
  | 'seo_title'
  | 'seo_description'
  | 'seo_canonical'
  | 'seo_noindex'
  | 'version'
  | 'created_by'
  | 'trashed_at'
  | 'trashed_by'
  | 'password'
>;

/** Published articles by id, in no particular order: primary-key lookups (search results hydrate their cards so). */
export async function publishedRowsByIds(db: Db, ids: number[], reach: Reach): Promise<SummaryRow[]> {
  if (!ids.length) return [];
  // The status is checked here, not in SQL: given `status = ?`, SQLite prefers the (status, published_at) index and
  // walks the archive instead of looking the ids up.
  const rows = await db.selectFrom('articles').select(SUMMARY_COLUMNS).where('articles.id', 'in', ids).execute();
  return rows.filter((row) => isPublishedFor(row, reach));
}

export async function findArticleById(db: Db, id: number): Promise<ArticleRow | undefined> {
  return db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findArticleBySlug(db: Db, slug: string): Promise<ArticleRow | undefined> {
  return db.selectFrom('articles').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function slugExists(db: Db, slug: string, exceptId?: number): Promise<boolean> {
  let query = db.selectFrom('articles').select('id').where('slug', '=', slug);
  if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function insertArticle(db: Db, row: NewArticleRow): Promise<number> {
  const { id } = await db.insertInto('articles').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateArticleRow(db: Db, id: number, changes: ArticleUpdate): Promise<void> {
  await db.updateTable('articles').set(changes).where('id', '=', id).execute();
}

/** Writes only if the row is still at `version` (optimistic concurrency); false when someone else saved first. */
export async function updateArticleRowAtVersion(db: Db, id: number, version: number, changes: ArticleUpdate): Promise<boolean> {
  const result = await db.updateTable('articles').set(changes).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Replaces an article's sections (primary included), tags and byline in one go. Only the links that change are
 * written: a save that keeps them touches no link row, so the kept sitemap figures (migration 0024) have nothing to
 * re-read.
 */
export async function replaceArticleLinks(db: Db, articleId: number, links: { sectionIds: number[]; tagIds: number[]; authorIds: number[] }): Promise<void> {
  const none = [-1];
  await db
    .deleteFrom('article_sections')
    .where('article_id', '=', articleId)
    .where('section_id', 'not in', links.sectionIds.length ? links.sectionIds : none)
    .execute();
  await db
    .deleteFrom('article_tags')
    .where('article_id', '=', articleId)
    .where('tag_id', 'not in', links.tagIds.length ? links.tagIds : none)
    .execute();
  // A byline keeps its order: a person who moves in it is written again at the new position.
  await db
    .deleteFrom('article_authors')
    .where('article_id', '=', articleId)
    .where((eb) => eb.not(eb.or(links.authorIds.map((personId, position) => eb.and([eb('person_id', '=', personId), eb('position', '=', position)])))))
    .execute();
  if (links.sectionIds.length) {
    await db
      .insertInto('article_sections')
      .values(links.sectionIds.map((section_id) => ({ article_id: articleId, section_id })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  if (links.tagIds.length) {
    await db
      .insertInto('article_tags')
      .values(links.tagIds.map((tag_id) => ({ article_id: articleId, tag_id })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  if (links.authorIds.length) {
    await db
      .insertInto('article_authors')
      .values(links.authorIds.map((person_id, position) => ({ article_id: articleId, person_id, position })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

export async function authorsOf(db: Db, articleIds: number[]): Promise<Map<number, AuthorRef[]>> {
  const result = new Map<number, AuthorRef[]>();
  if (!articleIds.length) return result;
  const rows = await db
    .selectFrom('article_authors')
    .innerJoin('people', 'people.id', 'article_authors.person_id')
    .select(['article_authors.article_id', 'people.id', 'people.slug', 'people.display_name'])
    .where('article_authors.article_id', 'in', articleIds)
    .orderBy('article_authors.article_id')
    .orderBy('article_authors.position')
    .execute();
  for (const row of rows) {
    const list = result.get(row.article_id) ?? [];
    list.push({ id: row.id, slug: row.slug, displayName: row.display_name });
    result.set(row.article_id, list);
  }
  return result;
}

export async function sectionRefs(db: Db, ids: number[]): Promise<SectionRef[]> {
  if (!ids.length) return [];
  return db.selectFrom('sections').select(['id', 'slug', 'name']).where('id', 'in', ids).execute();
}

export async function sectionsOf(db: Db, articleId: number): Promise<SectionRef[]> {
  return db
    .selectFrom('article_sections')
    .innerJoin('sections', 'sections.id', 'article_sections.section_id')
    .select(['sections.id', 'sections.slug', 'sections.name'])
    .where('article_sections.article_id', '=', articleId)
    .orderBy('sections.sort_order')
    .orderBy('sections.name')
    .execute();
}

export async function tagsOf(db: Db, articleId: number): Promise<TagRef[]> {
  return db
    .selectFrom('article_tags')
    .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
    .select(['tags.id', 'tags.slug', 'tags.name'])
    .where('article_tags.article_id', '=', articleId)
    .orderBy('tags.name')
    .execute();
}

/** Bodies and SEO descriptions of several articles (feeds need them; listings do not). */
export async function bodiesOf(db: Db, ids: number[]): Promise<Map<number, { body: string; seoDescription: string }>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('articles').select(['id', 'body', 'seo_description']).where('id', 'in', ids).execute();
  return new Map(rows.map((row) => [row.id, { body: row.body, seoDescription: row.seo_description }]));
}

/** The tags of several articles at once, each list in name order. */
export async function tagsOfMany(db: Db, articleIds: number[]): Promise<Map<number, TagRef[]>> {
  const result = new Map<number, TagRef[]>();
  if (!articleIds.length) return result;
  const rows = await db
    .selectFrom('article_tags')
    .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
    .select(['article_tags.article_id', 'tags.id', 'tags.slug', 'tags.name'])
    .where('article_tags.article_id', 'in', articleIds)
    .orderBy('tags.name')
    .execute();
  for (const row of rows) {
    const list = result.get(row.article_id) ?? [];
    list.push({ id: row.id, slug: row.slug, name: row.name });
    result.set(row.article_id, list);
  }
  return result;
}
