import { USER_ROLES, type UserRole } from '../vocabulary.js';

/**
 * Staff roles, most powerful first. What each role may do is decided in one place, news/staff/policy.ts; this
 * module only names and describes them.
 */
export type Role = UserRole;
export const ROLES: readonly Role[] = USER_ROLES;

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  editor: 'Editor',
  author: 'Author',
  contributor: 'Contributor',
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: 'Everything, including staff accounts and site settings.',
  editor: 'Edits and publishes any story and moderates all comments.',
  author: 'Writes and publishes their own stories and moderates comments on them.',
  contributor: 'Writes drafts for an editor to review.',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
