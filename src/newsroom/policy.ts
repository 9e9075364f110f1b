import type { Role } from '../news/staff/roles.js';

/**
 * The one place that decides what a staff member may do. Routes, views and services ask `can()`; nothing else
 * compares roles. Add an action here (and a row to policy.test.ts) before using it anywhere.
 *
 * | action             | admin | editor | author                      | contributor |
 * | ------------------ | ----- | ------ | --------------------------- | ----------- |
 * | newsroom.enter     | yes   | yes    | yes                         | yes         |
 * | comments.queue     | yes   | yes    | yes (sees only their own)   | no          |
 * | comments.moderate  | yes   | yes    | only on articles they wrote | no          |
 * | users.manage       | yes   | no     | no                          | no          |
 * | settings.manage    | yes   | no     | no                          | no          |
 * | webhooks.manage    | yes   | no     | no                          | no          |
 *
 * `comments.moderate` without a resource asks "may they moderate comments on ANY article?" (false for authors).
 * For a comment on a particular article, pass `{ articleAuthorPersonIds }` (the article's byline people). To build
 * a moderation queue, use `commentModerationScope()`: 'all', 'byline' (only articles in their byline) or 'none'.
 */
export const STAFF_ACTIONS = ['newsroom.enter', 'comments.queue', 'comments.moderate', 'users.manage', 'settings.manage', 'webhooks.manage'] as const;
export type StaffAction = (typeof STAFF_ACTIONS)[number];

/** What the policy needs to know about a user; a StaffUser or the request's `staff` fits. */
export interface Actor {
  role: Role;
  /** The user's byline person, if any. */
  personId: number | null;
  /** Deactivated accounts may do nothing (they cannot sign in either). Absent means active. */
  active?: boolean;
}

/** The article a comment belongs to: who is in its byline. */
export interface ArticleResource {
  articleAuthorPersonIds: readonly number[];
}

export type CommentModerationScope = 'all' | 'byline' | 'none';

export function commentModerationScope(user: Actor | null | undefined): CommentModerationScope {
  if (!user || user.active === false) return 'none';
  switch (user.role) {
    case 'admin':
    case 'editor':
      return 'all';
    case 'author':
      return user.personId === null ? 'none' : 'byline';
    case 'contributor':
      return 'none';
  }
}

export function can(user: Actor | null | undefined, action: StaffAction, resource?: ArticleResource): boolean {
  if (!user || user.active === false) return false;
  switch (action) {
    case 'newsroom.enter':
      return true;
    // Opening the moderation queue: anyone who may moderate some comments (the queue shows only those).
    case 'comments.queue':
      return commentModerationScope(user) !== 'none';
    case 'comments.moderate': {
      const scope = commentModerationScope(user);
      if (scope === 'all') return true;
      if (scope === 'none' || !resource) return false;
      return user.personId !== null && resource.articleAuthorPersonIds.includes(user.personId);
    }
    case 'users.manage':
    case 'settings.manage':
    case 'webhooks.manage':
      return user.role === 'admin';
  }
}
