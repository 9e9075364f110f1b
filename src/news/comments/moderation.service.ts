import type { Kysely } from 'kysely';
import type { CommentRow, Database } from '../../platform/db/schema.js';
import { COMMENT_STATUSES, type CommentStatus } from '../vocabulary.js';
import type { DomainEventBus } from '../events.js';
import type { AuditService } from '../audit/audit.service.js';
import { type Clock, isoNow } from '../shared/clock.js';
import { DomainError, invalid, notFound } from '../shared/errors.js';
import { type KeysetCursor, type KeysetPage } from '../shared/pagination.js';
import { commentTextToHtml, normalizeCommentText } from './comment-text.js';
import { commentTextContains, findComment, insertComment, setStatus, updateBody } from './comment.repository.js';
import { validateFields } from './phases/reject.js';
import type { Reason } from './pipeline.types.js';
import type { SpamFilter } from './spam-filter.js';

export const MODERATION_ACTIONS = ['approve', 'unapprove', 'spam', 'not-spam', 'trash', 'restore'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

/** Which status each action leaves a comment in. */
const RESULT: Record<ModerationAction, CommentStatus> = {
  approve: 'approved',
  unapprove: 'pending',
  spam: 'spam',
  'not-spam': 'approved',
  trash: 'trash',
  restore: 'pending',
};

/** Whose comments a moderator may touch: everything, or only comments on articles with this person in the byline. */
export type ModerationScope = { all: true } | { bylinePersonId: number };

export interface Moderator {
  userId: number;
  scope: ModerationScope;
  ip?: string | null;
}

export interface QueueItem {
  id: number;
  status: CommentStatus;
  articleId: number;
  articleTitle: string;
  authorName: string;
  authorEmail: string;
  authorUrl: string;
  authorIp: string;
  body: string;
  bodyHtml: string;
  spamScore: number | null;
  reasons: Reason[];
  reportCount: number;
  isStaff: boolean;
  parentId: number | null;
  createdAt: string;
}

export interface QueueFilter {
  status: CommentStatus;
  q?: string;
  articleId?: number;
  /** Keyset: the comments after this one in the queue's order. */
  after?: KeysetCursor | null;
  perPage?: number;
}

/** Pending and spam are worked oldest first (nobody waits forever); the rest newest first. Ties go the same way by id. */
export function queueOrder(status: CommentStatus): 'asc' | 'desc' {
  return status === 'pending' || status === 'spam' ? 'asc' : 'desc';
}

export interface ModerationServiceDeps {
  db: Kysely<Database>;
  events: DomainEventBus;
  clock: Clock;
  audit: AuditService;
  spamFilter: SpamFilter;
}

/** The newsroom's side of comments: the queue, moderation decisions (audited, and taught to the spam filter). */
export class ModerationService {
  constructor(private readonly deps: ModerationServiceDeps) {}

  private scoped(scope: ModerationScope) {
    // Comments under a trashed article wait with it (kept, out of the queue) until it is restored or deleted.
    let query = this.deps.db.selectFrom('comments').innerJoin('articles', 'articles.id', 'comments.article_id').where('articles.trashed_at', 'is', null);
    if ('bylinePersonId' in scope) {
      query = query.where(
        'comments.article_id',
        'in',
        this.deps.db.selectFrom('article_authors').select('article_id').where('person_id', '=', scope.bylinePersonId),
      );
    }
    return query;
  }

  /**
   * Comments per status tab. Everything: the figures migration 0026's triggers keep (comments on articles not in
   * the trash). One author's: counted over their articles' comments (article_authors, comments_article_status_idx).
   */
  async counts(scope: ModerationScope): Promise<Record<CommentStatus, number>> {
    const rows =
      'all' in scope
        ? await this.deps.db.selectFrom('comment_status_counts').select(['status', 'n']).execute()
        : await this.scoped(scope)
            .select(['comments.status', (eb) => eb.fn.countAll<number>().as('n')])
            .groupBy('comments.status')
            .execute();
    const counts = Object.fromEntries(COMMENT_STATUSES.map((s) => [s, 0])) as Record<CommentStatus, number>;
    for (const row of rows) counts[row.status as CommentStatus] = Number(row.n);
    return counts;
  }

  private filtered(filter: QueueFilter, scope: ModerationScope) {
    let query = this.scoped(scope).where('comments.status', '=', filter.status);
    if (filter.articleId !== undefined) query = query.where('comments.article_id', '=', filter.articleId);
    const q = filter.q?.trim();
    if (q) query = query.where(commentTextContains(this.deps.db, q));
    return query;
  }

  /**
   * One keyset page of a queue, read in its order from comments_status_created_idx (status, created_at, id), or
   * comments_article_status_idx for one article; no total (the tabs show the kept counts).
   */
  async queue(filter: QueueFilter, scope: ModerationScope): Promise<KeysetPage<QueueItem>> {
    const perPage = filter.perPage ?? 50;
    const order = queueOrder(filter.status);
    let query = this.filtered(filter, scope);
    const after = filter.after;
    if (after) {
      query = query.where((eb) => eb(eb.refTuple('comments.created_at', 'comments.id'), order === 'asc' ? '>' : '<', eb.tuple(after.at, after.id)));
    }
    const rows = await query
      .selectAll('comments')
      .select('articles.title as article_title')
      .orderBy('comments.created_at', order)
      .orderBy('comments.id', order)
      .limit(perPage + 1)
      .execute();
    const items = rows.slice(0, perPage).map(toQueueItem);
    const last = items.at(-1);
    return { items, next: rows.length > perPage && last ? { at: last.createdAt, id: last.id } : null };
  }

  /**
   * Where page `page` of the old numbered queue starts, as a cursor (null for the first page, or past the end):
   * so that an old ?page=N link still lands on the same comments. Reads the ids before it in index order.
   */
  async cursorBeforePage(filter: QueueFilter, scope: ModerationScope, page: number): Promise<KeysetCursor | null> {
    const perPage = filter.perPage ?? 50;
    if (page <= 1) return null;
    const order = queueOrder(filter.status);
    const row = await this.filtered(filter, scope)
      .select(['comments.created_at', 'comments.id'])
      .orderBy('comments.created_at', order)
      .orderBy('comments.id', order)
      .offset((page - 1) * perPage - 1)
      .limit(1)
      .executeTakeFirst();
    return row ? { at: row.created_at, id: row.id } : null;
  }

  /** One comment as the queue shows it, if the moderator may see it. */
  async find(id: number, scope: ModerationScope): Promise<QueueItem> {
    const row = await this.scoped(scope).selectAll('comments').select('articles.title as article_title').where('comments.id', '=', id).executeTakeFirst();
    if (!row) {
      if (await findComment(this.deps.db, id)) throw new DomainError('You can only moderate comments on your own articles.', 'forbidden');
      throw notFound('Comment');
    }
    return toQueueItem(row);
  }

  /** Applies one action to many comments; those outside the moderator's scope are refused before anything changes. */
  async act(ids: number[], action: ModerationAction, moderator: Moderator): Promise<number> {
    const comments = await this.loadInScope(ids, moderator.scope);
    const status = RESULT[action];
    const at = isoNow(this.deps.clock);
    const changed = comments.filter((c) => c.status !== status);
    for (const comment of changed) {
      const reasons = [...parseReasons(comment.reasons), { phase: 'moderator', reason: `${action} by moderator` }];
      await this.deps.db.transaction().execute(async (trx) => {
        await setStatus(trx, [comment.id], status, JSON.stringify(reasons), at);
        await this.deps.audit.record(
          {
            actorId: moderator.userId,
            action: `comment.${action}`,
            subjectType: 'comment',
            subjectId: comment.id,
            before: { status: comment.status },
            after: { status },
            ip: moderator.ip ?? null,
          },
          trx,
        );
      });
      if (action === 'spam' || action === 'not-spam' || (action === 'approve' && comment.status === 'spam')) {
        await this.deps.spamFilter.learn(comment.body, action === 'spam');
      }
      if (status === 'approved') {
        this.deps.events.emit('comment.approved', { commentId: comment.id, articleId: comment.article_id, status, actorId: moderator.userId });
      }
    }
    return changed.length;
  }

  async edit(id: number, rawBody: string, moderator: Moderator): Promise<void> {
    const [comment] = await this.loadInScope([id], moderator.scope);
    const errors = validateFields({ body: rawBody, name: comment!.author_name, email: comment!.author_email, url: '' });
    if (errors.body) throw invalid(errors.body, { body: errors.body });
    const body = normalizeCommentText(rawBody);
    await this.deps.db.transaction().execute(async (trx) => {
      await updateBody(trx, id, body, commentTextToHtml(body), isoNow(this.deps.clock));
      await this.deps.audit.record(
        {
          actorId: moderator.userId,
          action: 'comment.edit',
          subjectType: 'comment',
          subjectId: id,
          before: { body: comment!.body },
          after: { body },
          ip: moderator.ip ?? null,
        },
        trx,
      );
    });
  }

  /** A staff reply: approved at once and badged, under the comment it answers. */
  async replyAsStaff(parentId: number, rawBody: string, moderator: Moderator & { displayName: string; email: string }): Promise<number> {
    const [parent] = await this.loadInScope([parentId], moderator.scope);
    const errors = validateFields({ body: rawBody, name: moderator.displayName, email: moderator.email, url: '' });
    if (errors.body) throw invalid(errors.body, { body: errors.body });
    const body = normalizeCommentText(rawBody);
    const at = isoNow(this.deps.clock);
    const id = await this.deps.db.transaction().execute(async (trx) => {
      const newId = await insertComment(trx, {
        article_id: parent!.article_id,
        parent_id: parent!.id,
        status: 'approved',
        body,
        body_html: commentTextToHtml(body),
        author_name: moderator.displayName,
        author_email: moderator.email,
        user_id: moderator.userId,
        is_staff: true,
        reasons: JSON.stringify([{ phase: 'staff', reason: 'reply by staff' }]),
        created_at: at,
        updated_at: at,
        status_changed_at: at,
      });
      await this.deps.audit.record(
        { actorId: moderator.userId, action: 'comment.reply', subjectType: 'comment', subjectId: newId, after: { parentId, body }, ip: moderator.ip ?? null },
        trx,
      );
      return newId;
    });
    this.deps.events.emit('comment.approved', { commentId: id, articleId: parent!.article_id, status: 'approved', actorId: moderator.userId });
    return id;
  }

  private async loadInScope(ids: number[], scope: ModerationScope): Promise<CommentRow[]> {
    if (!ids.length) throw invalid('Choose at least one comment.');
    const rows = await this.scoped(scope).selectAll('comments').where('comments.id', 'in', ids).execute();
    if (rows.length !== new Set(ids).size) {
      const missing = await Promise.all(ids.map((id) => findComment(this.deps.db, id)));
      if (missing.some((row) => !row)) throw notFound('Comment');
      throw new DomainError('You can only moderate comments on your own articles.', 'forbidden');
    }
    return rows;
  }
}

function parseReasons(json: string): Reason[] {
  try {
    const parsed = JSON.parse(json);
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

function toQueueItem(row: CommentRow & { article_title: string }): QueueItem {
  return {
    id: row.id,
    status: row.status,
    articleId: row.article_id,
    articleTitle: row.article_title,
    authorName: row.author_name,
    authorEmail: row.author_email,
    authorUrl: row.author_url,
    authorIp: row.author_ip,
    body: row.body,
    bodyHtml: row.body_html,
    spamScore: row.spam_score,
    reasons: parseReasons(row.reasons),
    reportCount: row.report_count,
    isStaff: Boolean(row.is_staff),
    parentId: row.parent_id,
    createdAt: row.created_at,
  };
}
