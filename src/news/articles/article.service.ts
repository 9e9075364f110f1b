import type { Kysely, Transaction } from 'kysely';
import type { ArticleEventPayload, DomainEventBus } from '../events.js';
import type { ArticleRow, ArticleUpdate, Database } from '../../platform/db/schema.js';
import type { Db } from '../../platform/db/types.js';
import type { Signer } from '../../platform/security/signer.js';
import type { SettingsService } from '../settings/settings.service.js';
import { can } from '../staff/policy.js';
import { ARTICLE_VISIBILITIES, type ArticleVisibility } from '../vocabulary.js';
import { type Clock, isoNow } from '../shared/clock.js';
import { DomainError, invalid, notFound } from '../shared/errors.js';
import { offsetFor } from '../shared/pagination.js';
import { isValidSlug, slugify } from '../shared/slug.js';
import { CANONICAL_RULE, canonicalUrlOf } from './seo.js';
import {
  type PublishedFilter,
  type Reach,
  type SummaryRow,
  isPublishedFor,
  authorsOf,
  bodiesOf,
  findArticleById,
  findArticleBySlug,
  insertArticle,
  publishedRowsByIds,
  replaceArticleLinks,
  sectionRefs,
  sectionsOf,
  slugExists,
  tagsOf,
  tagsOfMany,
  updateArticleRow,
  updateArticleRowAtVersion,
} from './article.repository.js';
import { listPublished, listPublishedForEach, relatedArticleRows } from './listing.repository.js';
import {
  type ArchiveSlice,
  type ArchiveWindow,
  type Article,
  type ArticleInput,
  type ArticleReader,
  type ArticleSummary,
  type ArticleWithBody,
  type FeaturedImage,
  type FrontPageStories,
  PROTECTED_STANDFIRST,
} from './article.types.js';
import { sanitizeArticleBody } from './body-sanitizer.js';
import { articlePath } from './permalink.js';
import { UNLOCK_LIFETIME_SECONDS, issueUnlockToken, passwordMatches, verifyUnlockToken } from './unlock-token.js';

const MAX_TITLE = 300;
/** WordPress's post_password is a varchar(255). */
const MAX_PASSWORD = 255;

/**
 * How an article is created. The newsroom passes only `createdBy`; an import also passes the story's own history:
 * its id (kept from the old site, in an empty one) and when it was created and last changed.
 */
export interface CreateOptions {
  createdBy?: number | null;
  /** The row's id instead of the next one (PostgreSQL: the importer moves the identity sequence past its ids). */
  id?: number;
  /** Default now; stored as ISO-8601 UTC. */
  createdAt?: string;
  /** Default createdAt. */
  updatedAt?: string;
}

export interface PublishOptions {
  /** The publication time (default: the one it had, else now); backdating is allowed. */
  at?: string;
  actorId?: number | null;
  /** When it last changed (an import's modified date); by default the publication time, or now when republished. */
  updatedAt?: string;
}

/**
 * Work that must change together with an article, in the same transaction (the search index): called after every
 * publish, edit and unpublish, before the commit. A hook that throws rolls the change back.
 */
export interface ArticleWriteHook {
  articleWritten(trx: Db, articleId: number): Promise<void>;
}

/** Gives featured images that are media-library items their srcset (the media service). */
export interface FeaturedImageResolver {
  srcsetsForUrls(urls: readonly string[]): Promise<Map<string, { srcset: string; width: number; height: number }>>;
}

/**
 * Article writes that commit together: a save and the publication that follows it, say, or a trash that takes a
 * published story down first. Each change is checked as it is made; the events go out once the whole transaction has
 * committed (none if it rolled back).
 */
