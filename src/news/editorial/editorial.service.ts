import type { ExpressionBuilder, Kysely } from 'kysely';
import type { ArticleRow, Database } from '../../platform/db/schema.js';
import type { ArticleStatus, RevisionKind } from '../vocabulary.js';
import type { Db } from '../../platform/db/types.js';
import { authorsOf, findArticleById, sectionsOf, slugExists, tagsOf } from '../articles/article.repository.js';
import type { ArticleService, ArticleTransaction } from '../articles/article.service.js';
import type { ArticleInput } from '../articles/article.types.js';
import { sanitizeArticleBody } from '../articles/body-sanitizer.js';
import type { AuditService } from '../audit/audit.service.js';
import type { SettingsService, SiteSettings } from '../settings/settings.service.js';
import type { TaxonomyService } from '../taxonomy/taxonomy.service.js';
import { type Clock, isoNow } from '../shared/clock.js';
import { DomainError, invalid, notFound } from '../shared/errors.js';
import { isValidSlug, slugify } from '../shared/slug.js';
import { type KeysetCursor, type KeysetPage } from '../shared/pagination.js';
import { articleStatusCounts } from '../stats/stats.repository.js';

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
  /** An absolute http(s) URL, or '' for the story's own address. */
  seoCanonical: string;
  /** Hide it from search engines (noindex; out of the sitemaps). */
  seoNoindex: boolean;
  commentsOpen: boolean;
}

/** What a revision saved before a field existed had for it (migration 0020's SEO fields). */
const DRAFT_DEFAULTS: Pick<ArticleDraft, 'seoCanonical' | 'seoNoindex'> = { seoCanonical: '', seoNoindex: false };

export interface EditableArticle {
  id: number;
  status: ArticleStatus;
  version: number;
  publishedAt: string | null;
  updatedAt: string;
  /** Set while the article is in the trash. */
  trashedAt: string | null;
  draft: ArticleDraft;
  /** Its tags by id and name (the draft has the names): what the edit form is loaded with. */
  tags: LoadedTag[];
  /** Byline people and the account that created it: who counts as "their own article" for the policy. */
  authorPersonIds: number[];
  createdByUserId: number | null;
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
  /** For the policy: who may restore or delete it from the trash. */
  authorPersonIds: number[];
  createdByUserId: number | null;
  /** In the trash list: when and by whom it was trashed, and how many comments go with it if it is deleted. */
  trashedAt: string | null;
  trashedBy: string | null;
  commentCount: number;
}

/** Whose articles: those with this person in the byline, or created by this account. */
export interface ArticleOwner {
  personId: number | null;
  userId: number;
}

export interface ArticleListQuery {
  status?: ArticleStatus | undefined;
  /** The trash instead of the live articles. */
  trashed?: boolean;
  q?: string | undefined;
  owner?: ArticleOwner | undefined;
  ids?: number[];
  limit?: number;
  /** Keyset: the rows after this one in the list's order. */
  after?: KeysetCursor | null;
}

export type ArticleCounts = Record<ArticleStatus, number> & { trash: number };

export interface ArticleNote {
  id: number;
  body: string;
  userName: string | null;
  createdAt: string;
}

/** What the edit form's buttons ask for. Each saves the form's content first, then (except save) moves the article on. */
export const FORM_INTENTS = ['save', 'submit', 'publish', 'schedule', 'unpublish', 'send-back', 'trash'] as const;
export type FormIntent = (typeof FORM_INTENTS)[number];

/** A tag as the edit form was loaded with it. */
export interface LoadedTag {
  id: number;
  name: string;
}

export interface SaveOptions {
  /** The version the form was read at; required to change an existing article. */
  expectedVersion?: number;
  userId: number | null;
  ip?: string | null;
  /** The revision's kind for a plain save (an autosave, a restore). */
  kind?: RevisionKind;
  intent?: FormIntent;
  /** For 'schedule': when, as an ISO instant; null when the form's time was missing or not a time. */
  at?: string | null;
  /** For 'send-back': what the writer needs to do. */
  note?: string;
  /** The tags the form was loaded with: see tagIdsFor. */
  loadedTags?: readonly LoadedTag[];
}

