import type { Db } from '../../platform/db/types.js';
import { notFound } from '../shared/errors.js';
import { buildTree, type CommentNode, type CommentThread, containsComment, type TreeOptions } from './comment-thread.js';
import {
  findComment,
  firstReplies,
  keptCounts,
  ownHeldOn,
  repliesBefore,
  type ShownComment,
  threadReplies,
  threadRootsPage,
  threadsBefore,
} from './comment.repository.js';

/**
 * What bounds a page of comments, however large the discussion: at most MAX_THREADS_PER_PAGE threads (the setting
 * may ask for fewer), each with its first REPLIES_PER_THREAD replies while the page's INLINE_REPLY_BUDGET lasts; the
 * rest of a thread is behind "Show N more replies", a page of its own with REPLIES_PER_THREAD_PAGE replies at a time.
 * So at most 60 comments a page: under 100 KB of HTML even when they average 500 characters.
 */
export const MAX_THREADS_PER_PAGE = 40;
export const REPLIES_PER_THREAD = 3;
export const INLINE_REPLY_BUDGET = 20;
export const REPLIES_PER_THREAD_PAGE = 50;

export interface CommentPageView {
  ownIds: number[];
  page: number;
  /** Show the page holding this comment instead (a permalink, or a reader landing on what they just posted). */
  focusId?: number;
  /** Show this thread alone, its replies paged by `replyPage`. */
  threadId?: number;
  replyPage?: number;
}

export interface CommentPageSettings {
  maxDepth: number;
  newestFirst: boolean;
  perPage: number;
}

type Direction = 'asc' | 'desc';

/** A page of an article's comments: a page of its threads, or one thread's page of replies. */
export async function loadCommentPage(
  db: Db,
  articleId: number,
  view: CommentPageView,
  settings: CommentPageSettings,
  tree: TreeOptions,
): Promise<CommentThread> {
  const direction: Direction = settings.newestFirst ? 'desc' : 'asc';
  const perPage = Math.min(settings.perPage, MAX_THREADS_PER_PAGE);
  const paging = { perPage, direction };
  // What needs no counts is read beside them (one round trip on PostgreSQL): the comment a permalink names, the
  // thread a thread page shows, and the plain first page, which starts at the first thread whatever the count.
  const firstPage = view.focusId === undefined && view.threadId === undefined && view.page <= 1;
  const [counts, held, firstRoots, focus, threadRoot] = await Promise.all([
    keptCounts(db, articleId),
    ownHeldOn(db, articleId, view.ownIds),
    firstPage ? pageOfRoots(db, articleId, 1, paging) : undefined,
    view.focusId === undefined ? undefined : findComment(db, view.focusId),
    view.threadId === undefined ? undefined : findComment(db, view.threadId),
  ]);
  if (focus && focus.article_id === articleId && (focus.status === 'approved' || tree.ownIds.has(focus.id))) {
    const root = focus.root_id === null ? focus : await findComment(db, focus.root_id);
    if (root) {
      const page = Math.floor((await threadsBefore(db, root, direction)) / perPage) + 1;
      const threads = await threadsPage(db, articleId, page, { ...paging, threadCount: counts.threads, held }, tree);
      if (threads.roots.some((node) => containsComment(node, focus.id))) return threads;
      // Inside the collapsed part of its thread: the thread's own page that holds it.
      const replyPage = Math.floor((await repliesBefore(db, focus)) / REPLIES_PER_THREAD_PAGE) + 1;
      return singleThread(db, root, { replyPage, page, pageCount: threads.pageCount, held }, tree);
    }
  }
  if (view.threadId !== undefined) {
    if (
      !threadRoot ||
      threadRoot.article_id !== articleId ||
      threadRoot.root_id !== null ||
      (threadRoot.thread_size === 0 && !tree.ownIds.has(threadRoot.id))
    ) {
      throw notFound('Comment thread');
    }
    return singleThread(db, threadRoot, { replyPage: view.replyPage ?? 1, page: 1, pageCount: 1, held }, tree);
  }
  return threadsPage(db, articleId, view.page, { ...paging, threadCount: counts.threads, held, firstRoots }, tree);
}