export interface ArticleTransaction {
  /** The open transaction: pass it to other writes that belong to the same commit (revisions, the audit log). */
  readonly db: Transaction<Database>;
  create(input: ArticleInput, options?: CreateOptions): Promise<number>;
  update(id: number, changes: Partial<ArticleInput>, options?: { expectedVersion?: number | undefined; actorId?: number | null }): Promise<void>;
  publish(id: number, options?: PublishOptions): Promise<void>;
  schedule(id: number, at: string, options?: { expectedVersion?: number | undefined }): Promise<void>;
  /** Draft <-> waiting for review, or a scheduled article back to draft (its publication time forgotten). */
  setStatus(id: number, status: 'draft' | 'pending', options?: { expectedVersion?: number | undefined }): Promise<void>;
  /** Back to draft; false (and nothing changed) when it was not published. */
  unpublish(id: number, options?: { actorId?: number | null }): Promise<boolean>;
  trash(id: number, options: { actorId: number | null; expectedVersion?: number | undefined }): Promise<ArticleRow>;
  restore(id: number): Promise<ArticleRow>;
  remove(id: number): Promise<ArticleRow>;
  /** Sets when it last changed, nothing else (imports: the modified date of a scheduled or pending story). */
  setUpdatedAt(id: number, updatedAt: string): Promise<void>;
}

type QueuedEvent = { name: 'article.published' | 'article.updated' | 'article.unpublished'; payload: ArticleEventPayload };

/** Events of one transaction, sent after its commit; a publication or unpublication says all an update would. */
class ArticleOutbox {
  private readonly queued: QueuedEvent[] = [];

  add(event: QueuedEvent): void {
    const sameArticle = (e: QueuedEvent) => e.payload.articleId === event.payload.articleId;
    if (event.name === 'article.updated' && this.queued.some((e) => sameArticle(e) && e.name !== 'article.updated')) return;
    if (event.name !== 'article.updated') this.removeWhere((e) => sameArticle(e) && e.name === 'article.updated');
    this.queued.push(event);
  }

  send(bus: DomainEventBus): void {
    for (const event of this.queued) bus.emit(event.name, event.payload);
  }

  private removeWhere(match: (e: QueuedEvent) => boolean): void {
    for (let i = this.queued.length - 1; i >= 0; i--) if (match(this.queued[i]!)) this.queued.splice(i, 1);
  }
}

export interface ArticleServiceDeps {
  db: Kysely<Database>;
  events: DomainEventBus;
  settings: SettingsService;
  clock: Clock;
  /** Called in the transaction of every write (the search index). */
  writeHook?: ArticleWriteHook | null;
  /** Gives summaries' featured images their srcsets (the media library). */
  images?: FeaturedImageResolver | null;
  /** Signs and checks the tokens of readers who gave a password-protected story's password. */
  signer: Signer;
}

/** Articles: writing them, publishing them, and reading them back for the site. */
export class ArticleService {
  constructor(private readonly deps: ArticleServiceDeps) {}

  /** Runs `work` in one transaction; the article events it caused are emitted after the commit. */
  async transaction<T>(work: (tx: ArticleTransaction) => Promise<T>): Promise<T> {
    const outbox = new ArticleOutbox();
    const result = await this.deps.db.transaction().execute((trx) => work(new ArticleWrites(trx, outbox, this.deps.clock, this.deps.writeHook ?? null)));
    outbox.send(this.deps.events);
    return result;
  }

  /** A new draft (with `options`, an imported story keeps its id and dates). */
  async create(input: ArticleInput, options: CreateOptions = {}): Promise<number> {
    return this.transaction((tx) => tx.create(input, options));
  }

  /**
   * Publishes now, or at `at` when given (backdating is allowed: imports and corrections need it). Emits
   * article.published once the change is committed.
   */
  async publish(id: number, options: PublishOptions = {}): Promise<void> {
    await this.transaction((tx) => tx.publish(id, options));
  }

  /**
   * Schedules an unpublished article to go live at `at` (status 'scheduled', published_at = at, stored as ISO-8601
   * UTC). The scheduler (news/scheduling) publishes it when due, whether or not anyone visits the site; a time already
   * past is published by its next tick. Rescheduling a scheduled article moves its time. A published article must be
   * unpublished first.
   */
  async schedule(id: number, at: string): Promise<void> {
    // Nothing is public yet, so no event; the caller audits who scheduled it.
    await this.transaction((tx) => tx.schedule(id, at));
  }

