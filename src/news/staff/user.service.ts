import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../../platform/db/dialect.js';
import type { Database } from '../../platform/db/schema.js';
import { generatePassword, hashPassword, needsRehash, verifyPassword } from '../../platform/security/passwords.js';
import type { SessionService } from '../../platform/security/sessions.js';
import type { AuditService } from '../audit/audit.service.js';
import { PeopleService } from '../people/people.service.js';
import { type Clock, isoNow } from '../shared/clock.js';
import { DomainError, invalid, notFound } from '../shared/errors.js';
import { slugify } from '../shared/slug.js';
import type { IssuedPasswordLink, PasswordResetService } from './password-reset.service.js';
import { type Role, ROLES, isRole } from './roles.js';
import { type AccountActor, type StaffUser, passwordProblem, toStaffUser, viaOf } from './staff-user.js';
import {
  countUsers,
  findUserByEmail,
  findUserById,
  findUserByPersonId,
  insertUser,
  listPeopleWithoutAccount,
  listUsers,
  listUsersWithBylines,
  lockActiveAdmins,
  personExists,
  personSlugTaken,
  updateUser,
} from './user.repository.js';

const MAX_EMAIL_LENGTH = 254;
const MAX_DISPLAY_NAME_LENGTH = 100;
export const DEFAULT_ADMIN_EMAIL = 'admin@localhost';

export interface NewUserInput {
  email: string;
  displayName: string;
  role: string;
  password: string;
  /** The byline person to attach; when absent a new person is created with the display name. */
  personId?: number | null;
}

/** An account with its byline person and its open password link, for the users screen. */
export interface StaffDirectoryEntry extends StaffUser {
  byline: { slug: string; displayName: string } | null;
  /** The link that can still be used to choose a password (an invitation not yet taken up, a reset), if any. */
  openLink: { purpose: 'reset' | 'invite'; expiresAt: string } | null;
}

export type InviteInput = Omit<NewUserInput, 'password'>;

const SYSTEM_ACTOR: AccountActor = { userId: null };

export const LAST_ADMIN_MESSAGE = 'The newsroom needs at least one active administrator: make another account an administrator first.';
export const OWN_ACCOUNT_DEACTIVATION_MESSAGE = 'You cannot deactivate your own account. Another administrator can.';

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Deliberately loose (admin@localhost is fine): one @, something either side, no spaces. */
function emailProblem(email: string): string | null {
  if (!email) return 'Enter an email address.';
  if (email.length > MAX_EMAIL_LENGTH || !/^[^\s@]+@[^\s@]+$/.test(email)) return 'Enter an email address such as name@example.com.';
  return null;
}

// Verifying against this when the email is unknown makes "no such account" cost the same as "wrong password".
let dummyHash: Promise<string> | null = null;
function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(24).toString('base64url'));
  return dummyHash;
}

function displayNameProblem(displayName: string): string | null {
  return !displayName || displayName.length > MAX_DISPLAY_NAME_LENGTH ? `Enter a display name of at most ${MAX_DISPLAY_NAME_LENGTH} characters.` : null;
}

const ROLE_PROBLEM = `The role must be one of ${ROLES.join(', ')}.`;

/** A checked, hashed new account, ready to insert. */
interface PreparedAccount {
  email: string;
  displayName: string;
  role: Role;
  personId: number | null;
  passwordHash: string;
}

export interface UserServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  sessions: SessionService;
  audit: AuditService;
  passwordResets: PasswordResetService;
}

/**
 * Staff accounts: creation and invitations, sign-in checks, passwords, roles and deactivation. Sessions live in
 * platform/security/sessions.ts, password links in password-reset.service.ts.
 */
export class UserService {
  constructor(private readonly deps: UserServiceDeps) {}

  async create(input: NewUserInput): Promise<StaffUser> {
    const account = await this.prepareAccount(input);
    // The byline person and the account are created together or not at all.
    const id = await this.deps.db.transaction().execute((trx) => this.insertAccount(trx, account));
    return (await this.findById(id))!;
  }

