import type { Kysely } from 'kysely';
import type { Database, PageRow } from '../../platform/db/schema.js';
import type { Db } from '../../platform/db/types.js';
import type { PageStatus } from '../vocabulary.js';
import { sanitizeArticleBody } from '../articles/body-sanitizer.js';
import { type Clock, isoNow } from '../shared/clock.js';
import { invalid, notFound } from '../shared/errors.js';
import { ShortCache } from '../shared/short-cache.js';
import { isValidSlug, slugify } from '../shared/slug.js';

/** Top-level paths the application owns; a static page cannot take one of these slugs. */
export const RESERVED_SLUGS = new Set([
  'section',
  'tag',
  'author',
  'search',
  'page',
  'feed',
  'feeds',
  'assets',
  'media',
  'newsroom',
  'api',
  'wp-json',
  'wp-admin',
  'wp-content',
  'wp-login.php',
  'corrections',
  'comments',
  'preview',
  'login',
  'logout',
  'sitemap',
  'sitemaps',
  'robots.txt',
  'sitemap.xml',
  'favicon.ico',
  'health',
  'xmlrpc.php',
]);

export interface StaticPage {
  id: number;
  slug: string;
  title: string;
  body: string;
  status: PageStatus;
  updatedAt: string;
  publishedAt: string | null;
  /** The page above this one, or null at the top. Its address stays `/{slug}/` either way. */
  parentId: number | null;
  /** Order among the pages with the same parent, smallest first. */
  sortOrder: number;
  /** The parent when it is published (the page shows "Part of …" with a link); null otherwise. */
  parent: { slug: string; title: string } | null;
}

export interface PageInput {
  title: string;
  slug?: string;
  body?: string;
  status?: PageStatus;
  /** The page above this one (default none); refused when it does not exist or is this page or one below it. */
  parentId?: number | null;
  /** Default 0. */
  sortOrder?: number;
}

/** How a page is created. The newsroom passes nothing; an import passes the page's own id and dates. */
export interface PageCreateOptions {
  /** The row's id instead of the next one (PostgreSQL: the importer moves the identity sequence past its ids). */
  id?: number;
  /** Default now. */
  createdAt?: string;
  /** Default createdAt. */
  updatedAt?: string;
  /** For a published page; default createdAt. */
  publishedAt?: string;
}

export interface PageServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
}

export class PageService {
  // The footer lists the published pages on every page view.
  private readonly published: ShortCache<Pick<StaticPage, 'slug' | 'title'>[]>;

  constructor(private readonly deps: PageServiceDeps) {
    this.published = new ShortCache(deps.clock, 5_000);
  }

  async findPublished(slug: string): Promise<StaticPage | null> {
    const row = await this.deps.db
      .selectFrom('pages')
      .leftJoin('pages as parent', (join) => join.onRef('parent.id', '=', 'pages.parent_id').on('parent.status', '=', 'published'))
      .selectAll('pages')
      .select(['parent.slug as parent_slug', 'parent.title as parent_title'])
      .where('pages.slug', '=', slug)
      .where('pages.status', '=', 'published')
      .executeTakeFirst();
    if (!row) return null;
    return { ...toPage(row), parent: row.parent_slug !== null && row.parent_title !== null ? { slug: row.parent_slug, title: row.parent_title } : null };
  }

  /** Any page by id, whatever its status (the newsroom, imports). */
  async findById(id: number): Promise<StaticPage | null> {
    const row = await this.deps.db.selectFrom('pages').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? { ...toPage(row), parent: null } : null;
  }

  /** The published pages, for the footer: in their order (sort_order, then title), as WordPress lists pages. */
  async listPublished(): Promise<Pick<StaticPage, 'slug' | 'title'>[]> {
    return this.published.get(() =>
      this.deps.db.selectFrom('pages').select(['slug', 'title']).where('status', '=', 'published').orderBy('sort_order').orderBy('title').execute(),
    );
  }

