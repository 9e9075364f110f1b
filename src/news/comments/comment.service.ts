import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { ReportReason } from '../vocabulary.js';
import type { DomainEventBus } from '../events.js';
import type { Signer } from '../../platform/security/signer.js';
import type { SettingsService } from '../settings/settings.service.js';
import { type Clock, isoNow } from '../shared/clock.js';
import { DomainError, notFound } from '../shared/errors.js';
import {
  addReport,
  articleForComments,
  bodiesByAuthorOnArticle,
  findComment,
  hasApprovedComment,
  insertComment,
  lastCommentAt,
  latestApproved,
  purgeBefore,
  setStatus,
  updateBody,
} from './comment.repository.js';
import type { CommentThread } from './comment-thread.js';
import { type CommentPageView, loadCommentPage } from './comment-page.js';
import { commentTextToHtml, normalizeCommentText, normalizeLine } from './comment-text.js';
import { closedMessage, validateFields } from './phases/reject.js';
import { runCommentPipeline } from './pipeline.js';
import type { CommentField, CommentSubmission } from './pipeline.types.js';
import type { SpamFilter } from './spam-filter.js';

/** How long a reader may edit or delete their own comment. */
export const EDIT_WINDOW_MS = 10 * 60_000;
const FORM_PURPOSE = 'comment-form';
const UNSUBSCRIBE_PURPOSE = 'comment-unsubscribe';

/** A comment the reader must fix or cannot post; `errors` are per field, `message` is for the whole form. */
export class CommentRejected extends DomainError {
  constructor(
    message: string,
    readonly fieldErrors: Partial<Record<CommentField, string>> = {},
  ) {
    super(message, 'invalid', fieldErrors);
    this.name = 'CommentRejected';
  }
}

export interface CommentServiceDeps {
  db: Kysely<Database>;
  events: DomainEventBus;
  settings: SettingsService;
  clock: Clock;
  signer: Signer;
  spamFilter: SpamFilter;
}

/** Readers' side of comments: posting through the pipeline, reading threads, editing their own, reporting. */
export class CommentService {
  constructor(private readonly deps: CommentServiceDeps) {}

  /** The signed token a comment form carries: which article, and when the form was shown. */
  formToken(articleId: number): string {
    return this.deps.signer.sign(FORM_PURPOSE, `${articleId}.${this.deps.clock.now().getTime()}`);
  }

  private formIssuedAt(token: string, articleId: number): Date | null {
    const value = token ? this.deps.signer.verify(FORM_PURPOSE, token) : null;
    const [id, at] = value?.split('.') ?? [];
    return id === String(articleId) && at && /^\d+$/.test(at) ? new Date(Number(at)) : null;
  }

  async submit(submission: CommentSubmission): Promise<{ id: number; status: 'approved' | 'pending' | 'spam' }> {
    const now = this.deps.clock.now();
    const email = normalizeLine(submission.email).toLowerCase();
    const [article, settings, parent, lastFromIp, lastFromEmail, previousBodies, approvedBefore, scorer] = await Promise.all([
      articleForComments(this.deps.db, submission.articleId),
      this.deps.settings.get(),
      submission.parentId === null ? Promise.resolve(undefined) : findComment(this.deps.db, submission.parentId),
      lastCommentAt(this.deps.db, 'author_ip', submission.ip),
      lastCommentAt(this.deps.db, 'author_email', email),
      bodiesByAuthorOnArticle(this.deps.db, submission.articleId, email),
      hasApprovedComment(this.deps.db, email),
      this.deps.spamFilter.scorer(),
    ]);
    const result = runCommentPipeline(submission, {
      now,
      article,
      parentOk: submission.parentId === null || (parent?.article_id === submission.articleId && parent.status === 'approved'),
      settings: {
        closeAfterDays: settings.commentsCloseAfterDays,
        maxLinks: settings.commentsMaxLinks,
        requirePriorApproval: settings.commentsRequirePriorApproval,
        disallowedList: settings.commentsDisallowedList,
        moderationList: settings.commentsModerationList,
      },
      lastCommentFromIpAt: lastFromIp,
      lastCommentFromEmailAt: lastFromEmail,
      previousBodies,
      hasApprovedComment: approvedBefore,
      formIssuedAt: this.formIssuedAt(submission.formToken, submission.articleId),
      spamScore: scorer.score,
      spamThreshold: scorer.threshold,
    });
    if (result.outcome === 'invalid') throw new CommentRejected('Please correct the highlighted fields.', result.errors);
    if (result.outcome === 'rejected') throw new CommentRejected(result.message);

    const at = now.toISOString();
    const id = await insertComment(this.deps.db, {
      article_id: submission.articleId,
      parent_id: submission.parentId,
      status: result.status,
      body: result.draft.body,
      body_html: result.draft.bodyHtml,
      author_name: result.draft.name,
      author_email: result.draft.email,
      author_url: result.draft.url,
      author_ip: submission.ip,
      user_agent: submission.userAgent.slice(0, 500),
      spam_score: result.spamScore,
      reasons: JSON.stringify(result.reasons),
      notify_replies: submission.notifyReplies ?? false,
      created_at: at,
      updated_at: at,
      status_changed_at: at,
    });
    const payload = { commentId: id, articleId: submission.articleId, status: result.status, actorId: null };
    this.deps.events.emit('comment.created', payload);
    if (result.status === 'approved') this.deps.events.emit('comment.approved', payload);
    return { id, status: result.status };
  }

