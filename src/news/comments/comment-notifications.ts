import type { Kysely } from 'kysely';
import type { CommentRow, Database } from '../../platform/db/schema.js';
import type { CommentEventPayload, DomainEventBus, DomainEventName } from '../events.js';
import type { MailLog, Mailer, MailMessage } from '../../platform/mail/mailer.js';
import type { ArticleService } from '../articles/article.service.js';
import type { Article } from '../articles/article.types.js';
import type { SettingsService } from '../settings/settings.service.js';
import { type Clock, isoNow } from '../shared/clock.js';
import { can } from '../staff/policy.js';
import type { UserService } from '../staff/user.service.js';
import { escapeHtml } from './comment-text.js';
import { claimNotification, findComment, releaseNotification } from './comment.repository.js';
import type { CommentService } from './comment.service.js';

export interface CommentNotificationsDeps {
  db: Kysely<Database>;
  events: DomainEventBus;
  mailer: Mailer;
  comments: CommentService;
  articles: ArticleService;
  settings: SettingsService;
  staff: UserService;
  clock: Clock;
  /** The public base URL, without a trailing slash. */
  siteUrl: string;
  log: MailLog;
}

/** The queue of held comments in the newsroom. */
export const MODERATION_QUEUE_PATH = '/newsroom/comments?status=pending';
const REPLY = 'reply';

/**
 * Comment emails, sent in the background from domain events:
 *
 * - a comment held for moderation ('comment.created' with status 'pending', never 'spam', or 'comment.reported' when
 *   readers' reports sent it back) goes to every active staff member who may moderate it;
 * - an approved reply goes to the parent comment's author when they ticked "Notify me of replies", the parent is
 *   approved, and the reply is not their own; once per reply (recorded in `comment_notifications`), with a one-click
 *   unsubscribe link.
 *
 * Nothing here can slow down or fail the action that emitted: work starts after the current turn of the event loop,
 * and every failure (database, SMTP) is logged with the event and dropped.
 */
export class CommentNotifications {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly listeners: (() => void)[] = [];

  constructor(private readonly deps: CommentNotificationsDeps) {}

  start(): this {
    if (this.listeners.length) return this;
    this.listeners.push(
      this.deps.events.on('comment.created', (event) => this.schedule('comment.created', event, () => this.heldComment(event))),
      this.deps.events.on('comment.approved', (event) => this.schedule('comment.approved', event, () => this.approvedReply(event))),
      // Sent back by readers' reports: the same question to the same people (the reasons say it was reported).
      this.deps.events.on('comment.reported', (event) => this.schedule('comment.reported', event, () => this.heldComment(event))),
    );
    return this;
  }

