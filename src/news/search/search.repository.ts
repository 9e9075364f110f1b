import type { Db } from '../../platform/db/types.js';
import { authorsOf, isPublishedFor, publishedFor } from '../articles/article.repository.js';
import { bodyText } from '../articles/body-sanitizer.js';
import { withoutSentinels } from './highlight.js';
import type { QueryTerm } from './query-parser.js';

/** What the index holds for one published article. */
export interface SearchDocument {
  articleId: number;
  title: string;
  standfirst: string;
  /** Tag names, comma-separated. */
  tags: string;
  /** Author names in byline order, comma-separated. */
  authors: string;
  bodyText: string;
  /** Every section the article is in (PostgreSQL puts them in the vector as lexemes, for the section filter). */
  sectionIds: number[];
  publishedAt: string;
  articleVersion: number;
}

export interface SearchCriteria {
  terms: QueryTerm[];
  /** Only articles in one of these sections (a section and its subsections). */
  sectionIds?: number[];
  /** Published at or after this instant (ISO). */
  from?: string;
  /** Published before this instant (ISO). */
  before?: string;
  /** "Now" for the recency boost (ISO). */
  now: string;
}

export interface RankedHit {
  articleId: number;
  score: number;
}

/** Highlighted text for one hit, with MARK_START/MARK_END around matched words (not yet escaped). */
export interface MarkedHit {
  title: string;
  standfirst: string;
  /** A short passage of the body around the matches (or its start when only other fields matched). */
  body: string;
}

/**
 * At most this many matches are counted, scored and paged through for one search: the newest ones. A single common
 * word matches most of an archive (75,000 of 100,000 stories), and scoring or counting every match on every search is
 * what made such searches slow; the recency boost already favours the newest stories, and older ones stay reachable
 * with the date filter. Fewer matches than this are all ranked.
 */
export const RANK_WINDOW = 1000;

export interface RankedPage {
  hits: RankedHit[];
  /** How many documents match, counted no further than RANK_WINDOW + 1 (an estimate may say more). */
  matches: number;
  /** The count is an estimate (PostgreSQL, with a phrase in a large archive: see phrase.postgres.ts). */
  estimated?: boolean;
}

/**
 * The full-text engine of one dialect (fulltext.sqlite.ts, fulltext.postgres.ts; fulltext.ts picks one): the only code
 * that knows FTS5 or tsvector. Everything here is idempotent: upserting a document twice, or removing one that is not
 * there, is fine.
 *
 * Ranking (both dialects): relevance × recency boost, where relevance is the engine's weighted score (headline >
 * standfirst > tags and authors > body: FTS5 bm25 with column weights 10/5/3/3/1, PostgreSQL ts_rank_cd with weights
 * 1.0/0.6/0.4/0.1 and length normalisation) and the boost is `1 + 1 / (1 + ageDays / 30)`: 2× for a story published
 * now, 1.5× at a month, about 1.08× at a year, fading towards 1×. So a much better match wins at any age, and among
 * similar matches the newer story comes first. Ties: newer first, then higher id. Only the newest RANK_WINDOW matches
 * are scored.
 */
export interface FullTextIndex {
  upsert(db: Db, documents: SearchDocument[]): Promise<void>;
  /** Holds the article's row until the transaction ends, so two index writers for one article take turns. */
  lockArticle(db: Db, articleId: number): Promise<void>;
  /** One page of matches, best first, from the newest RANK_WINDOW matches, and how many match (capped). */
  rank(db: Db, criteria: SearchCriteria, limit: number, offset: number): Promise<RankedPage>;
  /** Highlights for a page of hits; only these few documents are read for snippets. */
  marked(db: Db, terms: QueryTerm[], articleIds: number[]): Promise<Map<number, MarkedHit>>;
  /** After a full rebuild: merge index segments (SQLite) or refresh planner statistics (PostgreSQL). */
  optimize(db: Db): Promise<void>;
}

// ---- Dialect-neutral queries over articles and documents ----

/** Text that goes into the index: no NULs (PostgreSQL refuses them) and no highlight markers. */
function indexable(text: string): string {
  return withoutSentinels(text.replace(/\0/g, ''));
}

