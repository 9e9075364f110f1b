import { describe, expect, it } from 'vitest';
import { disallowedList, formTiming, honeypot, learnedFilter } from './spam.js';
import { draft, facts, NOW, submission } from './test-fixtures.js';

describe('honeypot', () => {
  it('marks spam when the hidden field is filled', () => {
    expect(honeypot.run(draft(), submission({ honeypot: 'http://spam' }), facts()).decision).toMatchObject({ kind: 'status', status: 'spam' });
    expect(honeypot.run(draft(), submission(), facts()).decision).toBeUndefined();
  });
});

describe('form-timing', () => {
  it('marks spam for a missing or forged token and for a form sent in under 3 seconds', () => {
    expect(formTiming.run(draft(), submission(), facts({ formIssuedAt: null })).decision).toMatchObject({ status: 'spam' });
    const fast = facts({ formIssuedAt: new Date(NOW.getTime() - 2_000) });
    expect(formTiming.run(draft(), submission(), fast).decision).toMatchObject({ status: 'spam', reason: expect.stringContaining('2.0 s') });
    expect(formTiming.run(draft(), submission(), facts({ formIssuedAt: new Date(NOW.getTime() - 3_000) })).decision).toBeUndefined();
  });
});

describe('disallowed-list', () => {
  const run = (list: string, d = draft(), ip = '203.0.113.7') => disallowedList.run(d, submission({ ip }), facts({}, { disallowedList: list })).decision;
  it('matches whole words, emails, email domains and IP prefixes', () => {
    expect(run('casino')).toBeUndefined();
    expect(run('casino', draft({ body: 'Best CASINO bonus' }))).toMatchObject({ status: 'spam', reason: expect.stringContaining('casino') });
    expect(run('casino', draft({ body: 'casinos are not the word' }))).toBeUndefined();
    expect(run('ana@example.com')).toMatchObject({ status: 'spam' });
    expect(run('@example.com')).toMatchObject({ status: 'spam' });
    expect(run('203.0.113.')).toMatchObject({ status: 'spam' });
    expect(run('198.51.100.')).toBeUndefined();
  });
});

describe('learned-filter', () => {
  it('marks a new author’s comment spam at or over the threshold, and always reports the score', () => {
    const newAuthor = { hasApprovedComment: false };
    expect(learnedFilter.run(draft(), submission(), facts({ ...newAuthor, spamScore: () => 0.97 }))).toMatchObject({
      spamScore: 0.97,
      decision: { status: 'spam' },
    });
    expect(learnedFilter.run(draft(), submission(), facts({ ...newAuthor, spamScore: () => 0.5 }))).toMatchObject({ decision: { status: 'spam' } });
    expect(learnedFilter.run(draft(), submission(), facts({ ...newAuthor, spamScore: () => 0.2 }))).toEqual({ spamScore: 0.2 });
  });

  it('holds, never spams, a high-scoring comment from an author with approved comments', () => {
    expect(learnedFilter.run(draft(), submission(), facts({ spamScore: () => 0.97 }))).toMatchObject({ decision: { status: 'pending' } });
  });
});
