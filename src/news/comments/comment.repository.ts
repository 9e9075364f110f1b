import { type ExpressionBuilder, type Insertable, type Kysely, sql } from 'kysely';
import { containsText } from '../../platform/db/dialect.js';
import type { CommentRow, CommentsTable, Database } from '../../platform/db/schema.js';
import type { CommentStatus, ReportReason } from '../vocabulary.js';
import type { Db } from '../../platform/db/types.js';
import { publishedFor } from '../articles/article.repository.js';

/** Runs `work` in the caller's transaction, or in one of its own: kept counts change with the rows they count. */
function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : (db as Kysely<Database>).transaction().execute(work);
}

/** Writes a comment into its parent's thread, and counts it (when approved) in the same transaction. */
export async function insertComment(db: Db, row: Omit<Insertable<CommentsTable>, 'root_id' | 'thread_size'>): Promise<number> {
  return inTransaction(db, async (trx) => {
    const parent =
      row.parent_id == null ? undefined : await trx.selectFrom('comments').select(['id', 'root_id']).where('id', '=', row.parent_id).executeTakeFirst();
    const rootId = parent ? (parent.root_id ?? parent.id) : null;
    const { id } = await trx
      .insertInto('comments')
      .values({ ...row, root_id: rootId })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (row.status === 'approved') await keepCounts(trx, [{ articleId: row.article_id, rootId: rootId ?? id, delta: 1 }]);
    return id;
  });
}

/** One comment entering (+1) or leaving (-1) the approved ones, in the thread under `rootId`. */
interface CountChange {
  articleId: number;
  rootId: number;
  delta: number;
}

/**
 * Applies approved-count changes to the threads' and articles' kept counts. A thread is listed while its size is
 * above 0, so the article's thread count moves when a size crosses 0. Rows are updated in id order (no deadlocks
 * between two transactions touching the same threads).
 */