/**
 * Builds the documents of those of these articles that are published and public (others are simply not returned):
 * a private or password-protected story is never indexed (`publishedFor('open')`).
 */
export async function loadSearchDocuments(db: Db, articleIds: number[]): Promise<SearchDocument[]> {
  if (!articleIds.length) return [];
  const [rows, tagRows, sectionRows, authors] = await Promise.all([
    db
      .selectFrom('articles')
      .select(['id', 'title', 'standfirst', 'body', 'published_at', 'version'])
      .where('id', 'in', articleIds)
      .where(publishedFor('open'))
      .orderBy('id')
      .execute(),
    db
      .selectFrom('article_tags')
      .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
      .select(['article_tags.article_id', 'tags.name'])
      .where('article_tags.article_id', 'in', articleIds)
      .orderBy('tags.name')
      .execute(),
    db.selectFrom('article_sections').select(['article_id', 'section_id']).where('article_id', 'in', articleIds).orderBy('section_id').execute(),
    authorsOf(db, articleIds),
  ]);
  const tags = new Map<number, string[]>();
  for (const row of tagRows) tags.set(row.article_id, [...(tags.get(row.article_id) ?? []), row.name]);
  const sections = new Map<number, number[]>();
  for (const row of sectionRows) sections.set(row.article_id, [...(sections.get(row.article_id) ?? []), row.section_id]);
  return rows.map((row) => ({
    articleId: row.id,
    title: indexable(row.title),
    standfirst: indexable(row.standfirst),
    tags: indexable((tags.get(row.id) ?? []).join(', ')),
    authors: indexable((authors.get(row.id) ?? []).map((a) => a.displayName).join(', ')),
    bodyText: indexable(bodyText(row.body)),
    sectionIds: sections.get(row.id) ?? [],
    // A published article always has a publication time; the fallback only guards against bad imports.
    publishedAt: row.published_at ?? new Date(0).toISOString(),
    articleVersion: row.version,
  }));
}

/** Takes articles out of the index (the PostgreSQL vectors go with their documents: on delete cascade). */
export async function removeSearchDocuments(db: Db, articleIds: number[]): Promise<void> {
  if (!articleIds.length) return;
  await db.deleteFrom('article_search_documents').where('article_id', 'in', articleIds).execute();
}

/** Whether the index already reflects this article's current version (in, if published and public; out, if not). */
export async function isIndexCurrent(db: Db, articleId: number): Promise<boolean> {
  const row = await db
    .selectFrom('articles')
    .leftJoin('article_search_documents as d', 'd.article_id', 'articles.id')
    .select(['articles.status', 'articles.visibility', 'articles.version', 'd.article_version'])
    .where('articles.id', '=', articleId)
    .executeTakeFirst();
  if (!row) return true;
  return isPublishedFor(row, 'open') ? row.article_version === row.version : row.article_version === null;
}

/** Published public article ids after `afterId`, in id order: the rebuild walks the archive with these. */
export async function publishedIdsAfter(db: Db, afterId: number, limit: number): Promise<number[]> {
  const rows = await db.selectFrom('articles').select('id').where(publishedFor('open')).where('id', '>', afterId).orderBy('id').limit(limit).execute();
  return rows.map((row) => row.id);
}

/** When the newest published public story came out; null when none is. */
export async function newestPublication(db: Db): Promise<string | null> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.max('published_at').as('newest'))
    .where(publishedFor('open'))
    .executeTakeFirst();
  return row?.newest ? new Date(row.newest).toISOString() : null;
}

export async function countPublishedArticles(db: Db): Promise<number> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(publishedFor('open'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Documents whose article is gone, no longer published, or no longer public. */
export async function staleDocumentIds(db: Db): Promise<number[]> {
  const rows = await db
    .selectFrom('article_search_documents as d')
    .select('d.article_id')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('articles').select('articles.id').whereRef('articles.id', '=', 'd.article_id').where(publishedFor('open')))),
    )
    .execute();
  return rows.map((row) => row.article_id);
}