  /** Resolves when every notification started so far has been sent or has failed (tests and shutdown wait on it). */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  /** Stops listening and waits (at most `timeoutMs`) for the emails already under way. */
  async stop(timeoutMs = 10_000): Promise<void> {
    for (const off of this.listeners.splice(0)) off();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
      timer.unref();
    });
    const outcome = await Promise.race([this.idle().then(() => 'done' as const), timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') this.deps.log.warn({ pending: this.inFlight.size }, 'gave up waiting for comment notifications to be sent');
  }

  private schedule(event: DomainEventName, payload: CommentEventPayload, work: () => Promise<void>): void {
    const task: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
      .then(work)
      .catch((error: unknown) =>
        this.deps.log.error({ err: error, event, commentId: payload.commentId, articleId: payload.articleId }, 'comment notification failed'),
      )
      .finally(() => this.inFlight.delete(task));
    this.inFlight.add(task);
  }

  /** A comment held for moderation: tell everyone who may moderate it. */
  private async heldComment(event: CommentEventPayload): Promise<void> {
    if (event.status !== 'pending') return;
    const comment = await findComment(this.deps.db, event.commentId);
    // Already decided (or deleted) by the time we got here: nothing to ask anyone.
    if (!comment || comment.status !== 'pending') return;
    const [article, settings, staff] = await Promise.all([
      this.deps.articles.findPublishedById(comment.article_id),
      this.deps.settings.get(),
      this.deps.staff.list(),
    ]);
    if (!article) return;
    const byline = { articleAuthorPersonIds: article.authors.map((author) => author.id) };
    const commenter = comment.author_email.trim().toLowerCase();
    const recipients = staff.filter((user) => user.active && can(user, 'comments.moderate', byline) && user.email.toLowerCase() !== commenter);
    if (!recipients.length) return;
    const message = heldCommentEmail({ siteTitle: settings.siteTitle, siteUrl: this.deps.siteUrl, article, comment });
    const results = await Promise.allSettled(recipients.map((user) => this.deps.mailer.send({ ...message, to: user.email })));
    results.forEach((result, i) => {
      if (result.status === 'rejected') {
        this.deps.log.error(
          { err: result.reason, event: 'comment.created', commentId: comment.id, articleId: comment.article_id, userId: recipients[i]!.id },
          'could not email a moderator about a held comment',
        );
      }
    });
  }

  /** An approved reply: tell the parent's author, if they asked to be told, once per reply. */
  private async approvedReply(event: CommentEventPayload): Promise<void> {
    const reply = await findComment(this.deps.db, event.commentId);
    if (!reply || reply.parent_id === null || reply.status !== 'approved') return;
    const parent = await findComment(this.deps.db, reply.parent_id);
    if (!parent || !parent.notify_replies || parent.status !== 'approved' || !parent.author_email.trim()) return;
    if (parent.author_email.trim().toLowerCase() === reply.author_email.trim().toLowerCase()) return;
    const [article, settings] = await Promise.all([this.deps.articles.findPublishedById(reply.article_id), this.deps.settings.get()]);
    if (!article) return;
    if (!(await claimNotification(this.deps.db, reply.id, REPLY, isoNow(this.deps.clock)))) return;
    const unsubscribeUrl = `${this.deps.siteUrl}/comments/unsubscribe?t=${encodeURIComponent(this.deps.comments.unsubscribeToken(parent.id))}`;
    try {
      await this.deps.mailer.send({
        ...replyEmail({ siteTitle: settings.siteTitle, siteUrl: this.deps.siteUrl, article, parent, reply, unsubscribeUrl }),
        to: parent.author_email,
      });
    } catch (error) {
      // Not sent: give the claim back so that approving the reply again can retry.
      await releaseNotification(this.deps.db, reply.id, REPLY).catch(() => undefined);
      throw error;
    }
  }
}

export function startCommentNotifications(deps: CommentNotificationsDeps): CommentNotifications {
  return new CommentNotifications(deps).start();
}

type Email = Omit<MailMessage, 'to'>;

interface HeldCommentFacts {
  siteTitle: string;
  siteUrl: string;
  article: Pick<Article, 'title' | 'path'>;
  comment: Pick<CommentRow, 'id' | 'author_name' | 'body' | 'reasons'>;
}

export function heldCommentEmail({ siteTitle, siteUrl, article, comment }: HeldCommentFacts): Email {
  const queueUrl = `${siteUrl}${MODERATION_QUEUE_PATH}`;
  const articleUrl = `${siteUrl}${article.path}`;
  const reasons = heldBecause(comment.reasons);
  const text = [
    `A comment on "${article.title}" is waiting for moderation.`,
    '',
    `From: ${comment.author_name}`,
    ...(reasons ? [`Held because: ${reasons}`] : []),
    '',
    quote(comment.body),
    '',
    `Approve or reject it: ${queueUrl}`,
    `The article: ${articleUrl}`,
    '',
    '-- ',
    `${siteTitle}: you get this email because you can moderate comments on this article.`,
  ].join('\n');
  const html = htmlDocument([
    `<p>A comment on “${escapeHtml(article.title)}” is waiting for moderation.</p>`,
    `<p>From: <strong>${escapeHtml(comment.author_name)}</strong>${reasons ? `<br>Held because: ${escapeHtml(reasons)}` : ''}</p>`,
    htmlQuote(comment.body),
    `<p><a href="${escapeHtml(queueUrl)}">Approve or reject it</a> · <a href="${escapeHtml(articleUrl)}">Read the article</a></p>`,
    `<p style="color:#666;font-size:small">${escapeHtml(siteTitle)}: you get this email because you can moderate comments on this article.</p>`,
  ]);
  return { subject: `[${siteTitle}] Comment awaiting moderation on "${article.title}"`, text, html, headers: { 'Auto-Submitted': 'auto-generated' } };
}