async function keepCounts(trx: Db, changes: CountChange[]): Promise<void> {
  const byRoot = new Map<number, number>();
  const byArticle = new Map<number, { comments: number; threads: number }>();
  for (const change of changes) {
    byRoot.set(change.rootId, (byRoot.get(change.rootId) ?? 0) + change.delta);
    const article = byArticle.get(change.articleId) ?? { comments: 0, threads: 0 };
    article.comments += change.delta;
    byArticle.set(change.articleId, article);
  }
  for (const [rootId, delta] of [...byRoot].sort(([a], [b]) => a - b)) {
    if (!delta) continue;
    const root = await trx
      .updateTable('comments')
      .set((eb) => ({ thread_size: eb('thread_size', '+', delta) }))
      .where('id', '=', rootId)
      .returning(['article_id', 'thread_size'])
      .executeTakeFirstOrThrow();
    const listedChange = Number(root.thread_size > 0) - Number(root.thread_size - delta > 0);
    if (listedChange) {
      const article = byArticle.get(root.article_id) ?? { comments: 0, threads: 0 };
      article.threads += listedChange;
      byArticle.set(root.article_id, article);
    }
  }
  for (const [articleId, { comments, threads }] of [...byArticle].sort(([a], [b]) => a - b)) {
    if (!comments && !threads) continue;
    await trx
      .updateTable('articles')
      .set((eb) => ({ comment_count: eb('comment_count', '+', comments), comment_thread_count: eb('comment_thread_count', '+', threads) }))
      .where('id', '=', articleId)
      .execute();
  }
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

type Direction = 'asc' | 'desc';

/** What a page of comments shows of a row: not the email, address, plain text or spam reasons (fewer bytes to read). */
const SHOWN_COLUMNS = [
  'id',
  'parent_id',
  'root_id',
  'status',
  'author_name',
  'author_url',
  'is_staff',
  'body_html',
  'created_at',
  'edited_at',
  'thread_size',
] as const satisfies ReadonlyArray<keyof CommentRow>;
export type ShownComment = Pick<CommentRow, (typeof SHOWN_COLUMNS)[number]>;

/**
 * A page of the article's listed threads: top-level comments whose thread holds an approved comment (the top-level
 * one itself may be held). Walks comments_threads_idx in order; the literals let both dialects match its WHERE.
 */
export async function threadRootsPage(db: Db, articleId: number, page: { limit: number; offset: number; direction: Direction }): Promise<ShownComment[]> {
  return listedThreads(db, articleId)
    .select(SHOWN_COLUMNS)
    .orderBy('created_at', page.direction)
    .orderBy('id', page.direction)
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

function listedThreads(db: Db, articleId: number) {
  return db.selectFrom('comments').where('article_id', '=', articleId).where('root_id', 'is', null).where('thread_size', '>', sql.lit(0));
}

/** How many listed threads come before this top-level comment in reading order: for a permalink's page only. */
export async function threadsBefore(db: Db, root: CommentRow, direction: Direction): Promise<number> {
  const { n } = await listedThreads(db, root.article_id)
    .where(before(root, direction))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** (created_at, id) before the given row's, in this direction. */
function before(row: { created_at: string; id: number }, direction: Direction) {
  const op = direction === 'asc' ? '<' : '>';
  return (eb: ExpressionBuilder<Database, 'comments'>) =>
    eb.or([eb('created_at', op, row.created_at), eb.and([eb('created_at', '=', row.created_at), eb('id', op, row.id)])]);
}

function approvedReplies(db: Db, rootId: number) {
  return db.selectFrom('comments').where('root_id', '=', rootId).where('status', '=', 'approved');
}

/** The first `perThread` approved replies of each of these threads (in no order): one query, one index range each. */
export async function firstReplies(db: Db, rootIds: number[], perThread: number): Promise<ShownComment[]> {
  const [first, ...rest] = rootIds.map((rootId) =>
    db.selectFrom(approvedReplies(db, rootId).select(SHOWN_COLUMNS).orderBy('created_at').orderBy('id').limit(perThread).as('r')).selectAll(),
  );
  if (!first) return [];
  return rest.reduce((query, next) => query.unionAll(next), first).execute();
}

/** A page of one thread's approved replies, oldest first. */
export async function threadReplies(db: Db, rootId: number, page: { limit: number; offset: number }): Promise<ShownComment[]> {
  return approvedReplies(db, rootId).select(SHOWN_COLUMNS).orderBy('created_at').orderBy('id').limit(page.limit).offset(page.offset).execute();
}

/** How many approved replies of its thread come before this one: for a permalink's page only. */
export async function repliesBefore(db: Db, reply: CommentRow): Promise<number> {
  if (reply.root_id === null) return 0;
  const { n } = await approvedReplies(db, reply.root_id)
    .where(before(reply, 'asc'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** The reader's own comments on the article that wait for moderation (they see them; nobody else does). */
export async function ownHeldOn(db: Db, articleId: number, ownIds: number[]): Promise<ShownComment[]> {
  if (!ownIds.length) return [];
  return db
    .selectFrom('comments')
    .select(SHOWN_COLUMNS)
    .where('id', 'in', ownIds)
    .where('article_id', '=', articleId)
    .where('status', 'in', ['pending', 'spam'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** What threading needs of a comment: its id, story, parent and status. */
export interface ThreadedComment {
  id: number;
  article_id: number;
  parent_id: number | null;
  status: CommentStatus;
}

/** Each comment's thread (root_id: null for a root), each root's approved size, and each story's kept counts. */
export interface ThreadFigures {
  rootOf: Map<number, number | null>;
  threadSizeOf(id: number): number;
  counts: Map<number, { comment_count: number; comment_thread_count: number }>;
}

/**
 * The threads and kept counts of these articles, from all their comments' rows: a reply whose chain of parents loops,
 * or leaves the article, starts a thread of its own. Pure, so that an import can compute them before it inserts.
 */
export function threadFigures(rows: readonly ThreadedComment[], articleIds: readonly number[]): ThreadFigures {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const rootIdOf = (row: ThreadedComment): number | null => {
    const seen = new Set<number>();
    let top = row;
    const parentOf = (child: ThreadedComment) => {
      const parent = byId.get(child.parent_id ?? -1);
      return parent?.article_id === row.article_id ? parent : undefined;
    };
    for (let parent = parentOf(top); parent; parent = parentOf(top)) {
      if (seen.has(parent.id)) return null;
      seen.add(parent.id);
      top = parent;
    }
    return top === row ? null : top.id;
  };
  const rootOf = new Map(rows.map((row) => [row.id, rootIdOf(row)]));
  const sizes = new Map<number, number>();
  for (const row of rows) {
    const thread = rootOf.get(row.id) ?? row.id;
    if (row.status === 'approved') sizes.set(thread, (sizes.get(thread) ?? 0) + 1);
  }
  const counts = new Map([...new Set(articleIds)].map((id) => [id, { comment_count: 0, comment_thread_count: 0 }]));
  for (const row of rows) {
    const count = counts.get(row.article_id)!;
    if (row.status === 'approved') count.comment_count++;
    if (rootOf.get(row.id) === null && (sizes.get(row.id) ?? 0) > 0) count.comment_thread_count++;
  }
  return { rootOf, threadSizeOf: (id) => (rootOf.get(id) === null ? (sizes.get(id) ?? 0) : 0), counts };
}

/**
 * Recomputes the threads and kept counts of these articles from their rows: for bulk writes that place comments
 * in threads after the fact (the import threads a batch once it exists), where counting once is simpler and cheaper
 * than following each row.
 */
export async function recountComments(db: Db, articleIds: number[]): Promise<void> {
  if (!articleIds.length) return;
  const rows = await db
    .selectFrom('comments')
    .select(['id', 'article_id', 'parent_id', 'root_id', 'status', 'thread_size'])
    .where('article_id', 'in', articleIds)
    .execute();
  const figures = threadFigures(rows, articleIds);
  const changed = rows.filter((row) => row.root_id !== figures.rootOf.get(row.id) || row.thread_size !== figures.threadSizeOf(row.id));
  for (let i = 0; i < changed.length; i += 500) {
    const chunk = changed.slice(i, i + 500);
    await db
      .updateTable('comments')
      .set({
        root_id: valueById(chunk, (row) => figures.rootOf.get(row.id) ?? null),
        thread_size: valueById(chunk, (row) => figures.threadSizeOf(row.id)),
      })
      .where(
        'id',
        'in',
        chunk.map((row) => row.id),
      )
      .execute();
  }
  await setKeptCounts(db, figures.counts);
}

/** Which of these stories have any comment at all. */
export async function articlesWithComments(db: Db, articleIds: readonly number[]): Promise<Set<number>> {
  const found = new Set<number>();
  for (let i = 0; i < articleIds.length; i += 500) {
    const rows = await db
      .selectFrom('comments')
      .select('article_id')
      .distinct()
      .where('article_id', 'in', articleIds.slice(i, i + 500))
      .execute();
    for (const row of rows) found.add(row.article_id);
  }
  return found;
}

/** Sets stories' kept comment counts, a chunk of stories per statement. */
export async function setKeptCounts(db: Db, counts: ReadonlyMap<number, { comment_count: number; comment_thread_count: number }>): Promise<void> {
  const rows = [...counts].map(([id, count]) => ({ id, ...count }));
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await db
      .updateTable('articles')
      .set({ comment_count: valueById(chunk, (row) => row.comment_count), comment_thread_count: valueById(chunk, (row) => row.comment_thread_count) })
      .where(
        'id',
        'in',
        chunk.map((row) => row.id),
      )
      .execute();
  }
}

/** `case id when … then … end`: one statement sets a different value on each row of a chunk. */
function valueById<T extends { id: number }>(chunk: readonly T[], valueOf: (row: T) => number | null) {
  return sql<number>`case id ${sql.join(
    chunk.map((row) => sql`when ${row.id} then cast(${valueOf(row)} as integer)`),
    sql` `,
  )} end`;
}

/** The article's kept counts: approved comments, and threads listed on its page. */
export async function keptCounts(db: Db, articleId: number): Promise<{ comments: number; threads: number }> {
  const row = await db.selectFrom('articles').select(['comment_count', 'comment_thread_count']).where('id', '=', articleId).executeTakeFirst();
  return { comments: row?.comment_count ?? 0, threads: row?.comment_thread_count ?? 0 };
}

/**
 * Sets the status of these comments and keeps the counts in the same transaction. Which rows enter or leave the
 * approved ones is decided by the UPDATE itself (its WHERE sees the committed status under the row lock), so two
 * moderators acting on one comment at once count it once.
 */
export async function setStatus(db: Db, ids: number[], status: CommentStatus, reasons: string, at: string): Promise<void> {
  if (!ids.length) return;
  await inTransaction(db, async (trx) => {
    const crossing = await trx
      .updateTable('comments')
      .set({ status })
      .where('id', 'in', ids)
      .where('status', status === 'approved' ? '!=' : '=', 'approved')
      .returning(['id', 'article_id', 'root_id'])
      .execute();
    await trx.updateTable('comments').set({ status, reasons, updated_at: at, status_changed_at: at }).where('id', 'in', ids).execute();
    const delta = status === 'approved' ? 1 : -1;
    await keepCounts(
      trx,
      crossing.map((row) => ({ articleId: row.article_id, rootId: row.root_id ?? row.id, delta })),
    );
  });
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

/**
 * Deletes spam and trash whose status is older than the cutoff; nothing else is ever deleted automatically. None of
 * them is approved, so no kept count changes.
 */
export async function purgeBefore(db: Db, cutoff: string): Promise<number> {
  const result = await db
    .deleteFrom('comments')
    .where('status', 'in', ['spam', 'trash'])
    .where('status_changed_at', '<', cutoff)
    // A held top-level comment whose thread still has approved replies stays: it holds the thread's kept count.
    .where((eb) => eb.or([eb('root_id', 'is not', null), eb('thread_size', '=', 0)]))
    .executeTakeFirst();
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
