import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from './roles.js';
import { can, commentModerationScope, STAFF_ACTIONS, type StaffAction } from './policy.js';

const MY_PERSON = 7;
const MY_USER = 70;
// Each resource is both an article (its byline) and a media item (its uploader), so one table covers both kinds.
const mine = { articleAuthorPersonIds: [3, MY_PERSON], uploadedByUserId: MY_USER };
const theirs = { articleAuthorPersonIds: [3, 4], uploadedByUserId: 71 };

/** The whole policy as a table: role -> action -> [no resource, my article, someone else's article]. */
const EXPECTED: Record<Role, Record<StaffAction, [boolean, boolean, boolean]>> = {
  admin: {
    'newsroom.enter': [true, true, true],
    'comments.queue': [true, true, true],
    'comments.moderate': [true, true, true],
    'users.manage': [true, true, true],
    'settings.manage': [true, true, true],
    'webhooks.manage': [true, true, true],
    'imports.run': [true, true, true],
    'articles.write': [true, true, true],
    'articles.edit_any': [true, true, true],
    'articles.publish': [true, true, true],
    'articles.submit': [true, true, true],
    'media.manage': [true, true, true],
    'corrections.manage': [true, true, true],
    'sections.manage': [true, true, true],
    'tags.manage': [true, true, true],
    'articles.delete': [true, true, true],
    'audit.view': [true, true, true],
  },
  editor: {
    'newsroom.enter': [true, true, true],
    'comments.queue': [true, true, true],
    'comments.moderate': [true, true, true],
    'users.manage': [false, false, false],
    'settings.manage': [false, false, false],
    'webhooks.manage': [false, false, false],
    'imports.run': [false, false, false],
    'articles.write': [true, true, true],
    'articles.edit_any': [true, true, true],
    'articles.publish': [true, true, true],
    'articles.submit': [true, true, true],
    'media.manage': [true, true, true],
    'corrections.manage': [true, true, true],
    'sections.manage': [true, true, true],
    'tags.manage': [true, true, true],
    'articles.delete': [true, true, true],
    'audit.view': [true, true, true],
  },
  author: {
    'newsroom.enter': [true, true, true],
    'comments.queue': [true, true, true],
    'comments.moderate': [false, true, false],
    'users.manage': [false, false, false],
    'settings.manage': [false, false, false],
    'webhooks.manage': [false, false, false],
    'imports.run': [false, false, false],
    'articles.write': [true, true, false],
    'articles.edit_any': [false, false, false],
    'articles.publish': [false, true, false],
    'articles.submit': [true, true, false],
    'media.manage': [true, true, false],
    'corrections.manage': [false, false, false],
    'sections.manage': [false, false, false],
    'tags.manage': [false, false, false],
    'articles.delete': [true, true, false],
    'audit.view': [false, false, false],
  },
  contributor: {
    'newsroom.enter': [true, true, true],
    'comments.queue': [false, false, false],
    'comments.moderate': [false, false, false],
    'users.manage': [false, false, false],
    'settings.manage': [false, false, false],
    'webhooks.manage': [false, false, false],
    'imports.run': [false, false, false],
    'articles.write': [true, true, false],
    'articles.edit_any': [false, false, false],
    'articles.publish': [false, false, false],
    'articles.submit': [true, true, false],
    'media.manage': [true, true, false],
    'corrections.manage': [false, false, false],
    'sections.manage': [false, false, false],
    'tags.manage': [false, false, false],
    'articles.delete': [true, true, false],
    'audit.view': [false, false, false],
  },
};

describe('newsroom policy', () => {
  it('covers every role and every action', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ROLES].sort());
    for (const role of ROLES) expect(Object.keys(EXPECTED[role]).sort()).toEqual([...STAFF_ACTIONS].sort());
  });

  for (const role of ROLES) {
    for (const action of STAFF_ACTIONS) {
      const [plain, onMine, onTheirs] = EXPECTED[role][action];
      it(`${role} ${plain || onMine ? 'may' : 'may not'} ${action}`, () => {
        const user = { role, personId: MY_PERSON, id: MY_USER };
        expect(can(user, action)).toBe(plain);
        expect(can(user, action, mine)).toBe(onMine);
        expect(can(user, action, theirs)).toBe(onTheirs);
      });
    }
  }

  it('denies everything to nobody and to deactivated accounts', () => {
    for (const action of STAFF_ACTIONS) {
      expect(can(null, action)).toBe(false);
      expect(can(undefined, action, mine)).toBe(false);
      expect(can({ role: 'admin', personId: MY_PERSON, active: false }, action, mine)).toBe(false);
    }
  });

  it('gives an author without a byline person no comments to moderate', () => {
    expect(can({ role: 'author', personId: null }, 'comments.moderate', mine)).toBe(false);
    expect(commentModerationScope({ role: 'author', personId: null })).toBe('none');
  });

  it('lets nobody publish or write in the byline of others without a byline person of their own', () => {
    expect(can({ role: 'author', personId: null }, 'articles.publish', mine)).toBe(false);
    expect(can({ role: 'contributor', personId: null }, 'articles.write', mine)).toBe(false);
    expect(can({ role: 'contributor', personId: null }, 'articles.write')).toBe(true);
  });

  it('counts an article they created as their own, even without a byline person or when taken off the byline', () => {
    const created = { articleAuthorPersonIds: [3], createdByUserId: MY_USER };
    for (const role of ['author', 'contributor'] as const) {
      const withoutPerson = { role, personId: null, id: MY_USER };
      expect(can(withoutPerson, 'articles.write', created)).toBe(true);
      expect(can(withoutPerson, 'articles.submit', created)).toBe(true);
      expect(can(withoutPerson, 'articles.delete', created)).toBe(true);
      expect(can({ role, personId: MY_PERSON, id: MY_USER }, 'articles.write', created)).toBe(true);
      expect(can({ role, personId: null, id: 71 }, 'articles.write', created)).toBe(false);
      // Comments follow the byline only.
      expect(can(withoutPerson, 'comments.moderate', created)).toBe(false);
    }
    expect(can({ role: 'author', personId: null, id: MY_USER }, 'articles.publish', created)).toBe(true);
    expect(can({ role: 'contributor', personId: null, id: MY_USER }, 'articles.publish', created)).toBe(false);
    expect(can({ role: 'author', personId: null }, 'articles.write', { articleAuthorPersonIds: [], createdByUserId: null })).toBe(false);
  });

  it('tells a moderation queue how far it reaches', () => {
    expect(commentModerationScope({ role: 'admin', personId: null })).toBe('all');
    expect(commentModerationScope({ role: 'editor', personId: 1 })).toBe('all');
    expect(commentModerationScope({ role: 'author', personId: 1 })).toBe('byline');
    expect(commentModerationScope({ role: 'contributor', personId: 1 })).toBe('none');
    expect(commentModerationScope({ role: 'editor', personId: 1, active: false })).toBe('none');
    expect(commentModerationScope(null)).toBe('none');
  });
});
