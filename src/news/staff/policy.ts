import type { Role } from './roles.js';

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
 * | imports.run        | yes   | no     | no                          | no          |
 * | articles.write     | yes   | yes    | yes: new ones and their own | yes: new ones and their own |
 * | articles.edit_any  | yes   | yes    | no                          | no          |
 * | articles.publish   | yes   | yes    | only articles they wrote    | no          |
 * | articles.submit    | yes   | yes    | yes: their own              | yes: their own |
 * | articles.delete    | yes   | yes    | their own (drafts: handler) | their own (drafts: handler) |
 * | media.manage       | yes   | yes    | upload; edit/delete own     | upload; edit/delete own |
 * | corrections.manage | yes   | yes    | no                          | no          |
 * | sections.manage    | yes   | yes    | no                          | no          |
 * | tags.manage        | yes   | yes    | no                          | no          |
 * | audit.view         | yes   | yes    | no                          | no          |
 *
 * `comments.moderate` without a resource asks "may they moderate comments on ANY article?" (false for authors).
 * For a comment on a particular article, pass `{ articleAuthorPersonIds }` (the article's byline people). To build
 * a moderation queue, use `commentModerationScope()`: 'all', 'byline' (only articles in their byline) or 'none'.
 *
 * The article actions work the same way: without a resource they ask "may they do this at all" (write: create an
 * article; publish: publish ANY article), with `{ articleAuthorPersonIds, createdByUserId }` "may they do it to
 * THIS article". An article is a writer's own when they are in its byline or created it (so a writer whose account
 * has no byline person still owns what they wrote). `articles.delete` covers the trash: moving there, restoring and
 * deleting for good.
 * Statuses (a contributor edits only drafts) are the handler's business, not the policy's.
 */
export const STAFF_ACTIONS = [
  'newsroom.enter',
  'comments.queue',
  'comments.moderate',
  'users.manage',
  'settings.manage',
  'webhooks.manage',
  // Importing a whole site from WordPress (from the newsroom): writes every kind of content, removes the demo.
  'imports.run',
  'articles.write',
  'articles.edit_any',
  'articles.publish',
  'articles.submit',
  'media.manage',
  'corrections.manage',
  'sections.manage',
  'tags.manage',
  'articles.delete',
  'audit.view',
] as const;
export type StaffAction = (typeof STAFF_ACTIONS)[number];

/** What the policy needs to know about a user; a StaffUser or the request's `staff` fits. */
export interface Actor {
  role: Role;
  /** The user's byline person, if any. */
  personId: number | null;
  /** The user's account id (for ownership checks such as `media.manage`). */
  id?: number;
  /** Deactivated accounts may do nothing (they cannot sign in either). Absent means active. */
  active?: boolean;
}

/** The article a comment belongs to: who is in its byline (and, for article actions, who created it). */
export interface ArticleResource {
  articleAuthorPersonIds: readonly number[];
  /** The account that created the article; it is theirs even when they are not in the byline. */
  createdByUserId?: number | null;
}

/**
 * A media-library item: who uploaded it. `media.manage` without a resource asks "may they upload"; with one,
 * "may they edit or delete THIS item" (editors and admins: any; others: their own uploads).
 */
export interface MediaResource {
  uploadedByUserId: number | null;
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

export function can(user: Actor | null | undefined, action: StaffAction, target?: ArticleResource | MediaResource): boolean {
  if (!user || user.active === false) return false;
  const resource = target && 'articleAuthorPersonIds' in target ? target : undefined;
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
    case 'imports.run':
      return user.role === 'admin';
    case 'media.manage': {
      const media = target && 'uploadedByUserId' in target ? target : undefined;
      if (!media || user.role === 'admin' || user.role === 'editor') return true;
      return user.id !== undefined && media.uploadedByUserId === user.id;
    }
    case 'articles.edit_any':
    // Appending a correction to any article (published or not).
    case 'corrections.manage':
    // The site's structure: sections (tree, slugs, comment policy, deletion) and tags (rename, merge, delete).
    case 'sections.manage':
    case 'tags.manage':
    // The whole audit log: sign-ins, accounts, articles, comments, settings.
    case 'audit.view':
      return user.role === 'admin' || user.role === 'editor';
    // Writing (and submitting for review): anyone may start an article; on an existing one, editors may touch any,
    // others only those in their byline.
    case 'articles.write':
    case 'articles.submit':
    case 'articles.delete':
      if (!resource || user.role === 'admin' || user.role === 'editor') return true;
      return ownsArticle(user, resource);
    case 'articles.publish':
      if (user.role === 'admin' || user.role === 'editor') return true;
      if (user.role === 'contributor' || !resource) return false;
      return ownsArticle(user, resource);
  }
}

function ownsArticle(user: Actor, resource: ArticleResource): boolean {
  if (user.personId !== null && resource.articleAuthorPersonIds.includes(user.personId)) return true;
  return user.id !== undefined && resource.createdByUserId !== undefined && resource.createdByUserId !== null && resource.createdByUserId === user.id;
}