  /**
   * Creates an account nobody can sign in to yet (its password is random and never shown) and an invitation link
   * (7 days) to choose one, audited as 'user.invited', all in one transaction.
   */
  async invite(input: InviteInput, actor: AccountActor): Promise<{ user: StaffUser; link: IssuedPasswordLink }> {
    const account = await this.prepareAccount({ ...input, password: generatePassword() });
    const { id, link } = await this.deps.db.transaction().execute(async (trx) => {
      const id = await this.insertAccount(trx, account);
      const link = await this.deps.passwordResets.issueIn(trx, id, 'invite', actor.userId);
      await this.deps.audit.record(
        {
          actorId: actor.userId,
          action: 'user.invited',
          subjectType: 'user',
          subjectId: id,
          after: {
            email: account.email,
            displayName: account.displayName,
            role: account.role,
            personId: account.personId,
            expiresAt: link.expiresAt,
            ...viaOf(actor),
          },
          ip: actor.ip ?? null,
        },
        trx,
      );
      return { id, link };
    });
    return { user: (await this.findById(id))!, link };
  }

  /**
   * Changes an account's display name and role, auditing 'user.renamed' and 'user.role_changed' (before and after).
   * Refuses (conflict) to take the role of administrator from the last active one.
   */
  async update(userId: number, changes: { displayName: string; role: string }, actor: AccountActor = SYSTEM_ACTOR): Promise<StaffUser> {
    const current = await findUserById(this.deps.db, userId);
    if (!current) throw notFound('User');
    const displayName = changes.displayName.trim();
    const details: Record<string, string> = {};
    const nameError = displayNameProblem(displayName);
    if (nameError) details.displayName = nameError;
    if (!isRole(changes.role)) details.role = ROLE_PROBLEM;
    if (Object.keys(details).length) throw invalid(Object.values(details).join(' '), details);
    const role = changes.role as Role;

    await this.deps.db.transaction().execute(async (trx) => {
      if (role !== 'admin') await this.refuseIfLastAdmin(trx, userId, 'role');
      await updateUser(trx, userId, { display_name: displayName, role });
      const entry = { actorId: actor.userId, subjectType: 'user', subjectId: userId, ip: actor.ip ?? null };
      if (role !== current.role) {
        await this.deps.audit.record({ ...entry, action: 'user.role_changed', before: { role: current.role }, after: { role, ...viaOf(actor) } }, trx);
      }
      if (displayName !== current.display_name) {
        await this.deps.audit.record(
          { ...entry, action: 'user.renamed', before: { displayName: current.display_name }, after: { displayName, ...viaOf(actor) } },
          trx,
        );
      }
    });
    return (await this.findById(userId))!;
  }

  /** Checks a new account's fields (every problem at once) and hashes its password. */
  private async prepareAccount(input: NewUserInput): Promise<PreparedAccount> {
    const email = normalizeEmail(input.email);
    const displayName = input.displayName.trim();
    const details: Record<string, string> = {};
    const emailError = emailProblem(email);
    if (emailError) details.email = emailError;
    const nameError = displayNameProblem(displayName);
    if (nameError) details.displayName = nameError;
    if (!isRole(input.role)) details.role = ROLE_PROBLEM;
    const passwordError = passwordProblem(input.password);
    if (passwordError) details.password = passwordError;
    if (Object.keys(details).length) throw invalid(Object.values(details).join(' '), details);
    const role = input.role as Role;

    if (await findUserByEmail(this.deps.db, email)) {
      throw new DomainError(`There is already an account for ${email}.`, 'conflict', { email: 'This email already has an account.' });
    }
    const personId = input.personId ?? null;
    if (personId !== null) {
      if (!(await personExists(this.deps.db, personId))) throw invalid(`There is no person with id ${personId}.`, { personId: 'No such person.' });
      if (await findUserByPersonId(this.deps.db, personId)) {
        throw new DomainError('That byline already belongs to another account.', 'conflict', { personId: 'Already linked to an account.' });
      }
    }
    return { email, displayName, role, personId, passwordHash: await hashPassword(input.password) };
  }

