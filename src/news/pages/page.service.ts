import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { PageStatus } from '../vocabulary.js';
import { sanitizeArticleBody } from '../articles/body-sanitizer.js';
import { type Clock, isoNow } from '../shared/clock.js';
import { invalid } from '../shared/errors.js';
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
}

export interface PageInput {
  title: string;
  slug?: string;
  body?: string;
  status?: PageStatus;
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
    const row = await this.deps.db.selectFrom('pages').selectAll().where('slug', '=', slug).where('status', '=', 'published').executeTakeFirst();
    return row
      ? { id: row.id, slug: row.slug, title: row.title, body: row.body, status: row.status, updatedAt: row.updated_at, publishedAt: row.published_at }
      : null;
  }

  async listPublished(): Promise<Pick<StaticPage, 'slug' | 'title'>[]> {
    return this.published.get(() => this.deps.db.selectFrom('pages').select(['slug', 'title']).where('status', '=', 'published').orderBy('title').execute());
  }

  async create(input: PageInput): Promise<number> {
    const title = input.title.trim();
    if (!title) throw invalid('A page needs a title');
    const slug = input.slug ?? slugify(title);
    if (!isValidSlug(slug)) throw invalid(`"${slug}" is not a valid slug: use lowercase letters, digits and hyphens`);
    if (RESERVED_SLUGS.has(slug)) throw invalid(`"${slug}" is used by the site itself; choose another slug`);
    const now = isoNow(this.deps.clock);
    const status = input.status ?? 'draft';
    const { id } = await this.deps.db
      .insertInto('pages')
      .values({
        slug,
        title,
        body: sanitizeArticleBody(input.body ?? ''),
        status,
        created_at: now,
        updated_at: now,
        published_at: status === 'published' ? now : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    this.published.clear();
    return id;
  }
}