export interface StaffActor {
  userId: number | null;
  ip?: string | null;
}

/** A save refused because someone else saved first: their version, to show beside what the writer typed. */
export class EditConflict extends DomainError {
  constructor(readonly theirs: EditableArticle) {
    super('Someone else saved this article since you opened it', 'conflict');
  }
}

/** Publishing or scheduling refused by the pre-publish checklist; nothing was written. */
export class ChecklistRefused extends DomainError {
  constructor(
    readonly intent: 'publish' | 'schedule',
    readonly missing: string[],
  ) {
    super(`Not ${intent === 'publish' ? 'published' : 'scheduled'}. Before it can go out, the article needs: ${missing.join('; ')}.`, 'invalid');
  }
}

type ChecklistSettings = Pick<SiteSettings, 'requirePrimarySection' | 'requireStandfirst' | 'requireFeaturedImage' | 'requireImageAlt'>;

/** What the pre-publish checklist finds missing in this content (empty when it may go out). */
export function checklist(draft: ArticleDraft, settings: ChecklistSettings): string[] {
  const missing: string[] = [];
  if (settings.requirePrimarySection && draft.primarySectionId === null) missing.push('a primary section');
  if (settings.requireStandfirst && !draft.standfirst.trim()) missing.push('a standfirst');
  if (settings.requireFeaturedImage && !draft.imageUrl) missing.push('a featured image');
  if (settings.requireImageAlt) {
    if (draft.imageUrl && !draft.imageAlt.trim()) missing.push('alt text on the featured image');
    // The body as it will be stored: what the sanitiser drops does not count.
    const imgs = sanitizeArticleBody(draft.body).match(/<img\b[^>]*>/gi) ?? [];
    const withoutAlt = imgs.filter((img) => !/\balt\s*=\s*("[^"]*\S[^"]*"|'[^']*\S[^']*')/i.test(img)).length;
    if (withoutAlt) missing.push(`alt text on ${withoutAlt} image${withoutAlt === 1 ? '' : 's'} in the body`);
  }
  return missing;
}

const PRESENCE_WINDOW_MS = 60_000;
const MAX_NOTE_LENGTH = 5000;

export interface EditorialServiceDeps {
  db: Kysely<Database>;
  articles: ArticleService;
  taxonomy: TaxonomyService;
  settings: SettingsService;
  audit: AuditService;
  clock: Clock;
}

/**
 * The newsroom's side of articles: saving drafts with revisions and without silent overwrites, the workflow moves
 * that follow a save (in the same transaction), the trash, who has an article open, the list with its status
 * counts, and notes. Every move is written to the audit log in its transaction.
 */
export class EditorialService {
  constructor(private readonly deps: EditorialServiceDeps) {}

  async find(id: number): Promise<EditableArticle | null> {
    return findEditable(this.deps.db, id);
  }