  /** A page of the article's comments (see comment-page.ts for what bounds it). */
  async thread(articleId: number, view: CommentPageView): Promise<CommentThread> {
    const settings = await this.deps.settings.get();
    return loadCommentPage(
      this.deps.db,
      articleId,
      view,
      { maxDepth: settings.commentsThreadDepth, newestFirst: settings.commentsNewestFirst, perPage: settings.commentsPerPage },
      { maxDepth: settings.commentsThreadDepth, ownIds: new Set(view.ownIds), editWindowMs: EDIT_WINDOW_MS, now: this.deps.clock.now() },
    );
  }

  /** Why the article takes no comments, or null when it does. */
  async closedReason(articleId: number): Promise<string | null> {
    const [article, settings] = await Promise.all([articleForComments(this.deps.db, articleId), this.deps.settings.get()]);
    return closedMessage(article, settings.commentsCloseAfterDays, this.deps.clock.now());
  }

  /** The approved comment a reader is replying to, if it is on this article. */
  async visibleParent(articleId: number, parentId: number): Promise<{ id: number; authorName: string } | null> {
    const parent = await findComment(this.deps.db, parentId);
    return parent && parent.article_id === articleId && parent.status === 'approved' ? { id: parent.id, authorName: parent.author_name } : null;
  }

  /** An approved comment (what readers can see and report), or not found. */
  async visibleComment(id: number) {
    const comment = await findComment(this.deps.db, id);
    if (!comment || comment.status !== 'approved') throw notFound('Comment');
    return comment;
  }

  /** A comment readers can see or that waits for moderation (after a report sent it back). */
  async visibleOrHeld(id: number) {
    const comment = await findComment(this.deps.db, id);
    return comment && (comment.status === 'approved' || comment.status === 'pending') ? comment : null;
  }

  /** A reader's own comment that is still inside its edit window, or a clear refusal. */
  async ownEditable(id: number, ownIds: number[]) {
    const comment = await findComment(this.deps.db, id);
    if (!comment || comment.status === 'trash' || !ownIds.includes(id)) throw notFound('Comment');
    if (this.deps.clock.now().getTime() - new Date(comment.created_at).getTime() > EDIT_WINDOW_MS) {
      throw new DomainError('Comments can only be changed for 10 minutes after posting.', 'forbidden');
    }
    return comment;
  }

  async editOwn(id: number, ownIds: number[], rawBody: string): Promise<void> {
    const comment = await this.ownEditable(id, ownIds);
    const errors = validateFields({ body: rawBody, name: comment.author_name, email: comment.author_email, url: comment.author_url });
    if (errors.body) throw new CommentRejected(errors.body, { body: errors.body });
    const body = normalizeCommentText(rawBody);
    await updateBody(this.deps.db, id, body, commentTextToHtml(body), isoNow(this.deps.clock));
  }

  async deleteOwn(id: number, ownIds: number[]): Promise<void> {
    await this.ownEditable(id, ownIds);
    await setStatus(this.deps.db, [id], 'trash', JSON.stringify([{ phase: 'reader', reason: 'deleted by its author' }]), isoNow(this.deps.clock));
  }

  /**
   * A reader's report. Each reader counts once; when enough distinct readers report an approved comment, it goes back
   * to moderation.
   */
  async report(id: number, reason: ReportReason, note: string, reporterKey: string): Promise<void> {
    const comment = await findComment(this.deps.db, id);
    if (!comment || comment.status !== 'approved') throw notFound('Comment');
    const at = isoNow(this.deps.clock);
    const count = await addReport(this.deps.db, { commentId: id, reason, note: normalizeLine(note).slice(0, 500), reporterKey, at });
    const { commentsReportThreshold } = await this.deps.settings.get();
    if (count >= commentsReportThreshold) {
      const reasons = [...JSON.parse(comment.reasons), { phase: 'reports', reason: `reported by ${count} readers` }];
      await setStatus(this.deps.db, [id], 'pending', JSON.stringify(reasons), at);
      this.deps.events.emit('comment.reported', { commentId: id, articleId: comment.article_id, status: 'pending', actorId: null });
    }
  }

  /** Deletes spam and trash older than the purge setting. Returns how many were deleted. */
  async purge(): Promise<number> {
    const { commentsPurgeAfterDays } = await this.deps.settings.get();
    return purgeBefore(this.deps.db, new Date(this.deps.clock.now().getTime() - commentsPurgeAfterDays * 86_400_000).toISOString());
  }

  async latestApproved(limit: number, articleId?: number) {
    return latestApproved(this.deps.db, limit, articleId);
  }

  unsubscribeToken(commentId: number): string {
    return this.deps.signer.sign(UNSUBSCRIBE_PURPOSE, String(commentId));
  }

  /** Turns off reply notifications for the comment the signed link was sent about. */
  async unsubscribe(token: string): Promise<boolean> {
    const id = Number(this.deps.signer.verify(UNSUBSCRIBE_PURPOSE, token));
    if (!Number.isInteger(id) || id <= 0) return false;
    const result = await this.deps.db.updateTable('comments').set({ notify_replies: false }).where('id', '=', id).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