  /** Inserts a prepared account, and a new byline person for it unless it attaches to an existing one. */
  private async insertAccount(trx: Kysely<Database>, account: PreparedAccount): Promise<number> {
    const { email, displayName } = account;
    try {
      const personId =
        account.personId ??
        (await new PeopleService({ db: trx, clock: this.deps.clock }).create({ displayName, slug: await this.freePersonSlug(trx, displayName, email) }));
      return await insertUser(trx, {
        email,
        display_name: displayName,
        password_hash: account.passwordHash,
        role: account.role,
        person_id: personId,
        active: true,
        created_at: isoNow(this.deps.clock),
        last_login_at: null,
      });
    } catch (error) {
      // Checked before, but another request got there between the check and this insert (two clicks, two admins).
      if (!isUniqueViolation(error)) throw error;
      throw new DomainError(`There is already an account for ${email}, or its byline was taken a moment ago. Check the list of users.`, 'conflict', {
        email: 'This email already has an account.',
      });
    }
  }

  /**
   * The user for a correct email and password, or null. Unknown emails are checked against a dummy hash so the
   * answer takes as long either way; inactive accounts are refused after the same work. A correct password is not
   * yet a sign-in (two-factor accounts still need their code): `recordSignIn` marks that, when a session starts.
   */
  async authenticate(email: string, password: string): Promise<StaffUser | null> {
    const normalized = normalizeEmail(email);
    const row = normalized && normalized.length <= MAX_EMAIL_LENGTH ? await findUserByEmail(this.deps.db, normalized) : undefined;
    const matches = await verifyPassword(row?.password_hash ?? (await getDummyHash()), password);
    if (!row || !matches || !row.active) return null;
    if (needsRehash(row.password_hash)) await updateUser(this.deps.db, row.id, { password_hash: await hashPassword(password) });
    return toStaffUser(row);
  }

  /** Records that the user signed in now (a session started): the users screen's "last sign-in". */
  async recordSignIn(userId: number): Promise<void> {
    await updateUser(this.deps.db, userId, { last_login_at: isoNow(this.deps.clock) });
  }

  /** Changes a password after checking the current one; every session of the user ends (the caller starts a new one). */
  async changePassword(userId: number, currentPassword: string, newPassword: string): Promise<void> {
    const row = await findUserById(this.deps.db, userId);
    if (!row) throw notFound('User');
    if (!(await verifyPassword(row.password_hash, currentPassword))) {
      throw invalid('The current password is not correct.', { currentPassword: 'The current password is not correct.' });
    }
    const problem = passwordProblem(newPassword);
    if (problem) throw invalid(problem, { newPassword: problem });
    if (newPassword === currentPassword) {
      throw invalid('Choose a password different from the current one.', { newPassword: 'Choose a password different from the current one.' });
    }
    await this.setPassword(userId, newPassword);
  }

  /** Sets a new random password (command line), ending every session. Returns it so it can be shown once. */
  async resetPassword(email: string): Promise<{ user: StaffUser; password: string }> {
    const user = await this.getByEmail(email);
    const password = generatePassword();
    await this.setPassword(user.id, password);
    return { user, password };
  }

  /**
   * Deactivating (audited 'user.deactivated') or reactivating ('user.reactivated') an account. A deactivated account
   * is signed out everywhere, its password links stop working and it cannot sign in; its byline person stays, so its
   * stories keep their byline. Nobody deactivates their own account, nor the last active administrator (conflict).
   */
  async setActive(userId: number, active: boolean, actor: AccountActor = SYSTEM_ACTOR): Promise<void> {
    if (!active && actor.userId === userId) throw new DomainError(OWN_ACCOUNT_DEACTIVATION_MESSAGE, 'conflict');
    const current = await findUserById(this.deps.db, userId);
    if (!current) throw notFound('User');
    if (Boolean(current.active) === active) return;
    await this.deps.db.transaction().execute(async (trx) => {
      if (!active) await this.refuseIfLastAdmin(trx, userId, 'active');
      await updateUser(trx, userId, { active });
      const after: Record<string, unknown> = { active, ...viaOf(actor) };
      if (!active) {
        after.sessionsEnded = await this.deps.sessions.revokeAllForUser(userId, trx);
        after.linksRevoked = await this.deps.passwordResets.revokeAllIn(trx, userId);
      }
      await this.deps.audit.record(
        {
          actorId: actor.userId,
          action: active ? 'user.reactivated' : 'user.deactivated',
          subjectType: 'user',
          subjectId: userId,
          before: { active: !active },
          after,
          ip: actor.ip ?? null,
        },
        trx,
      );
    });
  }

