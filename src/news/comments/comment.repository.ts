import type { ExpressionBuilder, Insertable } from 'kysely';
import { containsText } from '../../platform/db/dialect.js';
import type { CommentRow, CommentsTable, Database } from '../../platform/db/schema.js';
import type { CommentStatus, ReportReason } from '../vocabulary.js';
import type { Db } from '../../platform/db/types.js';
import { publishedFor } from '../articles/article.repository.js';

export async function insertComment(db: Db, row: Insertable<CommentsTable>): Promise<number> {
  const { id } = await db.insertInto('comments').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** A filter: the comment's text, author name, email or IP contains `q` (case-insensitive; the dialect's LIKE). */
export function commentTextContains(db: Db, q: string) {
  const like = containsText(db, q);
  return (eb: ExpressionBuilder<Database, 'comments'>) =>
    eb.or(
      (['comments.body', 'comments.author_name', 'comments.author_email', 'comments.author_ip'] as const).map((column) =>
        eb(column, like.operator, like.pattern),
      ),
    );
}

export async function findComment(db: Db, id: number): Promise<CommentRow | undefined> {
  return db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function lastCommentAt(db: Db, column: 'author_ip' | 'author_email', value: string): Promise<string | null> {
  if (!value) return null;
  const row = await db.selectFrom('comments').select('created_at').where(column, '=', value).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  return row?.created_at ?? null;
}

export async function bodiesByAuthorOnArticle(db: Db, articleId: number, email: string): Promise<string[]> {
  const rows = await db
    .selectFrom('comments')
    .select('body')
    .where('article_id', '=', articleId)
    .where('author_email', '=', email)
    .where('status', '!=', 'trash')
    .execute();
  return rows.map((r) => r.body);
}

export async function hasApprovedComment(db: Db, email: string): Promise<boolean> {
  const row = await db.selectFrom('comments').select('id').where('author_email', '=', email).where('status', '=', 'approved').limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Approved comments on an article, plus the given readers' own comments whatever their status. */
export async function commentsVisibleOn(db: Db, articleId: number, ownIds: number[]): Promise<CommentRow[]> {
  return db
    .selectFrom('comments')
    .selectAll()
    .where('article_id', '=', articleId)
    .where((eb) =>
      ownIds.length
        ? eb.or([eb('status', '=', 'approved'), eb.and([eb('id', 'in', ownIds), eb('status', 'in', ['pending', 'spam'])])])
        : eb('status', '=', 'approved'),
    )
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function approvedCounts(db: Db, articleIds: number[]): Promise<Map<number, number>> {
  if (!articleIds.length) return new Map();
  const rows = await db
    .selectFrom('comments')
    .select(['article_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('article_id', 'in', articleIds)
    .where('status', '=', 'approved')
    .groupBy('article_id')
    .execute();
  return new Map(rows.map((r) => [r.article_id, Number(r.n)]));
}

export async function setStatus(db: Db, ids: number[], status: CommentStatus, reasons: string, at: string): Promise<void> {
  if (!ids.length) return;
  await db.updateTable('comments').set({ status, reasons, updated_at: at, status_changed_at: at }).where('id', 'in', ids).execute();
}

export async function updateBody(db: Db, id: number, body: string, bodyHtml: string, at: string): Promise<void> {
  await db.updateTable('comments').set({ body, body_html: bodyHtml, updated_at: at, edited_at: at }).where('id', '=', id).execute();
}

/** Records a report once per reader; returns how many distinct readers have reported the comment. */
export async function addReport(db: Db, report: { commentId: number; reason: ReportReason; note: string; reporterKey: string; at: string }) {
  await db
    .insertInto('comment_reports')
    .values({ comment_id: report.commentId, reason: report.reason, note: report.note, reporter_key: report.reporterKey, created_at: report.at })
    .onConflict((oc) => oc.columns(['comment_id', 'reporter_key']).doNothing())
    .execute();
  const { n } = await db
    .selectFrom('comment_reports')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('comment_id', '=', report.commentId)
    .executeTakeFirstOrThrow();
  const count = Number(n);
  await db.updateTable('comments').set({ report_count: count }).where('id', '=', report.commentId).execute();
  return count;
}

/** Deletes spam and trash whose status is older than the cutoff; nothing else is ever deleted automatically. */
export async function purgeBefore(db: Db, cutoff: string): Promise<number> {
  const result = await db.deleteFrom('comments').where('status', 'in', ['spam', 'trash']).where('status_changed_at', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The newest approved comments (of one article, or all): for feeds, so only on public stories (`publishedFor('open')`). */
export async function latestApproved(db: Db, limit: number, articleId?: number): Promise<CommentRow[]> {
  let query = db
    .selectFrom('comments')
    .selectAll()
    .where('status', '=', 'approved')
    // Per comment, newest first, until the limit: the articles table is never read as a whole.
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('articles').select('articles.id').whereRef('articles.id', '=', 'comments.article_id').where(publishedFor('open'))),
    );
  if (articleId !== undefined) query = query.where('article_id', '=', articleId);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** The facts about an article that decide whether it takes comments. */
export async function articleForComments(db: Db, articleId: number) {
  const row = await db
    .selectFrom('articles')
    .leftJoin('sections', 'sections.id', 'articles.primary_section_id')
    .select(['articles.id', 'articles.status', 'articles.published_at', 'articles.comments_open', 'sections.comment_policy'])
    .where('articles.id', '=', articleId)
    .executeTakeFirst();
  if (!row || row.status !== 'published') return null;
  return {
    id: row.id,
    commentsOpen: Boolean(row.comments_open),
    publishedAt: row.published_at,
    sectionPolicy: row.comment_policy ?? 'open',
  };
}

/**
 * Claims the right to send one kind of notification about a comment: true for the first caller only, across app
 * instances too (the primary key decides).
 */
export async function claimNotification(db: Db, commentId: number, kind: string, at: string): Promise<boolean> {
  const row = await db
    .insertInto('comment_notifications')
    .values({ comment_id: commentId, kind, created_at: at })
    .onConflict((oc) => oc.columns(['comment_id', 'kind']).doNothing())
    .returning('comment_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Gives a claim back (the email could not be sent), so that a later event may try again. */
export async function releaseNotification(db: Db, commentId: number, kind: string): Promise<void> {
  await db.deleteFrom('comment_notifications').where('comment_id', '=', commentId).where('kind', '=', kind).execute();
}