  async create(input: PageInput, options: PageCreateOptions = {}): Promise<number> {
    const title = validTitle(input.title);
    const slug = validSlug(input.slug ?? slugify(title));
    const createdAt = options.createdAt !== undefined ? isoTime(options.createdAt) : isoNow(this.deps.clock);
    const status = input.status ?? 'draft';
    const id = await this.deps.db.transaction().execute(async (trx) => {
      const parentId = input.parentId ?? null;
      if (parentId !== null) await checkParent(trx, options.id ?? null, parentId);
      const { id } = await trx
        .insertInto('pages')
        .values({
          ...(options.id !== undefined ? { id: options.id } : {}),
          slug,
          title,
          body: sanitizeArticleBody(input.body ?? ''),
          status,
          created_at: createdAt,
          updated_at: options.updatedAt !== undefined ? isoTime(options.updatedAt) : createdAt,
          published_at: status === 'published' ? (options.publishedAt !== undefined ? isoTime(options.publishedAt) : createdAt) : null,
          parent_id: parentId,
          sort_order: validSortOrder(input.sortOrder ?? 0),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return id;
    });
    this.published.clear();
    return id;
  }

  /**
   * Changes a page; fields left out keep their values. A new parent is checked against the tree as it is inside the
   * transaction, after taking every page row (PostgreSQL: two moves at once cannot make a cycle between them).
   */
  async update(id: number, changes: Partial<PageInput>): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('pages').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw notFound('Page');
      const parentChanged = changes.parentId !== undefined && changes.parentId !== row.parent_id;
      if (parentChanged && changes.parentId !== null && changes.parentId !== undefined) {
        await lockPageTree(trx);
        await checkParent(trx, id, changes.parentId);
      }
      const status = changes.status ?? row.status;
      const now = isoNow(this.deps.clock);
      await trx
        .updateTable('pages')
        .set({
          ...(changes.title !== undefined ? { title: validTitle(changes.title) } : {}),
          ...(changes.slug !== undefined ? { slug: validSlug(changes.slug) } : {}),
          ...(changes.body !== undefined ? { body: sanitizeArticleBody(changes.body) } : {}),
          status,
          ...(status === 'published' && row.published_at === null ? { published_at: now } : {}),
          ...(parentChanged ? { parent_id: changes.parentId ?? null } : {}),
          ...(changes.sortOrder !== undefined ? { sort_order: validSortOrder(changes.sortOrder) } : {}),
          updated_at: now,
        })
        .where('id', '=', id)
        .execute();
    });
    this.published.clear();
  }
}

function toPage(row: PageRow): Omit<StaticPage, 'parent'> {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    body: row.body,
    status: row.status,
    updatedAt: row.updated_at,
    publishedAt: row.published_at,
    parentId: row.parent_id,
    sortOrder: row.sort_order,
  };
}

/** A no-op write to every page row: concurrent moves in the tree wait for each other (SQLite has one writer anyway). */
async function lockPageTree(db: Db): Promise<void> {
  await db
    .updateTable('pages')
    .set((eb) => ({ parent_id: eb.ref('parent_id') }))
    .execute();
}

/**
 * Refuses a parent that does not exist, or that is the page itself or one of the pages below it (the walk up from
 * the parent meets the page). `pageId` is null for a page not written yet, which nothing can be below.
 */
async function checkParent(db: Db, pageId: number | null, parentId: number): Promise<void> {
  const seen = new Set<number>();
  let current: number | null = parentId;
  while (current !== null && !seen.has(current)) {
    if (current === pageId) {
      throw invalid('A page cannot be placed inside itself or one of its own subpages', { parentId: 'Choose a page that is not this one or below it' });
    }
    seen.add(current);
    const row: { parent_id: number | null } | undefined = await db.selectFrom('pages').select('parent_id').where('id', '=', current).executeTakeFirst();
    if (!row) {
      if (current === parentId) throw invalid(`There is no page ${parentId} to put this page under`, { parentId: 'Choose an existing page' });
      return;
    }
    current = row.parent_id;
  }
}

function validTitle(raw: string): string {
  const title = raw.trim();
  if (!title) throw invalid('A page needs a title', { title: 'Enter a title' });
  return title;
}

function validSlug(slug: string): string {
  if (!isValidSlug(slug))
    throw invalid(`"${slug}" is not a valid slug: use lowercase letters, digits and hyphens`, { slug: 'Use lowercase letters, digits and hyphens' });
  if (RESERVED_SLUGS.has(slug)) throw invalid(`"${slug}" is used by the site itself; choose another slug`, { slug: 'Choose another slug' });
  return slug;
}

function validSortOrder(value: number): number {
  if (!Number.isSafeInteger(value)) throw invalid('The order must be a whole number', { sortOrder: 'Enter a whole number' });
  return value;
}

function isoTime(value: string): string {
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw invalid(`"${value}" is not a date and time`);
  return time.toISOString();
}