  /**
   * Changes an article; fields left out keep their values (the links: sections, tags, byline, likewise each). With
   * `expectedVersion`, refuses with a conflict when someone else saved since that version was read. Bumps the version
   * and emits article.updated after the commit when the article is published.
   */
  async update(id: number, changes: Partial<ArticleInput>, options: { expectedVersion?: number | undefined; actorId?: number | null } = {}): Promise<void> {
    await this.transaction((tx) => tx.update(id, changes, options));
  }

  /**
   * Takes a published article off the site (back to draft). Its publication time is kept, so publishing it again
   * restores its place and address. Emits article.unpublished after the commit; a no-op for an unpublished article.
   */
  async unpublish(id: number, options: { actorId?: number | null } = {}): Promise<void> {
    await this.transaction((tx) => tx.unpublish(id, options));
  }

  /** Sets when an article was last changed; used by imports and the demo seed, whose history predates the app. */
  async setUpdatedAt(id: number, updatedAt: string): Promise<void> {
    await updateArticleRow(this.deps.db, id, { updated_at: updatedAt });
  }

  /**
   * A published article in full, whatever its visibility: for the domain and the newsroom. The public site asks
   * `forReader`, which knows who may read a private or password-protected story.
   */
  async findPublishedBySlug(slug: string): Promise<Article | null> {
    const row = await findArticleBySlug(this.deps.db, slug);
    if (!row || !isPublishedFor(row, 'staff')) return null;
    return this.toArticle(row);
  }

  /** Like findPublishedBySlug, by id. */
  async findPublishedById(id: number): Promise<Article | null> {
    const row = await findArticleById(this.deps.db, id);
    if (!row || !isPublishedFor(row, 'staff')) return null;
    return this.toArticle(row);
  }

  /**
   * A published article as this reader may see it, or null when, for them, there is none:
   * - public: in full;
   * - private: in full for staff the policy lets write it (`articles.write` on this article), null for anyone else,
   *   exactly as if it did not exist;
   * - password: in full with a valid unlock token for its current password (see `unlock`), otherwise `locked`:
   *   its headline, byline and dates with the text withheld.
   */
  async forReader(ref: { slug: string } | { id: number }, reader: ArticleReader): Promise<Article | null> {
    const row = 'slug' in ref ? await findArticleBySlug(this.deps.db, ref.slug) : await findArticleById(this.deps.db, ref.id);
    if (!row || !isPublishedFor(row, 'staff')) return null;
    if (row.visibility === 'private') {
      const authors = (await authorsOf(this.deps.db, [row.id])).get(row.id) ?? [];
      const mayWrite = can(reader.staff, 'articles.write', { articleAuthorPersonIds: authors.map((a) => a.id), createdByUserId: row.created_by });
      return mayWrite ? this.toArticle(row) : null;
    }
    const article = await this.toArticle(row);
    if (row.visibility === 'password' && !this.unlocked(row, reader.unlockToken?.(row.id))) return withheld(article);
    return article;
  }

  /**
   * A reader gives a password-protected story's password: the token that unlocks it for them (kept in a cookie for
   * `maxAgeSeconds`), or null when the password is wrong. Not found unless the story is published and protected.
   */
  async unlock(id: number, password: string): Promise<{ token: string; maxAgeSeconds: number } | null> {
    const row = await findArticleById(this.deps.db, id);
    if (!row || !isPublishedFor(row, 'listed') || row.visibility !== 'password' || !row.password) throw notFound('Article');
    if (!passwordMatches(password, row.password)) return null;
    return { token: issueUnlockToken(this.deps.signer, row.id, row.password, this.deps.clock.now()), maxAgeSeconds: UNLOCK_LIFETIME_SECONDS };
  }

  private unlocked(row: ArticleRow, token: string | undefined): boolean {
    return token !== undefined && row.password !== null && verifyUnlockToken(this.deps.signer, token, row.id, row.password, this.deps.clock.now());
  }

  /**
   * Whether the article at this address was taken down on purpose: it is in the trash and had been published (an
   * unpublished story keeps its publication time; a scheduled one loses it when trashed). The site answers 410 Gone
   * for it; a trashed story that never went out stays unknown.
   */
  async isRemoved(ref: { slug: string } | { id: number }): Promise<boolean> {
    const row = 'slug' in ref ? await findArticleBySlug(this.deps.db, ref.slug) : await findArticleById(this.deps.db, ref.id);
    return row !== undefined && row.trashed_at !== null && row.published_at !== null;
  }

