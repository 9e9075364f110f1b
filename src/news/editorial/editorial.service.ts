import type { Kysely } from 'kysely';
import type { ArticleStatus, Database, RevisionKind } from '../../platform/db/schema.js';
import { authorsOf, findArticleById, sectionsOf, slugExists, tagsOf } from '../articles/article.repository.js';
import type { ArticleService } from '../articles/article.service.js';
import type { TaxonomyService } from '../taxonomy/taxonomy.service.js';
import { type Clock, isoNow } from '../shared/clock.js';
import { DomainError, notFound } from '../shared/errors.js';
import { isValidSlug, slugify } from '../shared/slug.js';

/** Every field a writer edits, in one plain shape: the edit form, a revision's snapshot, the two sides of a conflict. */
export interface ArticleDraft {
  title: string;
  /** Empty: derived from the headline. */
  slug: string;
  standfirst: string;
  body: string;
  primarySectionId: number | null;
  /** Other sections besides the primary one. */
  sectionIds: number[];
  /** Tag names; new ones are created on save. */
  tags: string[];
  /** People in byline order. */
  authorIds: number[];
  imageUrl: string;
  imageAlt: string;
  imageCaption: string;
  imageCredit: string;
  imageWidth: number | null;
  imageHeight: number | null;
  seoTitle: string;
  seoDescription: string;
  commentsOpen: boolean;
}

export interface EditableArticle {
  id: number;
  status: ArticleStatus;
  version: number;
  publishedAt: string | null;
  updatedAt: string;
  draft: ArticleDraft;
  /** Byline people: who counts as "their own article" for the policy. */
  authorPersonIds: number[];
}

export interface RevisionSummary {
  id: number;
  version: number;
  kind: RevisionKind;
  userName: string | null;
  createdAt: string;
}

export interface Revision extends RevisionSummary {
  articleId: number;
  snapshot: ArticleDraft;
}

export interface ArticleListItem {
  id: number;
  title: string;
  status: ArticleStatus;
  updatedAt: string;
  publishedAt: string | null;
  authors: string[];
}

export interface ArticleListQuery {
  status?: ArticleStatus | undefined;
  q?: string | undefined;
  /** Only articles in this person's byline. */
  personId?: number | undefined;
  limit?: number;
}

export interface ArticleNote {
  id: number;
  body: string;
  userName: string | null;
  createdAt: string;
}

/** A save refused because someone else saved first: their version, to show beside what the writer typed. */
export class EditConflict extends DomainError {
  constructor(readonly theirs: EditableArticle) {
    super('Someone else saved this article since you opened it', 'conflict');
  }
}

const PRESENCE_WINDOW_MS = 60_000;

/**
 * The newsroom's side of articles: saving drafts with revisions and without silent overwrites, who has an article
 * open, the list with its status counts, and notes. Publishing itself goes through ArticleService.
 */
