import { utcMonth } from '../../platform/db/dialect.js';
import type { Db } from '../../platform/db/types.js';
import { publishedFor } from './article.repository.js';

/**
 * Queries over the whole published archive, for sitemaps: what exists and when it last changed. Every query reads
 * only small columns (no bodies) and is paged where the result can grow without bound. Sitemaps carry public
 * stories only (`publishedFor('open')`): never a private or password-protected one. Stories marked noindex
 * (`seo_noindex`) are left out of the article sitemaps (months, their files, the news sitemap), as Yoast leaves them
 * out of its XML sitemaps; their sections, tags and bylines are still listed (those pages are indexed).
 */

export interface MonthCount {
  /** UTC calendar month, 'YYYY-MM'. */
  month: string;
  count: number;
  /** Newest updated_at among the month's articles. */
  lastmod: string;
}

export interface SlugLastmod {
  slug: string;
  lastmod: string;
}

/** Every UTC month with published articles, oldest first, with counts and the newest change. */
export async function publishedMonths(db: Db): Promise<MonthCount[]> {
  const month = utcMonth(db, 'articles.published_at');
  const rows = await db
    .selectFrom('articles')
    .select((eb) => [month.as('month'), eb.fn.countAll<number>().as('n'), eb.fn.max('articles.updated_at').as('lastmod')])
    .where(publishedFor('open'))
    .where('articles.seo_noindex', '=', false)
    .where('articles.published_at', 'is not', null)
    .groupBy(month)
    .orderBy(month)
    .execute();
  return rows.map((row) => ({ month: row.month, count: Number(row.n), lastmod: String(row.lastmod) }));
}

/** Published articles with from <= published_at < to, oldest first (a stable order for paging). */
export async function publishedBetween(db: Db, from: string, to: string, limit: number, offset: number) {
  return db
    .selectFrom('articles')
    .select(['id', 'slug', 'title', 'published_at', 'updated_at'])
    .where(publishedFor('open'))
    .where('seo_noindex', '=', false)
    .where('published_at', '>=', from)
    .where('published_at', '<', to)
    .orderBy('published_at')
    .orderBy('id')
    .limit(limit)
    .offset(offset)
    .execute();
}

/** Published articles with from <= published_at <= to, newest first. */
export async function publishedWithin(db: Db, from: string, to: string, limit: number) {
  return db
    .selectFrom('articles')
    .select(['id', 'slug', 'title', 'published_at', 'updated_at'])
    .where(publishedFor('open'))
    .where('seo_noindex', '=', false)
    .where('published_at', '>=', from)
    .where('published_at', '<=', to)
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** The newest updated_at of any published article, or null when nothing is published. */
export async function newestPublishedUpdate(db: Db): Promise<string | null> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.max('updated_at').as('lastmod'))
    .where(publishedFor('open'))
    .executeTakeFirst();
  return row?.lastmod ? String(row.lastmod) : null;
}

/** Per section id: the newest updated_at among its published articles (direct membership only). */
export async function sectionLastmods(db: Db): Promise<Map<number, string>> {
  const rows = await db
    .selectFrom('article_sections')
    .innerJoin('articles', 'articles.id', 'article_sections.article_id')
    .select((eb) => ['article_sections.section_id', eb.fn.max('articles.updated_at').as('lastmod')])
    .where(publishedFor('open'))
    .groupBy('article_sections.section_id')
    .execute();
  return new Map(rows.map((row) => [row.section_id, String(row.lastmod)]));
}

function taggedQuery(db: Db) {
  return db
    .selectFrom('tags')
    .innerJoin('article_tags', 'article_tags.tag_id', 'tags.id')
    .innerJoin('articles', 'articles.id', 'article_tags.article_id')
    .where(publishedFor('open'));
}

function bylineQuery(db: Db) {
  return db
    .selectFrom('people')
    .innerJoin('article_authors', 'article_authors.person_id', 'people.id')
    .innerJoin('articles', 'articles.id', 'article_authors.article_id')
    .where(publishedFor('open'));
}

/** How many tags have published articles, and the newest change among those articles. */
export async function taggedSummary(db: Db): Promise<{ count: number; lastmod: string | null }> {
  const row = await taggedQuery(db)
    .select((eb) => [eb.fn.count<number>('tags.id').distinct().as('n'), eb.fn.max('articles.updated_at').as('lastmod')])
    .executeTakeFirst();
  return { count: Number(row?.n ?? 0), lastmod: row?.lastmod ? String(row.lastmod) : null };
}

/** Tags with published articles, in id order (new tags land on the last page), with their newest change. */
export async function taggedPage(db: Db, limit: number, offset: number): Promise<SlugLastmod[]> {
  const rows = await taggedQuery(db)
    .select((eb) => ['tags.slug', eb.fn.max('articles.updated_at').as('lastmod')])
    .groupBy(['tags.id', 'tags.slug'])
    .orderBy('tags.id')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((row) => ({ slug: row.slug, lastmod: String(row.lastmod) }));
}

/** How many people have a byline on a published article, and the newest change among those articles. */
export async function bylineSummary(db: Db): Promise<{ count: number; lastmod: string | null }> {
  const row = await bylineQuery(db)
    .select((eb) => [eb.fn.count<number>('people.id').distinct().as('n'), eb.fn.max('articles.updated_at').as('lastmod')])
    .executeTakeFirst();
  return { count: Number(row?.n ?? 0), lastmod: row?.lastmod ? String(row.lastmod) : null };
}

/** People with a byline on a published article, in id order, with the newest change among those articles. */
export async function bylinePage(db: Db, limit: number, offset: number): Promise<SlugLastmod[]> {
  const rows = await bylineQuery(db)
    .select((eb) => ['people.slug', eb.fn.max('articles.updated_at').as('lastmod')])
    .groupBy(['people.id', 'people.slug'])
    .orderBy('people.id')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((row) => ({ slug: row.slug, lastmod: String(row.lastmod) }));
}

/** Published static pages, in id order, with when each last changed. */
export async function publishedPagesPage(db: Db, limit: number, offset: number): Promise<SlugLastmod[]> {
  const rows = await db
    .selectFrom('pages')
    .select(['slug', 'updated_at'])
    .where('status', '=', 'published')
    .orderBy('id')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((row) => ({ slug: row.slug, lastmod: row.updated_at }));
}

export async function publishedPagesSummary(db: Db): Promise<{ count: number; lastmod: string | null }> {
  const row = await db
    .selectFrom('pages')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updated_at').as('lastmod')])
    .where('status', '=', 'published')
    .executeTakeFirst();
  return { count: Number(row?.n ?? 0), lastmod: row?.lastmod ? String(row.lastmod) : null };
}