  /**
   * Saves the form's content: creates the article when `id` is null, else changes it if it is still at
   * `expectedVersion` (throws EditConflict with their version otherwise). Then does what `intent` asks (submit,
   * publish, schedule, unpublish, send back, trash), all in one transaction, with a revision of the result and
   * an audit entry for the move. A publication or schedule the checklist refuses (ChecklistRefused), a bad time
   * or an empty note is refused before anything is written.
   */
  async save(id: number | null, draft: ArticleDraft, options: SaveOptions): Promise<{ id: number; version: number }> {
    const intent = options.intent ?? 'save';
    await this.refuseBeforeWriting(intent, draft, options);
    const input = articleInput(draft, await this.tagIdsFor(draft.tags, options.loadedTags ?? [], id));
    if (id === null) {
      if (intent !== 'save') throw invalid('Save the article before moving it on');
      return this.deps.articles.transaction(async (tx) => {
        const created = await tx.create({ ...input, ...(draft.slug ? { slug: draft.slug } : {}) }, { createdBy: options.userId });
        await this.deps.audit.record(
          {
            actorId: options.userId,
            action: 'article.created',
            subjectType: 'article',
            subjectId: created,
            after: { title: input.title },
            ip: options.ip ?? null,
          },
          tx.db,
        );
        return this.keepRevision(tx, created, 'save', options.userId);
      });
    }
    try {
      return await this.deps.articles.transaction(async (tx) => {
        const before = await findArticleById(tx.db, id);
        if (!before) throw notFound('Article');
        const slug = draft.slug || (await freeSlug(tx.db, slugify(draft.title) || 'untitled', id));
        await tx.update(id, { ...input, slug }, { expectedVersion: options.expectedVersion, actorId: options.userId });
        await this.move(tx, before, intent, options);
        return this.keepRevision(tx, id, intent === 'publish' || intent === 'schedule' ? 'publish' : (options.kind ?? 'save'), options.userId);
      });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'conflict') {
        const theirs = await this.find(id);
        if (theirs) throw new EditConflict(theirs);
      }
      throw error;
    }
  }

  /**
   * The tag ids for the form's names. Renaming, merging and deleting tags does not touch article versions, so a form
   * can outlive the names it was loaded with: such a name means the tag it was then, by id (still it whatever it is
   * called now, or what it was merged into), and is dropped if that tag was deleted, rather than coming back as a
   * new tag. A loaded tag only keeps a link the article has (a merge moved it to the new tag) for a name still in
   * the form; any other name, and one whose loaded id means nothing, is found by name or created.
   */
  private async tagIdsFor(names: string[], loaded: readonly LoadedTag[], articleId: number | null): Promise<number[]> {
    const loadedIds = new Map(loaded.map((tag) => [tag.name.toLowerCase(), tag.id]));
    const linked = new Set(articleId === null || !loaded.length ? [] : (await tagsOf(this.deps.db, articleId)).map((tag) => tag.id));
    const ids: number[] = [];
    for (const name of names) {
      const loadedId = loadedIds.get(name.toLowerCase());
      // Still linked: the same tag, whatever it is called now; otherwise, what became of it.
      const now = loadedId === undefined || linked.has(loadedId) ? loadedId : await this.deps.taxonomy.tagNow(loadedId);
      if (now === null) continue;
      ids.push(now !== undefined && linked.has(now) ? now : await this.deps.taxonomy.ensureTag(name));
    }
    return ids;
  }

  /** Takes an article out of the trash, with the status it had (a draft, or waiting for review). */
  async restore(id: number, actor: StaffActor): Promise<void> {
    await this.deps.articles.transaction(async (tx) => {
      const row = await tx.restore(id);
      await this.deps.audit.record(
        {
          actorId: actor.userId,
          action: 'article.restored',
          subjectType: 'article',
          subjectId: id,
          after: { title: row.title, status: row.status },
          ip: actor.ip ?? null,
        },
        tx.db,
      );
    });
  }

  /** Deletes a trashed article for good, with its revisions, notes, corrections and comments. */
  async deletePermanently(id: number, actor: StaffActor): Promise<void> {
    await this.deps.articles.transaction(async (tx) => {
      const row = await tx.remove(id);
      await this.deps.audit.record(
        {
          actorId: actor.userId,
          action: 'article.deleted',
          subjectType: 'article',
          subjectId: id,
          before: { title: row.title, slug: row.slug, status: row.status, trashedAt: row.trashed_at },
          ip: actor.ip ?? null,
        },
        tx.db,
      );
    });
  }

  private async refuseBeforeWriting(intent: FormIntent, draft: ArticleDraft, options: SaveOptions): Promise<void> {
    if (intent === 'publish' || intent === 'schedule') {
      const missing = checklist(draft, await this.deps.settings.get());
      if (missing.length) throw new ChecklistRefused(intent, missing);
    }
    if (intent === 'schedule') {
      if (!options.at) throw invalid('Not scheduled: enter the date and time to publish at.', { at: 'Enter a date and time' });
      if (options.at <= this.deps.clock.now().toISOString())
        throw invalid('Not scheduled: choose a time in the future, or publish now.', { at: 'Choose a time in the future' });
    }
    if (intent === 'send-back') {
      const note = (options.note ?? '').trim();
      if (!note) throw invalid('Not sent back: write a note to say what needs doing.', { note: 'Write a note to the writer' });
      if (note.length > MAX_NOTE_LENGTH)
        throw invalid('Not sent back: keep the note under 5,000 characters.', { note: 'Keep the note under 5,000 characters' });
    }
  }

  /** The workflow move after a save, in its transaction; `before` is the article as it was before the save. */
  private async move(tx: ArticleTransaction, before: ArticleRow, intent: FormIntent, options: SaveOptions): Promise<void> {
    const id = before.id;
    const record = async (action: string, after: Record<string, unknown> = {}) => {
      const now = await findArticleById(tx.db, id);
      await this.deps.audit.record(
        {
          actorId: options.userId,
          action,
          subjectType: 'article',
          subjectId: id,
          before: { status: before.status },
          after: { title: now?.title ?? before.title, status: now?.status, ...after },
          ip: options.ip ?? null,
        },
        tx.db,
      );
    };
    switch (intent) {
      case 'save':
        return;
      case 'submit':
        if (before.status !== 'draft') throw invalid('Only a draft can be submitted for review');
        await tx.setStatus(id, 'pending');
        return record('article.submit');
      case 'publish':
        // A scheduled article published by hand goes out now; one published before keeps its time.
        await tx.publish(id, { actorId: options.userId, ...(before.status === 'scheduled' ? { at: this.deps.clock.now().toISOString() } : {}) });
        return record('article.publish');
      case 'schedule':
        await tx.schedule(id, options.at!);
        return record('article.schedule', { publishedAt: new Date(options.at!).toISOString() });
      case 'unpublish':
        if (before.status === 'published') await tx.unpublish(id, { actorId: options.userId });
        else if (before.status === 'scheduled') await tx.setStatus(id, 'draft');
        else throw invalid('This article is neither published nor scheduled');
        return record('article.unpublish');
      case 'send-back':
        if (before.status !== 'pending') throw invalid('Only an article waiting for review can be sent back');
        await tx.setStatus(id, 'draft');
        await insertNote(tx.db, id, options.userId, (options.note ?? '').trim(), isoNow(this.deps.clock));
        return record('article.send_back', { note: (options.note ?? '').trim() });
      case 'trash':
        // Trashing takes a published story down first: both are on the record.
        if (before.status === 'published') {
          await tx.unpublish(id, { actorId: options.userId });
          await record('article.unpublish');
        }
        await tx.trash(id, { actorId: options.userId });
        return record('article.trashed');
    }
  }

  private async keepRevision(tx: ArticleTransaction, id: number, kind: RevisionKind, userId: number | null): Promise<{ id: number; version: number }> {
    const saved = await findEditable(tx.db, id);
    if (!saved) throw notFound('Article');
    await insertRevision(tx.db, saved, kind, userId, isoNow(this.deps.clock));
    return { id, version: saved.version };
  }

  async revisions(articleId: number): Promise<RevisionSummary[]> {
    const rows = await this.deps.db
      .selectFrom('article_revisions as r')
      .leftJoin('users as u', 'u.id', 'r.user_id')
      .select(['r.id', 'r.version', 'r.kind', 'r.created_at', 'u.display_name'])
      .where('r.article_id', '=', articleId)
      .orderBy('r.id', 'desc')
      .execute();
    return rows.map((r) => ({ id: r.id, version: r.version, kind: r.kind, userName: r.display_name, createdAt: r.created_at }));
  }

  async revision(articleId: number, revisionId: number): Promise<Revision | null> {
    const row = await this.deps.db
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
      snapshot: { ...DRAFT_DEFAULTS, ...(JSON.parse(row.snapshot) as Partial<ArticleDraft>) } as ArticleDraft,
    };
  }

  /** Marks `userId` as having the article open now. */
  async touch(articleId: number, userId: number): Promise<void> {
    const now = isoNow(this.deps.clock);
    await this.deps.db
      .insertInto('article_editors')
      .values({ article_id: articleId, user_id: userId, last_seen_at: now })
      .onConflict((oc) => oc.columns(['article_id', 'user_id']).doUpdateSet({ last_seen_at: now }))
      .execute();
  }

  /** `userId` closed the article (the page's beacon on leaving): others stop seeing them at once. */
  async leave(articleId: number, userId: number): Promise<void> {
    await this.deps.db.deleteFrom('article_editors').where('article_id', '=', articleId).where('user_id', '=', userId).execute();
  }

  /** Names of the other users seen with this article open in the last minute (open pages say so every 20 s). */
  async othersEditing(articleId: number, userId: number): Promise<string[]> {
    const since = new Date(this.deps.clock.now().getTime() - PRESENCE_WINDOW_MS).toISOString();
    const rows = await this.deps.db
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

  /**
   * Live articles (or the trash), most recently saved (or trashed) first, ties newest id first. Served in that
   * order by articles_live_updated_idx, articles_status_updated_idx (one status) or articles_trashed_idx (migration 0027).
   */
  async list(query: ArticleListQuery): Promise<ArticleListItem[]> {
    const sortColumn = query.trashed ? 'articles.trashed_at' : 'articles.updated_at';
    let select = this.deps.db
      .selectFrom('articles')
      .leftJoin('users as trasher', 'trasher.id', 'articles.trashed_by')
      .select([
        'articles.id',
        'articles.title',
        'articles.status',
        'articles.updated_at',
        'articles.published_at',
        'articles.created_by',
        'articles.trashed_at',
        'trasher.display_name as trashed_by_name',
      ])
      .where('articles.trashed_at', query.trashed ? 'is not' : 'is', null);
    if (query.status) select = select.where('articles.status', '=', query.status);
    if (query.q) select = select.where('articles.title', 'like', `%${query.q.replace(/[%_\\]/g, '')}%`);
    if (query.owner) select = select.where((eb) => ownedBy(eb, query.owner!));
    if (query.ids) select = select.where('articles.id', 'in', query.ids.length ? query.ids : [-1]);
    const after = query.after;
    if (after) select = select.where((eb) => eb(eb.refTuple(sortColumn, 'articles.id'), '<', eb.tuple(after.at, after.id)));
    const rows = await select
      .orderBy(sortColumn, 'desc')
      .orderBy('articles.id', 'desc')
      .limit(query.limit ?? 100)
      .execute();
    const ids = rows.map((r) => r.id);
    const [authors, comments] = await Promise.all([authorsOf(this.deps.db, ids), query.trashed ? commentCounts(this.deps.db, ids) : new Map<number, number>()]);
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      updatedAt: r.updated_at,
      publishedAt: r.published_at,
      authors: (authors.get(r.id) ?? []).map((a) => a.displayName),
      authorPersonIds: (authors.get(r.id) ?? []).map((a) => a.id),
      createdByUserId: r.created_by,
      trashedAt: r.trashed_at,
      trashedBy: r.trashed_by_name ?? null,
      commentCount: comments.get(r.id) ?? 0,
    }));
  }

  /** One keyset page of the list: `perPage` rows after `query.after`, and the cursor of the next page if any. */
  async page(query: Omit<ArticleListQuery, 'limit'>, perPage: number): Promise<KeysetPage<ArticleListItem>> {
    const rows = await this.list({ ...query, limit: perPage + 1 });
    const items = rows.slice(0, perPage);
    const last = items.at(-1);
    const next = rows.length > perPage && last ? { at: (query.trashed ? last.trashedAt : last.updatedAt) ?? '', id: last.id } : null;
    return { items, next };
  }

  /** Live articles per status, and how many are in the trash. */
  async counts(query: { owner?: ArticleOwner | undefined } = {}): Promise<ArticleCounts> {
    // Everyone's: the kept figures. One person's: a count over their own articles (the byline and created_by indexes).
    if (!query.owner) return { draft: 0, pending: 0, scheduled: 0, published: 0, trash: 0, ...Object.fromEntries(await articleStatusCounts(this.deps.db)) };
    let select = this.deps.db
      .selectFrom('articles')
      .select([
        (eb) => eb.case().when('trashed_at', 'is not', null).then('trash').else(eb.ref('status')).end().as('bucket'),
        (eb) => eb.fn.countAll<string | number>().as('n'),
      ]);
    select = select.where((eb) => ownedBy(eb, query.owner!));
    const rows = await select.groupBy('bucket').execute();
    const counts: ArticleCounts = { draft: 0, pending: 0, scheduled: 0, published: 0, trash: 0 };
    for (const row of rows) counts[row.bucket as keyof ArticleCounts] = Number(row.n);
    return counts;
  }

  async notes(articleId: number): Promise<ArticleNote[]> {
    const rows = await this.deps.db
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
    return (await this.deps.db.selectFrom('tags').select('name').orderBy('name').limit(1000).execute()).map((r) => r.name);
  }

  /** People who can be in a byline, for the form. */
  async people(): Promise<{ id: number; displayName: string }[]> {
    return (await this.deps.db.selectFrom('people').select(['id', 'display_name']).orderBy('display_name').execute()).map((r) => ({
      id: r.id,
      displayName: r.display_name,
    }));
  }
}