interface ReplyFacts {
  siteTitle: string;
  siteUrl: string;
  article: Pick<Article, 'title' | 'path'>;
  parent: Pick<CommentRow, 'author_name' | 'body'>;
  reply: Pick<CommentRow, 'id' | 'author_name' | 'body'>;
  unsubscribeUrl: string;
}

export function replyEmail({ siteTitle, siteUrl, article, parent, reply, unsubscribeUrl }: ReplyFacts): Email {
  // ?c= opens the comments page that holds the reply, even inside a collapsed thread.
  const replyUrl = `${siteUrl}${article.path}?c=${reply.id}#comment-${reply.id}`;
  const excerpt = parent.body.length > 300 ? `${parent.body.slice(0, 300).trimEnd()}…` : parent.body;
  const text = [
    `Hello ${parent.author_name},`,
    '',
    `${reply.author_name} replied to your comment on "${article.title}":`,
    '',
    quote(reply.body),
    '',
    `Read the reply and answer it: ${replyUrl}`,
    '',
    'Your comment was:',
    quote(excerpt),
    '',
    '-- ',
    `${siteTitle}: you get this email because you asked to be notified of replies to your comment.`,
    `To stop emails about replies to it, open: ${unsubscribeUrl}`,
  ].join('\n');
  const html = htmlDocument([
    `<p>Hello ${escapeHtml(parent.author_name)},</p>`,
    `<p><strong>${escapeHtml(reply.author_name)}</strong> replied to your comment on “${escapeHtml(article.title)}”:</p>`,
    htmlQuote(reply.body),
    `<p><a href="${escapeHtml(replyUrl)}">Read the reply and answer it</a></p>`,
    '<p>Your comment was:</p>',
    htmlQuote(excerpt),
    `<p style="color:#666;font-size:small">${escapeHtml(siteTitle)}: you get this email because you asked to be notified of replies to your comment. ` +
      `<a href="${escapeHtml(unsubscribeUrl)}">Stop emails about replies to it</a>.</p>`,
  ]);
  return {
    subject: `New reply to your comment on "${article.title}"`,
    text,
    html,
    headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'Auto-Submitted': 'auto-generated' },
  };
}

/** Why the pipeline held the comment, from its stored reasons; empty when they cannot be read. */
function heldBecause(reasonsJson: string): string {
  try {
    const reasons: unknown = JSON.parse(reasonsJson);
    if (!Array.isArray(reasons)) return '';
    return reasons
      .map((r: unknown) => (r && typeof r === 'object' && 'reason' in r && typeof r.reason === 'string' ? r.reason : ''))
      .filter(Boolean)
      .join('; ');
  } catch {
    return '';
  }
}

function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => (line ? `> ${line}` : '>'))
    .join('\n');
}

/** Plain text as HTML paragraphs: everything escaped, nothing linked (links in readers' text stay text in email). */
function htmlQuote(text: string): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
  return `<blockquote style="margin:0 0 1em;padding-left:1em;border-left:3px solid #ccc">${paragraphs}</blockquote>`;
}

function htmlDocument(parts: string[]): string {
  return `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">${parts.join('\n')}</body></html>`;
}
