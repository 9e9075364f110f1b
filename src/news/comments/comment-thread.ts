import type { ShownComment } from './comment.repository.js';

/** A comment as a reader sees it, with its replies. Plain data for the views. */
export interface CommentNode {
  id: number;
  parentId: number | null;
  /** The top-level comment of its thread (its own id when it is one). */
  threadId: number;
  authorName: string;
  authorUrl: string;
  isStaff: boolean;
  createdAt: string;
  editedAt: string | null;
  bodyHtml: string;
  /** Not approved: shown only to its author, marked as awaiting moderation. */
  awaitingModeration: boolean;
  /** The viewer wrote it and may still edit or delete it. */
  editableUntil: string | null;
  depth: number;
  replies: CommentNode[];
  /** On the first node shown of a collapsed thread: how many of its approved replies are not shown here. */
  moreReplies: number;
}

export interface CommentThread {
  /** Top-level comments on this page, with their replies. */
  roots: CommentNode[];
  page: number;
  pageCount: number;
  /** Set when the page shows one thread in full (`?thread=`): its replies are paged instead of the threads. */
  single: { threadId: number; replyPage: number; replyPageCount: number } | null;
}

export interface TreeOptions {
  maxDepth: number;
  ownIds: ReadonlySet<number>;
  editWindowMs: number;
  now: Date;
}

/**
 * Builds the visible tree of one thread (or part of one) from its rows, oldest first. A reply whose parent is not
 * among the rows stands at the top level, after its thread's other nodes; a reply deeper than maxDepth attaches at
 * the deepest level, so no reply is ever lost from view.
 */
export function buildTree(rows: ShownComment[], options: TreeOptions): CommentNode[] {
  const nodes = new Map<number, CommentNode>();
  const top: CommentNode[] = [];
  // Rows arrive oldest first, so a parent always has its node before its replies do.
  for (const row of rows) {
    let parent = row.parent_id === null ? undefined : nodes.get(row.parent_id);
    while (parent && parent.depth >= options.maxDepth - 1 && parent.parentId !== null) {
      parent = nodes.get(parent.parentId);
    }
    const own = options.ownIds.has(row.id);
    const editableUntil = new Date(new Date(row.created_at).getTime() + options.editWindowMs);
    const node: CommentNode = {
      id: row.id,
      parentId: parent?.id ?? null,
      threadId: row.root_id ?? row.id,
      authorName: row.author_name,
      authorUrl: row.author_url,
      isStaff: Boolean(row.is_staff),
      createdAt: row.created_at,
      editedAt: row.edited_at,
      bodyHtml: row.body_html,
      awaitingModeration: row.status !== 'approved',
      editableUntil: own && editableUntil > options.now ? editableUntil.toISOString() : null,
      depth: parent ? parent.depth + 1 : 0,
      replies: [],
      moreReplies: 0,
    };
    nodes.set(row.id, node);
    if (parent) parent.replies.push(node);
    else top.push(node);
  }
  return top;
}

export function containsComment(node: CommentNode, id: number): boolean {
  return node.id === id || node.replies.some((reply) => containsComment(reply, id));
}
