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

/** Every UTC month with published articles, oldest first, with counts and the newest change (kept figures). */
export async function publishedMonths(db: Db): Promise<MonthCount[]> {
  const rows = await db.selectFrom('sitemap_months').select(['month', 'article_count', 'lastmod']).orderBy('month').execute();
  return rows.map((row) => ({ month: row.month, count: Number(row.article_count), lastmod: row.lastmod }));
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

/** The newest updated_at of any published article, or null: the top of the updated_at index. */
export async function newestPublishedUpdate(db: Db): Promise<string | null> {
  const row = await db.selectFrom('articles').select('updated_at').where(publishedFor('open')).orderBy('updated_at', 'desc').limit(1).executeTakeFirst();
  return row?.updated_at ?? null;
}

/** Per section id: the newest updated_at among its published articles (direct membership only; kept figures). */
export async function sectionLastmods(db: Db): Promise<Map<number, string>> {
  const rows = await db.selectFrom('sitemap_listings').select(['item_id', 'lastmod']).where('kind', '=', 'section').execute();
  return new Map(rows.map((row) => [row.item_id, row.lastmod]));
}

/** Tags or people listing published articles. */
export type Listing = 'tag' | 'author';

/** How many tags (or people) list published articles, and the newest change among those articles. */
export async function listingSummary(db: Db, kind: Listing): Promise<{ count: number; lastmod: string | null }> {
  const row = await db
    .selectFrom('sitemap_listings')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('lastmod').as('lastmod')])
    .where('kind', '=', kind)
    .executeTakeFirst();
  return { count: Number(row?.n ?? 0), lastmod: row?.lastmod ? String(row.lastmod) : null };
}

/**
 * Tags (or people) listing published articles, in id order (new ones land on the last page), with their newest
 * change: a page of the kept figures in their primary key's order, joined to the names by id.
 */
export async function listingPage(db: Db, kind: Listing, limit: number, offset: number): Promise<SlugLastmod[]> {
  const figures = db.selectFrom('sitemap_listings').where('sitemap_listings.kind', '=', kind).orderBy('sitemap_listings.item_id').limit(limit).offset(offset);
  return kind === 'tag'
    ? figures.innerJoin('tags', 'tags.id', 'sitemap_listings.item_id').select(['tags.slug as slug', 'sitemap_listings.lastmod']).execute()
    : figures.innerJoin('people', 'people.id', 'sitemap_listings.item_id').select(['people.slug as slug', 'sitemap_listings.lastmod']).execute();
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
