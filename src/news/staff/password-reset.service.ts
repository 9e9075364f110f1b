import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { PasswordLinkPurpose } from '../vocabulary.js';
import type { Db } from '../../platform/db/types.js';
import { hashPassword } from '../../platform/security/passwords.js';
import type { SessionService } from '../../platform/security/sessions.js';
import type { AuditService } from '../audit/audit.service.js';
import { type Clock, isoNow } from '../shared/clock.js';
import { DomainError, invalid, notFound } from '../shared/errors.js';
import {
  claimPasswordResetLink,
  findPasswordResetLinkByHash,
  insertPasswordResetLink,
  openPasswordResetLinks,
  purgeEndedPasswordResetLinks,
  revokeOpenPasswordResetLinks,
} from './password-reset.repository.js';
import { findUserById, updateUser } from './user.repository.js';
import { type AccountActor, passwordProblem, type StaffUser, toStaffUser, viaOf } from './staff-user.js';

export const RESET_LINK_LIFETIME_MS = 24 * 3600 * 1000;
export const INVITE_LINK_LIFETIME_MS = 7 * 24 * 3600 * 1000;
const LIFETIME_MS: Record<PasswordLinkPurpose, number> = { reset: RESET_LINK_LIFETIME_MS, invite: INVITE_LINK_LIFETIME_MS };

/** Where a link leads: the public "Choose a password" page (newsroom/users/reset.routes.tsx). */
export const PASSWORD_RESET_PATH = '/newsroom/reset/';

/** The absolute address to hand out, under SITE_URL (which never ends in a slash). */
export function passwordResetUrl(siteUrl: string, token: string): string {
  return `${siteUrl}${PASSWORD_RESET_PATH}${token}`;
}

/** What the database keeps of a token: its SHA-256 hex. A copy of the table lets nobody choose a password. */
export function passwordResetTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The same answer for an unknown, used, revoked or expired link and a deactivated account: nothing to learn from it. */
export const LINK_NOT_VALID_MESSAGE = 'This link is not valid any more. Ask an administrator for a new one.';
const linkNotValid = () => new DomainError(LINK_NOT_VALID_MESSAGE, 'not_found');

/** A link just issued. The token is in no table: show or send it now, it cannot be looked up later. */
export interface IssuedPasswordLink {
  userId: number;
  purpose: PasswordLinkPurpose;
  token: string;
  expiresAt: string;
}

/** A link that can still be used, and whose account it is. */
export interface OpenPasswordLink {
  user: StaffUser;
  purpose: PasswordLinkPurpose;
  expiresAt: string;
}

export interface PasswordResetServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  sessions: SessionService;
  audit: AuditService;
}

/**
 * Single-use links to choose a password: resets (24 hours) and invitations (7 days). The token is 32 random bytes in
 * the link; the table holds its SHA-256 only. A new link for an account revokes its older unused ones; using one sets
 * the password and signs the account out everywhere.
 */
export class PasswordResetService {
  constructor(private readonly deps: PasswordResetServiceDeps) {}

  /** Issues a link inside the caller's transaction (which audits it), revoking the account's older unused links. */
  async issueIn(db: Db, userId: number, purpose: PasswordLinkPurpose, createdBy: number | null): Promise<IssuedPasswordLink> {
    const token = randomBytes(32).toString('base64url');
    const now = this.deps.clock.now();
    const expiresAt = new Date(now.getTime() + LIFETIME_MS[purpose]).toISOString();
    await revokeOpenPasswordResetLinks(db, userId, now.toISOString());
    await insertPasswordResetLink(db, {
      user_id: userId,
      token_hash: passwordResetTokenHash(token),
      purpose,
      created_by: createdBy,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      used_at: null,
      revoked_at: null,
    });
    return { userId, purpose, token, expiresAt };
  }

