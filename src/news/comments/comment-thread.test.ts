import { describe, expect, it } from 'vitest';
import type { CommentRow } from '../../platform/db/schema.js';
import { buildThread, type CommentNode, type ThreadOptions } from './comment-thread.js';

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
  };
}

const options = (overrides: Partial<ThreadOptions> = {}): ThreadOptions => ({
  maxDepth: 5,
  newestFirst: false,
  perPage: 50,
  page: 1,
  ownIds: new Set(),
  editWindowMs: 600_000,
  now: new Date('2026-02-09T12:05:00.000Z'),
  ...overrides,
});
const shape = (nodes: CommentNode[]): unknown => nodes.map((n) => (n.replies.length ? [n.id, shape(n.replies)] : n.id));

describe('buildThread', () => {
  it('nests replies under their parents, oldest first by default', () => {
    const thread = buildThread([row(1, null), row(2, 1), row(3, null), row(4, 2)], options());
    expect(shape(thread.roots)).toEqual([[1, [[2, [4]]]], 3]);
    expect(thread.roots[0]!.replies[0]!.replies[0]!.depth).toBe(2);
  });

  it('attaches replies deeper than the limit at the deepest level', () => {
    const rows = [row(1, null), row(2, 1), row(3, 2), row(4, 3)];
    expect(shape(buildThread(rows, options({ maxDepth: 2 })).roots)).toEqual([[1, [2, 3, 4]]]);
  });

  it('keeps replies of a hidden parent, under the nearest visible ancestor', () => {
    // Comment 2 is not in the visible rows (held or trashed); its reply 3 still shows.
    const rows = [row(1, null), row(3, 2)];
    expect(shape(buildThread(rows, options()).roots)).toEqual([1, 3]);
  });

  it('shows newest first when asked, and pages by top-level comment', () => {
    const rows = [row(1, null), row(2, null), row(3, 1), row(4, null)];
    const newest = buildThread(rows, options({ newestFirst: true, perPage: 2 }));
    expect(shape(newest.roots)).toEqual([4, 2]);
    expect(newest.pageCount).toBe(2);
    expect(shape(buildThread(rows, options({ newestFirst: true, perPage: 2, page: 2 })).roots)).toEqual([[1, [3]]]);
    expect(buildThread(rows, options({ newestFirst: true, perPage: 2, focusId: 3 })).page).toBe(2);
  });

  it('marks the viewer’s own held comment and lets them edit within the window', () => {
    const rows = [row(1, null, 'pending')];
    const thread = buildThread(rows, options({ ownIds: new Set([1]) }));
    expect(thread.roots[0]!.awaitingModeration).toBe(true);
    expect(thread.roots[0]!.editableUntil).not.toBeNull();
    expect(buildThread(rows, options({ ownIds: new Set([1]), now: new Date('2026-02-09T13:00:00.000Z') })).roots[0]!.editableUntil).toBeNull();
  });
});