export class EditorialService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly articles: ArticleService,
    private readonly taxonomy: TaxonomyService,
    private readonly clock: Clock,
  ) {}

  async find(id: number): Promise<EditableArticle | null> {
    const row = await findArticleById(this.db, id);
    if (!row) return null;
    const [sections, tags, authors] = await Promise.all([sectionsOf(this.db, id), tagsOf(this.db, id), authorsOf(this.db, [id])]);
    const authorIds = (authors.get(id) ?? []).map((a) => a.id);
    return {
      id,
      status: row.status,
      version: row.version,
      publishedAt: row.published_at,
      updatedAt: row.updated_at,
      authorPersonIds: authorIds,
      draft: {
        title: row.title,
        slug: row.slug,
        standfirst: row.standfirst,
        body: row.body,
        primarySectionId: row.primary_section_id,
        sectionIds: sections.map((s) => s.id).filter((s) => s !== row.primary_section_id),
        tags: tags.map((t) => t.name),
        authorIds,
        imageUrl: row.featured_image_url ?? '',
        imageAlt: row.featured_image_alt,
        imageCaption: row.featured_image_caption,
        imageCredit: row.featured_image_credit,
        imageWidth: row.featured_image_width,
        imageHeight: row.featured_image_height,
        seoTitle: row.seo_title,
        seoDescription: row.seo_description,
        commentsOpen: Boolean(row.comments_open),
      },
    };
  }

  /**
   * Saves a draft: creates the article when `id` is null, else changes it if it is still at `expectedVersion`
   * (throws EditConflict with their version otherwise). Keeps a revision of what was saved. Returns the new version.
   */
  async save(
    id: number | null,
    draft: ArticleDraft,
    options: { expectedVersion?: number; userId: number | null; kind?: RevisionKind },
  ): Promise<{ id: number; version: number }> {
    const tagIds: number[] = [];
    for (const name of draft.tags) tagIds.push(await this.taxonomy.ensureTag(name));
    const input = {
      title: draft.title,
      standfirst: draft.standfirst,
      body: draft.body,
      primarySectionId: draft.primarySectionId,
      sectionIds: draft.sectionIds,
      tagIds,
      authorIds: draft.authorIds,
      image: draft.imageUrl
        ? {
            url: draft.imageUrl,
            alt: draft.imageAlt,
            caption: draft.imageCaption,
            credit: draft.imageCredit,
            width: draft.imageWidth,
            height: draft.imageHeight,
          }
        : null,
      commentsOpen: draft.commentsOpen,
      seoTitle: draft.seoTitle,
      seoDescription: draft.seoDescription,
    };
    let articleId: number;
    if (id === null) {
      articleId = await this.articles.create({ ...input, ...(draft.slug ? { slug: draft.slug } : {}) });
    } else {
      const slug = draft.slug || (await this.freeSlug(slugify(draft.title) || 'untitled', id));
      try {
        await this.articles.update(id, { ...input, slug }, { expectedVersion: options.expectedVersion, actorId: options.userId });
      } catch (error) {
        if (error instanceof DomainError && error.code === 'conflict') {
          const theirs = await this.find(id);
          if (theirs) throw new EditConflict(theirs);
        }
        throw error;
      }
      articleId = id;
    }
    const saved = await this.find(articleId);
    if (!saved) throw notFound('Article');
    await this.recordRevision(articleId, saved, options.kind ?? 'save', options.userId);
    return { id: articleId, version: saved.version };
  }

  /**
   * Moves an unpublished article between draft, pending and scheduled-back-to-draft (publishing and unpublishing go
   * through ArticleService). Refused with a conflict when the article is no longer at `expectedVersion`.
   */
  async setStatus(articleId: number, expectedVersion: number, status: 'draft' | 'pending'): Promise<void> {
    const row = await findArticleById(this.db, articleId);
    if (!row) throw notFound('Article');
    if (row.status === 'published') throw new DomainError('A published article is taken off the site by unpublishing it', 'invalid');
    await this.writeAtVersion(articleId, expectedVersion, {
      status,
      // A scheduled article sent back to draft no longer has a publication time.
      ...(row.status === 'scheduled' ? { published_at: null } : {}),
    });
  }

  /** Schedules an unpublished article for `at` (ISO, UTC); the scheduler publishes it when due. */
  async schedule(articleId: number, expectedVersion: number, at: string): Promise<void> {
    const row = await findArticleById(this.db, articleId);
    if (!row) throw notFound('Article');
    if (row.status === 'published') throw new DomainError('This article is already published: unpublish it first to schedule it', 'invalid');
    const when = new Date(at);
    if (Number.isNaN(when.getTime())) throw new DomainError('Choose a valid date and time to schedule the article', 'invalid');
    // One UTC form for every stored time: the scheduler compares them as text on SQLite.
    await this.writeAtVersion(articleId, expectedVersion, { status: 'scheduled', published_at: when.toISOString() });
  }

  private async writeAtVersion(articleId: number, expectedVersion: number, changes: { status: ArticleStatus; published_at?: string | null }) {
    const result = await this.db
      .updateTable('articles')
      .set({ ...changes, version: expectedVersion + 1, updated_at: isoNow(this.clock) })
      .where('id', '=', articleId)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new DomainError('Someone else saved this article since you opened it', 'conflict');
  }

  /** Keeps a revision of the article as it is now (after a publish, say). */
  async recordRevision(articleId: number, article: EditableArticle, kind: RevisionKind, userId: number | null): Promise<void> {
    await this.db
      .insertInto('article_revisions')
      .values({
        article_id: articleId,
        version: article.version,
        user_id: userId,
        kind,
        snapshot: JSON.stringify(article.draft),
        created_at: isoNow(this.clock),
      })
      .execute();
  }

  async revisions(articleId: number): Promise<RevisionSummary[]> {
    const rows = await this.db
      .selectFrom('article_revisions as r')
      .leftJoin('users as u', 'u.id', 'r.user_id')
      .select(['r.id', 'r.version', 'r.kind', 'r.created_at', 'u.display_name'])
      .where('r.article_id', '=', articleId)
      .orderBy('r.id', 'desc')
      .execute();
    return rows.map((r) => ({ id: r.id, version: r.version, kind: r.kind, userName: r.display_name, createdAt: r.created_at }));
  }

  async revision(articleId: number, revisionId: number): Promise<Revision | null> {
    const row = await this.db
      .selectFrom('article_revisions as r')
      .leftJoin('users as u', 'u.id', 'r.user_id')
      .select(['r.id', 'r.article_id', 'r.version', 'r.kind', 'r.created_at', 'r.snapshot', 'u.display_name'])
      .where('r.article_id', '=', articleId)
      .where('r.id', '=', revisionId)
      .executeTakeFirst();
    if (!row) return null;
    return {
      id: row.id,
      articleId: row.article_id,
      version: row.version,
      kind: row.kind,
      userName: row.display_name,
      createdAt: row.created_at,
      snapshot: JSON.parse(row.snapshot) as ArticleDraft,
    };
  }

  /** Marks `userId` as having the article open now. */
  async touch(articleId: number, userId: number): Promise<void> {
    const now = isoNow(this.clock);
    await this.db
      .insertInto('article_editors')
      .values({ article_id: articleId, user_id: userId, last_seen_at: now })
      .onConflict((oc) => oc.columns(['article_id', 'user_id']).doUpdateSet({ last_seen_at: now }))
      .execute();
  }

  /** Names of the other users seen with this article open in the last minute. */
  async othersEditing(articleId: number, userId: number): Promise<string[]> {
    const since = new Date(this.clock.now().getTime() - PRESENCE_WINDOW_MS).toISOString();
    const rows = await this.db
      .selectFrom('article_editors as e')
      .innerJoin('users as u', 'u.id', 'e.user_id')
      .select('u.display_name')
      .where('e.article_id', '=', articleId)
      .where('e.user_id', '!=', userId)
      .where('e.last_seen_at', '>=', since)
      .orderBy('u.display_name')
      .execute();
    return rows.map((r) => r.display_name);
  }

  async list(query: ArticleListQuery): Promise<ArticleListItem[]> {
    let select = this.db.selectFrom('articles').select(['id', 'title', 'status', 'updated_at', 'published_at']);
    if (query.status) select = select.where('status', '=', query.status);
    if (query.q) select = select.where('title', 'like', `%${query.q.replace(/[%_\\]/g, '')}%`);
    if (query.personId !== undefined) {
      const personId = query.personId;
      select = select.where('id', 'in', this.db.selectFrom('article_authors').select('article_id').where('person_id', '=', personId));
    }
    const rows = await select.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(query.limit ?? 100).execute();
    const authors = await authorsOf(this.db, rows.map((r) => r.id));
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      updatedAt: r.updated_at,
      publishedAt: r.published_at,
      authors: (authors.get(r.id) ?? []).map((a) => a.displayName),
    }));
  }

  async counts(query: Omit<ArticleListQuery, 'status'>): Promise<Record<ArticleStatus, number>> {
    let select = this.db.selectFrom('articles').select(['status', (eb) => eb.fn.countAll<string | number>().as('n')]);
    if (query.personId !== undefined) {
      const personId = query.personId;
      select = select.where('id', 'in', this.db.selectFrom('article_authors').select('article_id').where('person_id', '=', personId));
    }
    const rows = await select.groupBy('status').execute();
    const counts: Record<ArticleStatus, number> = { draft: 0, pending: 0, scheduled: 0, published: 0 };
    for (const row of rows) counts[row.status] = Number(row.n);
    return counts;
  }

  async addNote(articleId: number, userId: number | null, body: string): Promise<void> {
    await this.db.insertInto('article_notes').values({ article_id: articleId, user_id: userId, body, created_at: isoNow(this.clock) }).execute();
  }

  async notes(articleId: number): Promise<ArticleNote[]> {
    const rows = await this.db
      .selectFrom('article_notes as n')
      .leftJoin('users as u', 'u.id', 'n.user_id')
      .select(['n.id', 'n.body', 'n.created_at', 'u.display_name'])
      .where('n.article_id', '=', articleId)
      .orderBy('n.id', 'desc')
      .execute();
    return rows.map((r) => ({ id: r.id, body: r.body, userName: r.display_name, createdAt: r.created_at }));
  }

  /** Tag names for the form's datalist. */
  async tagNames(): Promise<string[]> {
    return (await this.db.selectFrom('tags').select('name').orderBy('name').limit(1000).execute()).map((r) => r.name);
  }

  /** People who can be in a byline, for the form. */
  async people(): Promise<{ id: number; displayName: string }[]> {
    return (await this.db.selectFrom('people').select(['id', 'display_name']).orderBy('display_name').execute()).map((r) => ({
      id: r.id,
      displayName: r.display_name,
    }));
  }

  private async freeSlug(base: string, exceptId: number): Promise<string> {
    if (!isValidSlug(base)) return base;
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? base : `${base}-${n}`;
      if (!(await slugExists(this.db, candidate, exceptId))) return candidate;
    }
  }
}