  /** A reset link for an active account, audited as 'user.reset_link_issued'. */
  async issueReset(userId: number, actor: AccountActor): Promise<IssuedPasswordLink> {
    const row = await findUserById(this.deps.db, userId);
    if (!row) throw notFound('User');
    if (!row.active) {
      throw new DomainError('This account is deactivated: reactivate it before sending a password link.', 'conflict');
    }
    return this.deps.db.transaction().execute(async (trx) => {
      const link = await this.issueIn(trx, userId, 'reset', actor.userId);
      await this.deps.audit.record(
        {
          actorId: actor.userId,
          action: 'user.reset_link_issued',
          subjectType: 'user',
          subjectId: userId,
          after: { expiresAt: link.expiresAt, ...viaOf(actor) },
          ip: actor.ip ?? null,
        },
        trx,
      );
      return link;
    });
  }

  /** Revokes the account's unused links, in the caller's transaction (deactivation). */
  async revokeAllIn(db: Db, userId: number): Promise<number> {
    return revokeOpenPasswordResetLinks(db, userId, isoNow(this.deps.clock));
  }

  /** The link's account and purpose while it can be used (unused, unrevoked, unexpired, account active); else null. */
  async check(token: string): Promise<OpenPasswordLink | null> {
    if (!token || token.length > 200) return null;
    const link = await findPasswordResetLinkByHash(this.deps.db, passwordResetTokenHash(token));
    if (!link || link.used_at !== null || link.revoked_at !== null || Date.parse(link.expires_at) <= this.deps.clock.now().getTime()) return null;
    const user = await findUserById(this.deps.db, link.user_id);
    if (!user || !user.active) return null;
    return { user: toStaffUser(user), purpose: link.purpose, expiresAt: link.expires_at };
  }

  /**
   * Sets the account's password through a link and uses the link up; every session of the account ends. Throws
   * `invalid` (details.password) for an unacceptable password, leaving the link usable, and `not_found` with
   * LINK_NOT_VALID_MESSAGE when the link cannot be used.
   */
  async redeem(token: string, password: string, ip: string | null): Promise<StaffUser> {
    const open = await this.check(token);
    if (!open) throw linkNotValid();
    const problem = passwordProblem(password);
    if (problem) throw invalid(problem, { password: problem });
    const passwordHash = await hashPassword(password);
    const { user } = open;
    await this.deps.db.transaction().execute(async (trx) => {
      const link = await findPasswordResetLinkByHash(trx, passwordResetTokenHash(token));
      // Used, revoked (a newer link, a deactivation) or expired since check(): the conditional claim says so.
      if (!link || !(await claimPasswordResetLink(trx, link.id, isoNow(this.deps.clock)))) throw linkNotValid();
      await updateUser(trx, user.id, { password_hash: passwordHash });
      const sessionsEnded = await this.deps.sessions.revokeAllForUser(user.id, trx);
      await this.deps.audit.record(
        { actorId: user.id, action: 'user.password_reset', subjectType: 'user', subjectId: user.id, after: { via: `${open.purpose}_link`, sessionsEnded }, ip },
        trx,
      );
    });
    return user;
  }

  /**
   * Deletes links that ended (used, revoked or expired) more than `days` days ago; returns how many. Nothing reads an
   * ended link (the page answers the same for it as for an unknown one); recent ones are kept only for looking into
   * a "my link did not work".
   */
  async purgeEnded(days = 7): Promise<number> {
    const cutoff = new Date(this.deps.clock.now().getTime() - days * 24 * 3600_000).toISOString();
    return purgeEndedPasswordResetLinks(this.deps.db, cutoff);
  }

  /** The open link of each account that has one, by user id (the users screen shows pending invitations). */
  async openLinksByUser(): Promise<Map<number, { purpose: PasswordLinkPurpose; expiresAt: string }>> {
    const rows = await openPasswordResetLinks(this.deps.db, isoNow(this.deps.clock));
    return new Map(rows.map((row) => [row.user_id, { purpose: row.purpose, expiresAt: row.expires_at }]));
  }
}
