import { describe, expect, it } from 'vitest';
import { facts, submission } from './phases/test-fixtures.js';
import { COMMENT_PHASES, runCommentPipeline } from './pipeline.js';

describe('comment pipeline', () => {
  it('approves a clean comment from a known commenter, with its transformed text and score', () => {
    const result = runCommentPipeline(submission({ body: 'Good  point.\nSee https://example.com' }), facts());
    expect(result).toMatchObject({ outcome: 'stored', status: 'approved', spamScore: 0.1, reasons: [{ phase: 'approve' }] });
    if (result.outcome !== 'stored') throw new Error('unreachable');
    expect(result.draft.body).toBe('Good point.\nSee https://example.com');
    expect(result.draft.bodyHtml).toContain('rel="nofollow ugc noopener"');
  });

  it('stops at the first deciding phase: spam beats hold, reject beats spam', () => {
    const spammyFirstTimer = runCommentPipeline(submission({ honeypot: 'x' }), facts({ hasApprovedComment: false }));
    expect(spammyFirstTimer).toMatchObject({ outcome: 'stored', status: 'spam', reasons: [{ phase: 'honeypot' }] });
    const invalidSpam = runCommentPipeline(submission({ body: '', honeypot: 'x' }), facts());
    expect(invalidSpam).toEqual({ outcome: 'invalid', errors: { body: 'Please enter your comment!' } });
    const closed = runCommentPipeline(submission(), facts({ article: null }));
    expect(closed.outcome).toBe('rejected');
  });

  it('holds a first-time commenter with the reason stored', () => {
    expect(runCommentPipeline(submission(), facts({ hasApprovedComment: false }))).toMatchObject({
      status: 'pending',
      reasons: [{ phase: 'first-comment', reason: 'first comment from this email address' }],
    });
  });

  it('runs the stages in the documented order', () => {
    expect(COMMENT_PHASES.map((p) => p.name)).toEqual([
      'validation',
      'article-open',
      'flood',
      'duplicate',
      'normalize',
      'link-urls',
      'honeypot',
      'form-timing',
      'disallowed-list',
      'learned-filter',
      'moderation-list',
      'too-many-links',
      'premoderated-section',
      'first-comment',
    ]);
  });
});