  /** Any article, whatever its status: for the newsroom (previews), never for the public site. */
  async findAnyById(id: number): Promise<Article | null> {
    const row = await findArticleById(this.deps.db, id);
    return row ? this.toArticle(row) : null;
  }

  /** The newest published stories matching a filter, without counting them all (for blocks and lists). */
  async latest(limit: number, filter: PublishedFilter = {}): Promise<ArticleSummary[]> {
    return this.summaries(await listPublished(this.deps.db, filter, limit));
  }

  /**
   * The front page's stories, as WordPress's home page puts sticky posts on top: the pinned ones first (newest first),
   * then the newest of the others, `limit` in all; and the newest `blocks.perBlock` of each block's listing (the
   * section blocks), never the lead story (the first). Three queries read the lists (the pinned index, the
   * newest-first index, one union over the blocks' index ranges), in parallel, and one set of lookups hydrates every
   * card, so the archive is never sorted and the cost does not grow with the number of blocks.
   */
  async frontPage(limit: number, blocks: { filters: PublishedFilter[]; perBlock: number } = { filters: [], perBlock: 0 }): Promise<FrontPageStories> {
    const { db } = this.deps;
    const [pinned, newest, blockRows] = await Promise.all([
      listPublished(db, { pinned: true }, limit),
      listPublished(db, {}, limit),
      // One more than shown: the lead is dropped from a block that holds it.
      listPublishedForEach(db, blocks.filters, blocks.perBlock + 1),
    ]);
    const pinnedIds = new Set(pinned.map((row) => row.id));
    const topRows = [...pinned, ...newest.filter((row) => !pinnedIds.has(row.id))].slice(0, limit);
    const leadId = topRows[0]?.id;
    const blockLists = blockRows.map((rows) => rows.filter((row) => row.id !== leadId).slice(0, blocks.perBlock));
    const unique = new Map([...topRows, ...blockLists.flat()].map((row) => [row.id, row]));
    const byId = new Map((await this.summaries([...unique.values()])).map((summary) => [summary.id, summary]));
    const cards = (rows: SummaryRow[]) => rows.map((row) => byId.get(row.id)!);
    return { top: cards(topRows), blocks: blockLists.map(cards) };
  }

