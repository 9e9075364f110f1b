import { describe, expect, it } from 'vitest';
import { articleOpen, duplicate, flood, MESSAGES, validateFields, validation } from './reject.js';
import { draft, facts, NOW, submission } from './test-fixtures.js';

describe('validation', () => {
  it('says the original site’s words for an empty comment, a missing name and a bad email', () => {
    expect(validateFields({ body: ' \n\t ', name: '', email: 'not-an-email', url: '' })).toEqual({
      body: 'Please enter your comment!',
      name: 'Please enter your name here',
      email: 'You have entered an incorrect email address!',
    });
    expect(validateFields({ body: 'ok', name: 'A', email: '', url: '' }).email).toBe('You have entered an incorrect email address!');
  });

  it('gives clear messages for lengths and website addresses', () => {
    const errors = validateFields({ body: 'x'.repeat(5001), name: 'n'.repeat(101), email: 'a@b.co', url: 'javascript:alert(1)' });
    expect(errors.body).toBe(MESSAGES.bodyTooLong(5001));
    expect(errors.body).toContain('5,000');
    expect(errors.name).toBe(MESSAGES.nameTooLong);
    expect(errors.url).toBe(MESSAGES.urlInvalid);
    expect(validateFields({ body: 'b', name: 'n', email: 'a@b.co', url: `https://x.com/${'p'.repeat(200)}` }).url).toBe(MESSAGES.urlTooLong);
  });

  it('accepts a valid comment and counts a comment of only control characters as empty', () => {
    expect(validation.run(draft(), submission(), facts())).toEqual({});
    expect(validateFields({ body: '\u200b\u0007', name: 'A', email: 'a@b.co', url: '' }).body).toBe(MESSAGES.bodyMissing);
  });
});

describe('article-open', () => {
  const run = (f: ReturnType<typeof facts>) => articleOpen.run(draft(), submission(), f).decision;
  it('rejects a missing article, closed comments, a closed section and a vanished parent', () => {
    expect(run(facts({ article: null }))).toEqual({ kind: 'reject', message: MESSAGES.articleMissing });
    const article = facts().article!;
    expect(run(facts({ article: { ...article, commentsOpen: false } }))).toEqual({ kind: 'reject', message: MESSAGES.closed });
    expect(run(facts({ article: { ...article, sectionPolicy: 'closed' } }))).toEqual({ kind: 'reject', message: MESSAGES.closed });
    expect(run(facts({ parentOk: false }))).toEqual({ kind: 'reject', message: MESSAGES.parentMissing });
  });

  it('closes comments N days after publication only when that setting is on', () => {
    const old = { ...facts().article!, publishedAt: new Date(NOW.getTime() - 15 * 86_400_000).toISOString() };
    expect(run(facts({ article: old }))).toBeUndefined();
    expect(run(facts({ article: old }, { closeAfterDays: 14 }))).toEqual({ kind: 'reject', message: MESSAGES.closedByAge(14) });
    expect(run(facts({ article: old }, { closeAfterDays: 30 }))).toBeUndefined();
  });
});

describe('flood', () => {
  it('rejects a second comment from the same IP or email within 15 seconds', () => {
    const recent = new Date(NOW.getTime() - 10_000).toISOString();
    const older = new Date(NOW.getTime() - 16_000).toISOString();
    expect(flood.run(draft(), submission(), facts({ lastCommentFromIpAt: recent })).decision).toEqual({ kind: 'reject', message: MESSAGES.flood });
    expect(flood.run(draft(), submission(), facts({ lastCommentFromEmailAt: recent })).decision?.kind).toBe('reject');
    expect(flood.run(draft(), submission(), facts({ lastCommentFromIpAt: older, lastCommentFromEmailAt: older })).decision).toBeUndefined();
  });
});

describe('duplicate', () => {
  it('rejects the same text the author already posted on the article, ignoring spacing', () => {
    const f = facts({ previousBodies: ['Same words here.'] });
    expect(duplicate.run(draft({ body: '  Same   words here.  ' }), submission(), f).decision).toEqual({ kind: 'reject', message: MESSAGES.duplicate });
    expect(duplicate.run(draft({ body: 'Different words.' }), submission(), f).decision).toBeUndefined();
  });
});
