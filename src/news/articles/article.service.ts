import type { Kysely } from 'kysely';
import type { DomainEventBus } from '../../platform/events.js';
import type { ArticleRow, Database } from '../../platform/db/schema.js';
import type { Db } from '../../platform/db/types.js';
import type { SettingsService } from '../settings/settings.service.js';
import { type Clock, isoNow } from '../shared/clock.js';
import { invalid, notFound } from '../shared/errors.js';
import { type Page, offsetFor, pageOf } from '../shared/pagination.js';
import { isValidSlug, slugify } from '../shared/slug.js';
import {
  type PublishedFilter,
  type SummaryRow,
  authorsOf,
  countPublished,
  findArticleById,
  findArticleBySlug,
  insertArticle,
  listPublished,
  relatedArticleRows,
  replaceArticleLinks,
  sectionRefs,
  sectionsOf,
  slugExists,
  tagsOf,
  updateArticleRow,
} from './article.repository.js';
import { approvedCounts } from '../comments/comment.repository.js';
import type { Article, ArticleInput, ArticleSummary, FeaturedImage } from './article.types.js';
import { sanitizeArticleBody } from './body-sanitizer.js';
import { articlePath } from './permalink.js';

const MAX_TITLE = 300;

/** Articles: writing them, publishing them, and reading them back for the site. */
export class ArticleService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly events: DomainEventBus,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
  ) {}

  async create(input: ArticleInput): Promise<number> {
    const title = validTitle(input.title);
    const now = isoNow(this.clock);
    return this.db.transaction().execute(async (trx) => {
      const slug = await this.uniqueSlug(trx, input.slug ?? slugify(title));
      const id = await insertArticle(trx, {
        slug,
        title,
        standfirst: (input.standfirst ?? '').trim(),
        body: sanitizeArticleBody(input.body ?? ''),
        status: 'draft',
        created_at: now,
        updated_at: now,
        published_at: null,
        primary_section_id: input.primarySectionId ?? null,
        ...imageColumns(input.image ?? null),
        comments_open: input.commentsOpen ?? true,
        seo_title: (input.seoTitle ?? '').trim(),
        seo_description: (input.seoDescription ?? '').trim(),
        version: 1,
      });
      await replaceArticleLinks(trx, id, linksOf(input));
      return id;
    });
  }

  /**
   * Publishes now, or at `at` when given (backdating is allowed: imports and corrections need it). Emits
   * article.published once the change is committed.
   */
  async publish(id: number, options: { at?: string; actorId?: number | null } = {}): Promise<void> {
    const row = await findArticleById(this.db, id);
    if (!row) throw notFound('Article');
    const publishedAt = options.at ?? row.published_at ?? isoNow(this.clock);
    await updateArticleRow(this.db, id, {
      status: 'published',
      published_at: publishedAt,
      // A first publication is not an update; publishing again is.
      updated_at: row.status === 'published' ? isoNow(this.clock) : publishedAt,
      version: row.version + 1,
    });
    this.events.emit('article.published', { articleId: id, slug: row.slug, actorId: options.actorId ?? null });
  }

  /** Sets when an article was last changed; used by imports and the demo seed, whose history predates the app. */
  async setUpdatedAt(id: number, updatedAt: string): Promise<void> {
    await updateArticleRow(this.db, id, { updated_at: updatedAt });
  }

  async findPublishedBySlug(slug: string): Promise<Article | null> {
    const row = await findArticleBySlug(this.db, slug);
    if (!row || row.status !== 'published') return null;
    return this.toArticle(row);
  }

  async findPublishedById(id: number): Promise<Article | null> {
    const row = await findArticleById(this.db, id);
    if (!row || row.status !== 'published') return null;
    return this.toArticle(row);
  }

  /** The newest published stories matching a filter, without counting them all (for blocks and lists). */
  async latest(limit: number, filter: PublishedFilter = {}): Promise<ArticleSummary[]> {
    return this.summaries(await listPublished(this.db, filter, limit, 0));
  }

  /** The newest stories for several filters at once (front-page blocks), hydrated together. */
  async latestForEach(filters: PublishedFilter[], limit: number): Promise<ArticleSummary[][]> {
    const rowsPerFilter = await Promise.all(filters.map((filter) => listPublished(this.db, filter, limit, 0)));
    const unique = new Map(rowsPerFilter.flat().map((row) => [row.id, row]));
    const byId = new Map((await this.summaries([...unique.values()])).map((summary) => [summary.id, summary]));
    return rowsPerFilter.map((rows) => rows.map((row) => byId.get(row.id)!));
  }

  async listPage(filter: PublishedFilter, page: number, perPage: number): Promise<Page<ArticleSummary>> {
    const [rows, total] = await Promise.all([
      listPublished(this.db, filter, perPage, offsetFor(page, perPage)),
      countPublished(this.db, filter),
    ]);
    return pageOf(await this.summaries(rows), page, perPage, total);
  }

  async related(article: Article, limit = 4): Promise<ArticleSummary[]> {
    const rows = await relatedArticleRows(
      this.db,
      { id: article.id, primarySectionId: article.section?.id ?? null, tagIds: article.tags.map((t) => t.id) },
      limit,
    );
    return this.summaries(rows);
  }

  private async uniqueSlug(db: Db, wanted: string): Promise<string> {
    const base = wanted || 'untitled';
    if (!isValidSlug(base)) throw invalid(`"${base}" is not a valid slug: use lowercase letters, digits and hyphens`);
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? base : `${base}-${n}`;
      if (!(await slugExists(db, candidate))) return candidate;
    }
  }

  private async summaries(rows: SummaryRow[]): Promise<ArticleSummary[]> {
    if (!rows.length) return [];
    const { timeZone } = await this.settings.get();
    const ids = rows.map((r) => r.id);
    const sectionIds = [...new Set(rows.map((r) => r.primary_section_id).filter((id): id is number => id !== null))];
    const [authors, sections, commentCounts] = await Promise.all([
      authorsOf(this.db, ids),
      sectionRefs(this.db, sectionIds),
      approvedCounts(this.db, ids),
    ]);
    const sectionById = new Map(sections.map((s) => [s.id, s]));
    return rows.map((row) => ({
      id: row.id,
      slug: row.slug,
      title: row.title,
      standfirst: row.standfirst,
      status: row.status,
      publishedAt: row.published_at,
      updatedAt: row.updated_at,
      path: articlePath(row.slug, row.published_at ?? row.created_at, timeZone),
      section: (row.primary_section_id !== null && sectionById.get(row.primary_section_id)) || null,
      authors: authors.get(row.id) ?? [],
      image: imageOf(row),
      commentCount: commentCounts.get(row.id) ?? 0,
    }));
  }

  private async toArticle(row: ArticleRow): Promise<Article> {
    const [[summary], sections, tags] = await Promise.all([this.summaries([row]), sectionsOf(this.db, row.id), tagsOf(this.db, row.id)]);
    return {
      ...summary!,
      body: row.body,
      createdAt: row.created_at,
      sections,
      tags,
      commentsOpen: Boolean(row.comments_open),
      seoTitle: row.seo_title,
      seoDescription: row.seo_description,
      version: row.version,
    };
  }
}