async function findEditable(db: Db, id: number): Promise<EditableArticle | null> {
  const row = await findArticleById(db, id);
  if (!row) return null;
  const [sections, tags, authors] = [await sectionsOf(db, id), await tagsOf(db, id), await authorsOf(db, [id])];
  const authorIds = (authors.get(id) ?? []).map((a) => a.id);
  return {
    id,
    status: row.status,
    version: row.version,
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
    trashedAt: row.trashed_at,
    tags: tags.map((t) => ({ id: t.id, name: t.name })),
    authorPersonIds: authorIds,
    createdByUserId: row.created_by,
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
      seoCanonical: row.seo_canonical,
      seoNoindex: Boolean(row.seo_noindex),
      commentsOpen: Boolean(row.comments_open),
    },
  };
}

function articleInput(draft: ArticleDraft, tagIds: number[]): ArticleInput {
  return {
    title: draft.title,
    standfirst: draft.standfirst,
    body: draft.body,
    primarySectionId: draft.primarySectionId,
    sectionIds: draft.sectionIds,
    tagIds,
    authorIds: draft.authorIds,
    image: draft.imageUrl
      ? { url: draft.imageUrl, alt: draft.imageAlt, caption: draft.imageCaption, credit: draft.imageCredit, width: draft.imageWidth, height: draft.imageHeight }
      : null,
    commentsOpen: draft.commentsOpen,
    seoTitle: draft.seoTitle,
    seoDescription: draft.seoDescription,
    seoCanonical: draft.seoCanonical,
    seoNoindex: draft.seoNoindex,
  };
}

