import type { CommentRow } from '../../platform/db/schema.js';

/** A comment as a reader sees it, with its replies. Plain data for the views. */
export interface CommentNode {
  id: number;
  parentId: number | null;
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
}

export interface CommentThread {
  /** Top-level comments on this page, with their replies. */
  roots: CommentNode[];
  page: number;
  pageCount: number;
  /** Every comment shown, approved or the viewer's own. */
  shown: number;
}

export interface ThreadOptions {
  maxDepth: number;
  newestFirst: boolean;
  perPage: number;
  page: number;
  ownIds: ReadonlySet<number>;
  editWindowMs: number;
  now: Date;
  /** Show the page holding this comment instead of `page` (after posting, a reader lands on their comment). */
  focusId?: number;
}

/**
 * Builds the visible thread. A reply whose parent is not visible attaches to the nearest visible ancestor; a reply
 * deeper than maxDepth attaches at the deepest level, so no reply is ever lost from view.
 */
export function buildThread(rows: CommentRow[], options: ThreadOptions): CommentThread {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const nodes = new Map<number, CommentNode>();
  const roots: CommentNode[] = [];
  // Rows arrive oldest first, so a parent always has its node before its replies do.
  for (const row of rows) {
    let parent = row.parent_id === null ? undefined : nodes.get(row.parent_id);
    let ancestorId = row.parent_id;
    while (!parent && ancestorId !== null) {
      const ancestor = byId.get(ancestorId);
      ancestorId = ancestor?.parent_id ?? null;
      parent = ancestorId === null ? undefined : nodes.get(ancestorId);
    }
    while (parent && parent.depth >= options.maxDepth - 1 && parent.parentId !== null) {
      parent = nodes.get(parent.parentId);
    }
    const own = options.ownIds.has(row.id);
    const editableUntil = new Date(new Date(row.created_at).getTime() + options.editWindowMs);
    const node: CommentNode = {
      id: row.id,
      parentId: parent?.id ?? null,
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
    };
    nodes.set(row.id, node);
    if (parent) parent.replies.push(node);
    else roots.push(node);
  }
  const ordered = options.newestFirst ? [...roots].reverse() : roots;
  const pageCount = Math.max(1, Math.ceil(ordered.length / options.perPage));
  const focusIndex = options.focusId === undefined ? -1 : ordered.findIndex((root) => containsComment(root, options.focusId!));
  const wanted = focusIndex >= 0 ? Math.floor(focusIndex / options.perPage) + 1 : options.page;
  const page = Math.min(Math.max(1, wanted), pageCount);
  return {
    roots: ordered.slice((page - 1) * options.perPage, page * options.perPage),
    page,
    pageCount,
    shown: nodes.size,
  };
}

function containsComment(node: CommentNode, id: number): boolean {
  return node.id === id || node.replies.some((reply) => containsComment(reply, id));
}
