import { describe, expect, it } from 'vitest';
import type { CommentRow } from '../../platform/db/schema.js';
import { buildTree, type CommentNode, type TreeOptions } from './comment-thread.js';

let clock = 0;
function row(id: number, parent_id: number | null, status: CommentRow['status'] = 'approved'): CommentRow {
  const at = new Date(Date.UTC(2026, 1, 9, 12, 0, clock++)).toISOString();
  return {
    id,
    article_id: 1,
    parent_id,
    status,
    body: `c${id}`,
    body_html: `<p>c${id}</p>`,
    author_name: `N${id}`,
    author_email: `n${id}@example.com`,
    author_url: '',
    author_ip: '',
    user_agent: '',
    user_id: null,
    is_staff: false,
    notify_replies: false,
    spam_score: null,
    reasons: '[]',
    report_count: 0,
    created_at: at,
    updated_at: at,
    edited_at: null,
    status_changed_at: at,
    kind: 'comment',
    root_id: parent_id === null ? null : 1,
    thread_size: 0,
  };
}

const options = (overrides: Partial<TreeOptions> = {}): TreeOptions => ({
  maxDepth: 5,
  ownIds: new Set(),
  editWindowMs: 600_000,
  now: new Date('2026-02-09T12:05:00.000Z'),
  ...overrides,
});
const shape = (nodes: CommentNode[]): unknown => nodes.map((n) => (n.replies.length ? [n.id, shape(n.replies)] : n.id));

describe('buildTree', () => {
  it('nests replies under their parents, oldest first by default', () => {
    const roots = buildTree([row(1, null), row(2, 1), row(3, null), row(4, 2)], options());
    expect(shape(roots)).toEqual([[1, [[2, [4]]]], 3]);
    expect(roots[0]!.replies[0]!.replies[0]!.depth).toBe(2);
  });

  it('attaches replies deeper than the limit at the deepest level', () => {
    const rows = [row(1, null), row(2, 1), row(3, 2), row(4, 3)];
    expect(shape(buildTree(rows, options({ maxDepth: 2 })))).toEqual([[1, [2, 3, 4]]]);
  });

  it('keeps replies of a hidden parent, at the top level', () => {
    // Comment 2 is not in the visible rows (held or trashed); its reply 3 still shows.
    const rows = [row(1, null), row(3, 2)];
    expect(shape(buildTree(rows, options()))).toEqual([1, 3]);
  });

  it('marks the viewer’s own held comment and lets them edit within the window', () => {
    const rows = [row(1, null, 'pending')];
    const [own] = buildTree(rows, options({ ownIds: new Set([1]) }));
    expect(own!.awaitingModeration).toBe(true);
    expect(own!.editableUntil).not.toBeNull();
    expect(buildTree(rows, options({ ownIds: new Set([1]), now: new Date('2026-02-09T13:00:00.000Z') }))[0]!.editableUntil).toBeNull();
  });
});