async function insertRevision(db: Db, article: EditableArticle, kind: RevisionKind, userId: number | null, now: string): Promise<void> {
  await db
    .insertInto('article_revisions')
    .values({ article_id: article.id, version: article.version, user_id: userId, kind, snapshot: JSON.stringify(article.draft), created_at: now })
    .execute();
}

async function insertNote(db: Db, articleId: number, userId: number | null, body: string, now: string): Promise<void> {
  await db.insertInto('article_notes').values({ article_id: articleId, user_id: userId, body, created_at: now }).execute();
}

/** Every comment of these articles, whatever its status: what a permanent delete takes with it. */
async function commentCounts(db: Db, ids: number[]): Promise<Map<number, number>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('comments')
    .select(['article_id', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('article_id', 'in', ids)
    .groupBy('article_id')
    .execute();
  return new Map(rows.map((r) => [r.article_id, Number(r.n)]));
}

function ownedBy(eb: ExpressionBuilder<Database, 'articles'>, owner: ArticleOwner) {
  const byline = eb
    .selectFrom('article_authors')
    .select('article_id')
    .where('person_id', '=', owner.personId ?? -1);
  return eb.or([eb('articles.id', 'in', byline), eb('articles.created_by', '=', owner.userId)]);
}

async function freeSlug(db: Db, base: string, exceptId: number): Promise<string> {
  if (!isValidSlug(base)) return base;
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await slugExists(db, candidate, exceptId))) return candidate;
  }
}