  /**
   * These articles, those of them that are published and public ('open': search results and comment feeds never show
   * another kind), in the order given: each looked up by id, so the cost is the number of ids (a listing filtered by
   * ids would walk the newest-first index down to the oldest of them).
   */
  async publishedSummaries(ids: number[]): Promise<ArticleSummary[]> {
    const byId = new Map((await this.summaries(await publishedRowsByIds(this.deps.db, ids, 'open'))).map((s) => [s.id, s]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** The addresses of these articles, those of them that are published in the reach, by id: one lookup by id. */
  async publishedPaths(ids: number[], reach: Reach): Promise<Map<number, string>> {
    const [rows, { timeZone }] = await Promise.all([publishedRowsByIds(this.deps.db, [...new Set(ids)], reach), this.deps.settings.get()]);
    return new Map(rows.map((row) => [row.id, articlePath(row.slug, row.published_at ?? row.created_at, timeZone)]));
  }

  /** The newest published public stories ('open': never a private or protected one) with bodies and tags, for feeds. */
  async latestWithBody(limit: number, filter: PublishedFilter = {}): Promise<ArticleWithBody[]> {
    const summaries = await this.latest(limit, { ...filter, reach: 'open' });
    const ids = summaries.map((s) => s.id);
    const [bodies, tags] = await Promise.all([bodiesOf(this.deps.db, ids), tagsOfMany(this.deps.db, ids)]);
    return summaries.map((summary) => ({
      ...summary,
      body: bodies.get(summary.id)?.body ?? '',
      seoDescription: bodies.get(summary.id)?.seoDescription ?? '',
      tags: tags.get(summary.id) ?? [],
    }));
  }

  /**
   * A page of an archive (a section with its subsections, a tag, an author): one listing query that reads one story
   * more than it shows, to know whether older ones exist, and counts nothing.
   */
  async archivePage(filter: PublishedFilter, window: ArchiveWindow, perPage: number): Promise<ArchiveSlice<ArticleSummary>> {
    const listing = 'page' in window ? { offset: offsetFor(window.page, perPage) } : window;
    const rows = await listPublished(this.deps.db, filter, perPage + 1, listing);
    // Newer-than-cursor rows come back newest first: the extra one, if any, is the newest, beyond this page.
    const beyond = rows.length > perPage;
    const shown = beyond ? ('after' in window ? rows.slice(1) : rows.slice(0, perPage)) : rows;
    return {
      items: await this.summaries(shown),
      page: 'page' in window ? window.page : null,
      hasNewer: 'page' in window ? window.page > 1 : 'before' in window || beyond,
      hasOlder: 'after' in window || beyond,
    };
  }

  async related(article: Article, limit = 4): Promise<ArticleSummary[]> {
    const rows = await relatedArticleRows(
      this.deps.db,
      { id: article.id, primarySectionId: article.section?.id ?? null, tagIds: article.tags.map((t) => t.id) },
      limit,
    );
    return this.summaries(rows);
  }

  /** Cards for these rows; a password-protected story's card withholds its text (see ArticleSummary). */
  private async summaries(rows: SummaryRow[]): Promise<ArticleSummary[]> {
    return (await this.fullSummaries(rows)).map((summary) => (summary.visibility === 'password' ? withheldSummary(summary) : summary));
  }

  private async fullSummaries(rows: SummaryRow[]): Promise<ArticleSummary[]> {
    if (!rows.length) return [];
    const { timeZone } = await this.deps.settings.get();
    const ids = rows.map((r) => r.id);
    const sectionIds = [...new Set(rows.map((r) => r.primary_section_id).filter((id): id is number => id !== null))];
    const imageUrls = rows.flatMap((r) => (r.featured_image_url ? [r.featured_image_url] : []));
    const [authors, sections, srcsets] = await Promise.all([
      authorsOf(this.deps.db, ids),
      sectionRefs(this.deps.db, sectionIds),
      this.deps.images && imageUrls.length ? this.deps.images.srcsetsForUrls(imageUrls) : new Map<string, { srcset: string; width: number; height: number }>(),
    ]);
    const sectionById = new Map(sections.map((s) => [s.id, s]));
    return rows.map((row) => ({
      id: row.id,
      slug: row.slug,
      title: row.title,
      standfirst: row.standfirst,
      status: row.status,
      visibility: row.visibility,
      pinned: Boolean(row.pinned),
      publishedAt: row.published_at,
      updatedAt: row.updated_at,
      path: articlePath(row.slug, row.published_at ?? row.created_at, timeZone),
      section: (row.primary_section_id !== null && sectionById.get(row.primary_section_id)) || null,
      authors: authors.get(row.id) ?? [],
      image: withSrcset(imageOf(row), srcsets),
      commentCount: row.comment_count,
    }));
  }

  private async toArticle(row: ArticleRow): Promise<Article> {
    const [[summary], sections, tags] = await Promise.all([this.fullSummaries([row]), sectionsOf(this.deps.db, row.id), tagsOf(this.deps.db, row.id)]);
    return {
      ...summary!,
      body: row.body,
      createdAt: row.created_at,
      sections,
      tags,
      commentsOpen: Boolean(row.comments_open),
      seoTitle: row.seo_title,
      seoDescription: row.seo_description,
      seoCanonical: row.seo_canonical,
      seoNoindex: Boolean(row.seo_noindex),
      version: row.version,
      locked: false,
    };
  }
}

/** A password-protected story's card: its headline, byline and dates; none of its text, image or comments. */
function withheldSummary<T extends ArticleSummary>(summary: T): T {
  return { ...summary, standfirst: PROTECTED_STANDFIRST, image: null, commentCount: 0 };
}

/** A password-protected story read without its password (see Article.locked). */
function withheld(article: Article): Article {
  return { ...withheldSummary(article), body: '', seoDescription: '', locked: true };
}

/** The writes of one ArticleService.transaction: each reads the row afresh inside the transaction. */
class ArticleWrites implements ArticleTransaction {
  constructor(
    readonly db: Transaction<Database>,
    private readonly outbox: ArticleOutbox,
    private readonly clock: Clock,
    private readonly writeHook: ArticleWriteHook | null,
  ) {}

  async create(input: ArticleInput, options: CreateOptions = {}): Promise<number> {
    const title = validTitle(input.title);
    const createdAt = options.createdAt !== undefined ? isoTime(options.createdAt) : isoNow(this.clock);
    const slug = await uniqueSlug(this.db, input.slug ?? slugify(title));
    const id = await insertArticle(this.db, {
      ...(options.id !== undefined ? { id: options.id } : {}),
      slug,
      title,
      standfirst: (input.standfirst ?? '').trim(),
      body: sanitizeArticleBody(input.body ?? ''),
      status: 'draft',
      created_at: createdAt,
      updated_at: options.updatedAt !== undefined ? isoTime(options.updatedAt) : createdAt,
      published_at: null,
      primary_section_id: input.primarySectionId ?? null,
      ...imageColumns(input.image ?? null),
      comments_open: input.commentsOpen ?? true,
      seo_title: (input.seoTitle ?? '').trim(),
      seo_description: (input.seoDescription ?? '').trim(),
      seo_canonical: validCanonical(input.seoCanonical ?? ''),
      seo_noindex: input.seoNoindex ?? false,
      version: 1,
      created_by: options.createdBy ?? null,
      pinned: input.pinned ?? false,
      ...accessColumns(input.visibility ?? 'public', input.password ?? null),
    });
    await replaceArticleLinks(this.db, id, linksOf(input));
    return id;
  }

  async update(id: number, changes: Partial<ArticleInput>, options: { expectedVersion?: number | undefined; actorId?: number | null } = {}): Promise<void> {
    const row = await this.liveRow(id);
    if (options.expectedVersion !== undefined && options.expectedVersion !== row.version) throw editConflict();
    let slug = row.slug;
    if (changes.slug !== undefined && changes.slug !== row.slug) {
      if (!isValidSlug(changes.slug)) throw invalidSlug(`"${changes.slug}" is not a valid slug: use lowercase letters, digits and hyphens`);
      if (await slugExists(this.db, changes.slug, id)) throw invalidSlug(`Another article already has the slug "${changes.slug}"`);
      slug = changes.slug;
    }
    const primarySectionId = changes.primarySectionId !== undefined ? changes.primarySectionId : row.primary_section_id;
    const accessChanged = changes.visibility !== undefined || changes.password !== undefined;
    await this.writeAtVersion(row, {
      slug,
      ...(changes.title !== undefined ? { title: validTitle(changes.title) } : {}),
      ...(changes.standfirst !== undefined ? { standfirst: changes.standfirst.trim() } : {}),
      ...(changes.body !== undefined ? { body: sanitizeArticleBody(changes.body) } : {}),
      primary_section_id: primarySectionId,
      ...(changes.image !== undefined ? imageColumns(changes.image) : {}),
      ...(changes.commentsOpen !== undefined ? { comments_open: changes.commentsOpen } : {}),
      ...(changes.seoTitle !== undefined ? { seo_title: changes.seoTitle.trim() } : {}),
      ...(changes.seoDescription !== undefined ? { seo_description: changes.seoDescription.trim() } : {}),
      ...(changes.seoCanonical !== undefined ? { seo_canonical: validCanonical(changes.seoCanonical) } : {}),
      ...(changes.seoNoindex !== undefined ? { seo_noindex: changes.seoNoindex } : {}),
      ...(changes.pinned !== undefined ? { pinned: changes.pinned } : {}),
      ...(accessChanged ? accessColumns(changes.visibility ?? row.visibility, changes.password !== undefined ? changes.password : row.password) : {}),
      updated_at: isoNow(this.clock),
    });
    const linksChanged = (['primarySectionId', 'sectionIds', 'tagIds', 'authorIds'] as const).some((key) => changes[key] !== undefined);
    if (linksChanged) {
      const [sections, tags, authors] = [await sectionsOf(this.db, id), await tagsOf(this.db, id), await authorsOf(this.db, [id])];
      await replaceArticleLinks(
        this.db,
        id,
        linksOf({
          title: '',
          primarySectionId,
          sectionIds: changes.sectionIds ?? sections.map((s) => s.id).filter((sectionId) => sectionId !== row.primary_section_id),
          tagIds: changes.tagIds ?? tags.map((t) => t.id),
          authorIds: changes.authorIds ?? (authors.get(id) ?? []).map((a) => a.id),
        }),
      );
    }
    await this.writeHook?.articleWritten(this.db, id);
    if (row.status === 'published') this.outbox.add({ name: 'article.updated', payload: { articleId: id, slug, actorId: options.actorId ?? null } });
  }

  async publish(id: number, options: PublishOptions = {}): Promise<void> {
    const row = await this.liveRow(id);
    // Stored in one ISO-8601 UTC form, whatever offset the caller wrote: archives compare and group these strings.
    const publishedAt = options.at !== undefined ? isoTime(options.at) : (row.published_at ?? isoNow(this.clock));
    // A first publication is not an update; publishing again is.
    const updatedAt = options.updatedAt !== undefined ? isoTime(options.updatedAt) : row.status === 'published' ? isoNow(this.clock) : publishedAt;
    await this.writeAtVersion(row, { status: 'published', published_at: publishedAt, updated_at: updatedAt });
    await this.writeHook?.articleWritten(this.db, id);
    this.outbox.add({ name: 'article.published', payload: { articleId: id, slug: row.slug, actorId: options.actorId ?? null } });
  }

  async schedule(id: number, at: string, options: { expectedVersion?: number | undefined } = {}): Promise<void> {
    const publishedAt = isoTime(at);
    const row = await this.liveRow(id, options.expectedVersion);
    if (row.status === 'published') throw invalid('This article is already published; unpublish it before scheduling it');
    await this.writeAtVersion(row, { status: 'scheduled', published_at: publishedAt, updated_at: isoNow(this.clock) });
  }

  async setStatus(id: number, status: 'draft' | 'pending', options: { expectedVersion?: number | undefined } = {}): Promise<void> {
    const row = await this.liveRow(id, options.expectedVersion);
    if (row.status === 'published') throw invalid('A published article is taken off the site by unpublishing it');
    await this.writeAtVersion(row, {
      status,
      // A scheduled article sent back to draft no longer has a publication time.
      ...(row.status === 'scheduled' ? { published_at: null } : {}),
      updated_at: isoNow(this.clock),
    });
  }

  async unpublish(id: number, options: { actorId?: number | null } = {}): Promise<boolean> {
    const row = await this.liveRow(id);
    if (row.status !== 'published') return false;
    await this.writeAtVersion(row, { status: 'draft', updated_at: isoNow(this.clock) });
    await this.writeHook?.articleWritten(this.db, id);
    this.outbox.add({ name: 'article.unpublished', payload: { articleId: id, slug: row.slug, actorId: options.actorId ?? null } });
    return true;
  }

  /**
   * Moves an article to the trash. A published one is unpublished first and a scheduled one loses its time, so a
   * trashed article is never public and the scheduler never picks it up. Returns the row as it was.
   */
  async trash(id: number, options: { actorId: number | null; expectedVersion?: number | undefined }): Promise<ArticleRow> {
    const before = await this.liveRow(id, options.expectedVersion);
    if (before.status === 'published') await this.unpublish(id, { actorId: options.actorId });
    if (before.status === 'scheduled') await this.setStatus(id, 'draft');
    const row = await this.liveRow(id);
    await this.writeAtVersion(row, { trashed_at: isoNow(this.clock), trashed_by: options.actorId });
    return before;
  }

  async restore(id: number): Promise<ArticleRow> {
    const row = await this.trashedRow(id);
    await this.writeAtVersion(row, { trashed_at: null, trashed_by: null });
    return row;
  }

  /** Deletes a trashed article for good; its revisions, comments, corrections and search document go with it. */
  async remove(id: number): Promise<ArticleRow> {
    const row = await this.trashedRow(id);
    await this.db.deleteFrom('articles').where('id', '=', id).where('version', '=', row.version).execute();
    return row;
  }

  async setUpdatedAt(id: number, updatedAt: string): Promise<void> {
    await this.liveRow(id);
    await updateArticleRow(this.db, id, { updated_at: isoTime(updatedAt) });
  }

  /** The article, refused when missing, in the trash, or (given an expected version) changed since. */
  private async liveRow(id: number, expectedVersion?: number): Promise<ArticleRow> {
    const row = await findArticleById(this.db, id);
    if (!row) throw notFound('Article');
    if (row.trashed_at !== null) throw new DomainError('This article is in the trash: restore it first', 'invalid');
    if (expectedVersion !== undefined && expectedVersion !== row.version) throw editConflict();
    return row;
  }

  private async trashedRow(id: number): Promise<ArticleRow> {
    const row = await findArticleById(this.db, id);
    if (!row) throw notFound('Article');
    if (row.trashed_at === null) throw invalid('This article is not in the trash');
    return row;
  }

  /** Writes only if the row is still the one read (PostgreSQL re-checks the version after waiting for a lock). */
  private async writeAtVersion(row: ArticleRow, changes: ArticleUpdate): Promise<void> {
    if (!(await updateArticleRowAtVersion(this.db, row.id, row.version, { ...changes, version: row.version + 1 }))) throw editConflict();
  }
}

async function uniqueSlug(db: Db, wanted: string): Promise<string> {
  const base = wanted || 'untitled';
  if (!isValidSlug(base)) throw invalidSlug(`"${base}" is not a valid slug: use lowercase letters, digits and hyphens`);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await slugExists(db, candidate))) return candidate;
  }
}