function validTitle(raw: string): string {
  const title = raw.replace(/\s+/g, ' ').trim();
  if (!title) throw invalid('An article needs a headline', { title: 'Enter a headline' });
  if (title.length > MAX_TITLE) throw invalid(`The headline is longer than ${MAX_TITLE} characters`, { title: 'Shorten the headline' });
  return title;
}

function linksOf(input: ArticleInput) {
  const primary = input.primarySectionId ?? null;
  return {
    sectionIds: [...new Set([...(primary === null ? [] : [primary]), ...(input.sectionIds ?? [])])],
    tagIds: [...new Set(input.tagIds ?? [])],
    authorIds: [...new Set(input.authorIds ?? [])],
  };
}

function imageColumns(image: FeaturedImage | null) {
  return {
    featured_image_url: image?.url ?? null,
    featured_image_alt: image?.alt ?? '',
    featured_image_caption: image?.caption ?? '',
    featured_image_credit: image?.credit ?? '',
    featured_image_width: image?.width ?? null,
    featured_image_height: image?.height ?? null,
  };
}

function imageOf(row: SummaryRow): FeaturedImage | null {
  if (!row.featured_image_url) return null;
  return {
    url: row.featured_image_url,
    alt: row.featured_image_alt,
    caption: row.featured_image_caption,
    credit: row.featured_image_credit,
    width: row.featured_image_width,
    height: row.featured_image_height,
  };
}
