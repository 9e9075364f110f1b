import type { CommentDraft, CommentFacts, CommentSubmission } from '../pipeline.types.js';

/** Inputs for phase tests: a valid submission and facts under which it would be approved; tests override parts. */
export const NOW = new Date('2026-02-09T12:00:00.000Z');

export function submission(overrides: Partial<CommentSubmission> = {}): CommentSubmission {
  return {
    articleId: 1,
    parentId: null,
    body: 'A thoughtful comment about the story.',
    name: 'Ana Reader',
    email: 'ana@example.com',
    url: '',
    honeypot: '',
    formToken: 'token',
    ip: '203.0.113.7',
    userAgent: 'test',
    ...overrides,
  };
}

export function facts(overrides: Partial<CommentFacts> = {}, settings: Partial<CommentFacts['settings']> = {}): CommentFacts {
  return {
    now: NOW,
    article: { id: 1, commentsOpen: true, publishedAt: '2026-02-09T08:00:00.000Z', sectionPolicy: 'open' },
    parentOk: true,
    settings: { closeAfterDays: 0, maxLinks: 2, requirePriorApproval: true, disallowedList: '', moderationList: '', ...settings },
    lastCommentFromIpAt: null,
    lastCommentFromEmailAt: null,
    previousBodies: [],
    hasApprovedComment: true,
    formIssuedAt: new Date(NOW.getTime() - 60_000),
    spamScore: () => 0.1,
    spamThreshold: 0.5,
    ...overrides,
  };
}

export function draft(overrides: Partial<CommentDraft> = {}): CommentDraft {
  const s = submission();
  return { body: s.body, bodyHtml: '', name: s.name, email: s.email, url: s.url, ...overrides };
}
