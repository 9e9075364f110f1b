import { describe, expect, it } from 'vitest';
import { firstComment, moderationList, premoderatedSection, tooManyLinks } from './hold.js';
import { draft, facts, submission } from './test-fixtures.js';

describe('moderation-list', () => {
  it('holds a comment that matches an entry', () => {
    const f = facts({}, { moderationList: 'lawsuit\n' });
    expect(moderationList.run(draft({ body: 'A lawsuit is coming' }), submission(), f).decision).toMatchObject({ status: 'pending' });
    expect(moderationList.run(draft(), submission(), f).decision).toBeUndefined();
  });
});

describe('too-many-links', () => {
  it('holds more links than the setting allows', () => {
    const body = 'https://a.example https://b.example www.c.example';
    expect(tooManyLinks.run(draft({ body }), submission(), facts()).decision).toMatchObject({ status: 'pending', reason: '3 links (more than 2)' });
    expect(tooManyLinks.run(draft({ body }), submission(), facts({}, { maxLinks: 3 })).decision).toBeUndefined();
  });
});

describe('premoderated-section', () => {
  it('holds every comment in a premoderated section', () => {
    const article = { ...facts().article!, sectionPolicy: 'premoderated' as const };
    expect(premoderatedSection.run(draft(), submission(), facts({ article })).decision).toMatchObject({ status: 'pending' });
    expect(premoderatedSection.run(draft(), submission(), facts()).decision).toBeUndefined();
  });
});

describe('first-comment', () => {
  it('holds an author with no approved comment, unless the setting is off', () => {
    expect(firstComment.run(draft(), submission(), facts({ hasApprovedComment: false })).decision).toMatchObject({ status: 'pending' });
    expect(firstComment.run(draft(), submission(), facts({ hasApprovedComment: false }, { requirePriorApproval: false })).decision).toBeUndefined();
    expect(firstComment.run(draft(), submission(), facts()).decision).toBeUndefined();
  });
});
