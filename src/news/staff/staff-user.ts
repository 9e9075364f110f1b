import type { UserRow } from '../../platform/db/schema.js';
import { MAX_PASSWORD_LENGTH } from '../../platform/security/passwords.js';
import type { SessionUser } from '../../platform/security/sessions.js';

/**
 * What the staff services share (user.service.ts, password-reset.service.ts): the account as the app sees it, who
 * is changing one, and the password rule. A leaf of news/staff: it imports no service.
 */

export const MIN_PASSWORD_LENGTH = 12;
export const PASSWORD_TOO_SHORT = `The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`;

/** A staff account as the rest of the app sees it: never the password hash. */
export interface StaffUser extends SessionUser {
  active: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

/** Who is changing an account: an administrator (userId) or the command line (null), for the audit log. */
export interface AccountActor {
  userId: number | null;
  ip?: string | null;
  /** Recorded in the audit entry when set, e.g. 'cli'. */
  via?: string;
}

export function viaOf(actor: AccountActor): { via?: string } {
  return actor.via === undefined ? {} : { via: actor.via };
}

export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return PASSWORD_TOO_SHORT;
  if (password.length > MAX_PASSWORD_LENGTH) return `The password must be at most ${MAX_PASSWORD_LENGTH} characters long.`;
  return null;
}

export function toStaffUser(row: UserRow): StaffUser {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    personId: row.person_id,
    // SQLite hands booleans back as 0/1.
    active: Boolean(row.active),
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
  };
}