/** The listed threads of a page, and one either side: they bound where the reader's own held top-level comments go. */
function pageOfRoots(db: Db, articleId: number, page: number, paging: { perPage: number; direction: Direction }) {
  const start = (page - 1) * paging.perPage;
  return threadRootsPage(db, articleId, { offset: Math.max(0, start - 1), limit: paging.perPage + (page > 1 ? 2 : 1), direction: paging.direction });
}

async function threadsPage(
  db: Db,
  articleId: number,
  wanted: number,
  context: { perPage: number; threadCount: number; direction: Direction; held: ShownComment[]; firstRoots?: ShownComment[] },
  tree: TreeOptions,
): Promise<CommentThread> {
  const { perPage, direction, held } = context;
  const pageCount = Math.max(1, Math.ceil(context.threadCount / perPage));
  const page = Math.min(Math.max(1, wanted), pageCount);
  const fetched = (page === 1 ? context.firstRoots : undefined) ?? (await pageOfRoots(db, articleId, page, context));
  const previous = page > 1 ? fetched[0] : undefined;
  const roots = fetched.slice(page > 1 ? 1 : 0, (page > 1 ? 1 : 0) + perPage);
  const next = fetched[(page > 1 ? 1 : 0) + perPage];
  const order = (a: ShownComment, b: ShownComment) => (direction === 'asc' ? byTime(a, b) : byTime(b, a));
  const listed = new Set(roots.map((root) => root.id));
  const heldRoots = held.filter(
    (row) => row.root_id === null && row.thread_size === 0 && !listed.has(row.id) && (!previous || order(row, previous) > 0) && (!next || order(row, next) < 0),
  );
  // Only the threads the budget reaches are asked for their replies (each arm of that query costs).
  let reach = INLINE_REPLY_BUDGET;
  const withReplies = roots.filter((root) => {
    const take = reach > 0 ? Math.min(REPLIES_PER_THREAD, approvedReplyCount(root)) : 0;
    reach -= take;
    return take > 0;
  });
  const replyRows = await firstReplies(
    db,
    withReplies.map((root) => root.id),
    REPLIES_PER_THREAD,
  );
  let budget = INLINE_REPLY_BUDGET;
  const nodes = [...roots, ...heldRoots].sort(order).flatMap((root) => {
    const inline = replyRows.filter((row) => row.root_id === root.id).slice(0, budget);
    budget -= inline.length;
    const thread = threadNodes(root, inline, held, tree);
    if (thread[0]) thread[0].moreReplies = approvedReplyCount(root) - inline.length;
    return thread;
  });
  return { roots: nodes, page, pageCount, single: null };
}

async function singleThread(
  db: Db,
  root: ShownComment,
  context: { replyPage: number; page: number; pageCount: number; held: ShownComment[] },
  tree: TreeOptions,
): Promise<CommentThread> {
  const replyPageCount = Math.max(1, Math.ceil(approvedReplyCount(root) / REPLIES_PER_THREAD_PAGE));
  const replyPage = Math.min(Math.max(1, context.replyPage), replyPageCount);
  const replies = await threadReplies(db, root.id, { limit: REPLIES_PER_THREAD_PAGE, offset: (replyPage - 1) * REPLIES_PER_THREAD_PAGE });
  // The reader's own held replies come last in their thread, so on its last page.
  const held = replyPage === replyPageCount ? context.held : [];
  return {
    roots: threadNodes(root, replies, held, tree),
    page: context.page,
    pageCount: context.pageCount,
    single: { threadId: root.id, replyPage, replyPageCount },
  };
}

/** One thread's nodes: its top-level comment when the reader may see it, these replies, the reader's held ones. */
function threadNodes(root: ShownComment, replies: ShownComment[], held: ShownComment[], tree: TreeOptions): CommentNode[] {
  const shownRoot = root.status === 'approved' || tree.ownIds.has(root.id);
  const rows = [...(shownRoot ? [root] : []), ...replies, ...held.filter((row) => row.root_id === root.id)].sort(byTime);
  return buildTree(rows, tree);
}

function approvedReplyCount(root: ShownComment): number {
  return root.thread_size - Number(root.status === 'approved');
}

/** Oldest first, by time then id: the order comments are written in, so parents come before their replies. */
function byTime(a: ShownComment, b: ShownComment): number {
  return a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id - b.id;
}