/** The canonical URL as stored, or a refusal beside the form's field (`details.seoCanonical`). */
function validCanonical(value: string): string {
  const url = canonicalUrlOf(value);
  if (url === null)
    throw invalid(`"${value.trim().slice(0, 200)}" cannot be the canonical URL: it must be an absolute http(s) address`, { seoCanonical: CANONICAL_RULE });
  return url;
}

/** A slug refused: the message names the problem, and `details.slug` says which form field it belongs beside. */
function invalidSlug(message: string): DomainError {
  return invalid(message, { slug: message });
}

function editConflict(): DomainError {
  return new DomainError('Someone else saved this article in the meantime; reload it to see their changes', 'conflict');
}

function validTitle(raw: string): string {
  const title = raw.replace(/\s+/g, ' ').trim();
  if (!title) throw invalid('An article needs a headline', { title: 'Enter a headline' });
  if (title.length > MAX_TITLE) throw invalid(`The headline is longer than ${MAX_TITLE} characters`, { title: 'Shorten the headline' });
  return title;
}

/** Visibility and password, checked together: a protected story needs a password readers can type. */
function accessColumns(visibility: ArticleVisibility, password: string | null): { visibility: ArticleVisibility; password: string | null } {
  if (!ARTICLE_VISIBILITIES.includes(visibility)) {
    throw invalid(`"${String(visibility)}" is not a visibility`, { visibility: `Choose one of: ${ARTICLE_VISIBILITIES.join(', ')}` });
  }
  if (password !== null && password.length > MAX_PASSWORD) {
    throw invalid(`The password is longer than ${MAX_PASSWORD} characters`, { password: 'Shorten the password' });
  }
  if (visibility === 'password' && !password?.trim()) {
    throw invalid('A password-protected article needs a password', { password: 'Enter the password readers will need' });
  }
  return { visibility, password };
}

function isoTime(value: string): string {
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw invalid(`"${value}" is not a date and time`);
  return time.toISOString();
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

/** A media-library image gets its WebP srcset, and its real size when the article did not record one. */
function withSrcset(image: FeaturedImage | null, srcsets: Map<string, { srcset: string; width: number; height: number }>): FeaturedImage | null {
  const media = image ? srcsets.get(image.url) : undefined;
  if (!image || !media) return image;
  const sized = image.width !== null && image.height !== null;
  return { ...image, srcset: media.srcset, width: sized ? image.width : media.width, height: sized ? image.height : media.height };
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