  /** Every account with its byline and open password link, by display name. */
  async directory(): Promise<StaffDirectoryEntry[]> {
    return this.directoryEntries();
  }

  async directoryEntry(userId: number): Promise<StaffDirectoryEntry> {
    const [entry] = await this.directoryEntries(userId);
    if (!entry) throw notFound('User');
    return entry;
  }

  private async directoryEntries(userId?: number): Promise<StaffDirectoryEntry[]> {
    const [rows, links] = await Promise.all([listUsersWithBylines(this.deps.db, userId), this.deps.passwordResets.openLinksByUser()]);
    return rows.map((row) => ({
      ...toStaffUser(row),
      byline: row.person_slug ? { slug: row.person_slug, displayName: row.person_name ?? '' } : null,
      openLink: links.get(row.id) ?? null,
    }));
  }

  /** Byline people without an account (a wire byline, a freelancer), by name: candidates to attach to a new account. */
  async unclaimedBylines(): Promise<{ id: number; slug: string; displayName: string }[]> {
    return (await listPeopleWithoutAccount(this.deps.db)).map((row) => ({ id: row.id, slug: row.slug, displayName: row.display_name }));
  }

  async findById(id: number): Promise<StaffUser | null> {
    const row = await findUserById(this.deps.db, id);
    return row ? toStaffUser(row) : null;
  }

  async findByEmail(email: string): Promise<StaffUser | null> {
    const row = await findUserByEmail(this.deps.db, normalizeEmail(email));
    return row ? toStaffUser(row) : null;
  }

  /** The account for an email, or a not_found error that names the address (for the command line). */
  async getByEmail(email: string): Promise<StaffUser> {
    const user = await this.findByEmail(email);
    if (!user) throw new DomainError(`There is no account for ${normalizeEmail(email)}.`, 'not_found');
    return user;
  }

  async list(): Promise<StaffUser[]> {
    return (await listUsers(this.deps.db)).map(toStaffUser);
  }

  async count(): Promise<number> {
    return countUsers(this.deps.db);
  }

  /**
   * On a database without accounts, creates an administrator with a random password and returns it (to be shown
   * once); otherwise null. Safe when several instances start at once: the loser of the race gets null.
   */
  async ensureFirstAdmin(email: string = DEFAULT_ADMIN_EMAIL): Promise<{ user: StaffUser; password: string } | null> {
    if ((await this.count()) > 0) return null;
    const password = generatePassword();
    try {
      const user = await this.create({ email, displayName: 'Administrator', role: 'admin', password });
      return { user, password };
    } catch (error) {
      if (error instanceof DomainError && error.code === 'conflict') return null;
      if ((await this.count()) > 0) return null;
      throw error;
    }
  }

  /**
   * Within a transaction about to make `userId` no longer an active administrator: refuses (conflict, with the
   * message on `field`) when nobody else would be one.
   */
  private async refuseIfLastAdmin(trx: Kysely<Database>, userId: number, field: string): Promise<void> {
    const admins = await lockActiveAdmins(trx);
    if (admins.includes(userId) && admins.length === 1) throw new DomainError(LAST_ADMIN_MESSAGE, 'conflict', { [field]: LAST_ADMIN_MESSAGE });
  }

  private async setPassword(userId: number, password: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    await this.deps.db.transaction().execute(async (trx) => {
      await updateUser(trx, userId, { password_hash: passwordHash });
      await this.deps.sessions.revokeAllForUser(userId, trx);
    });
  }

  /** A byline slug from the display name that no person has yet: jane-doe, jane-doe-2, ... */
  private async freePersonSlug(db: Kysely<Database>, displayName: string, email: string): Promise<string> {
    const base = slugify(displayName) || slugify(email.split('@')[0] ?? '') || 'staff';
    for (let n = 1; n < 1000; n++) {
      const slug = n === 1 ? base : `${base}-${n}`;
      if (!(await personSlugTaken(db, slug))) return slug;
    }
    return `${base}-${randomBytes(4).toString('hex')}`;
  }
}
