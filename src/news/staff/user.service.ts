import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, UserRow } from '../../platform/db/schema.js';
import { generatePassword, hashPassword, MAX_PASSWORD_LENGTH, needsRehash, verifyPassword } from '../../platform/security/passwords.js';
import type { SessionService, SessionUser } from '../../platform/security/sessions.js';
import { PeopleService } from '../people/people.service.js';
import { type Clock, isoNow } from '../shared/clock.js';
import { DomainError, invalid, notFound } from '../shared/errors.js';
import { slugify } from '../shared/slug.js';
import { type Role, ROLES, isRole } from './roles.js';
import {
  countUsers,
  findUserByEmail,
  findUserById,
  findUserByPersonId,
  insertUser,
  listUsers,
  personExists,
  personSlugTaken,
  updateUser,
} from './user.repository.js';

export const MIN_PASSWORD_LENGTH = 12;
const MAX_EMAIL_LENGTH = 254;
const MAX_DISPLAY_NAME_LENGTH = 100;
export const DEFAULT_ADMIN_EMAIL = 'admin@localhost';

/** A staff account as the rest of the app sees it: never the password hash. */
export interface StaffUser extends SessionUser {
  active: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface NewUserInput {
  email: string;
  displayName: string;
  role: string;
  password: string;
  /** The byline person to attach; when absent a new person is created with the display name. */
  personId?: number | null;
}

export const PASSWORD_TOO_SHORT = `The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Deliberately loose (admin@localhost is fine): one @, something either side, no spaces. */
function emailProblem(email: string): string | null {
  if (!email) return 'Enter an email address.';
  if (email.length > MAX_EMAIL_LENGTH || !/^[^\s@]+@[^\s@]+$/.test(email)) return 'Enter an email address such as name@example.com.';
  return null;
}

export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return PASSWORD_TOO_SHORT;
  if (password.length > MAX_PASSWORD_LENGTH) return `The password must be at most ${MAX_PASSWORD_LENGTH} characters long.`;
  return null;
}

function toStaffUser(row: UserRow): StaffUser {
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

// Verifying against this when the email is unknown makes "no such account" cost the same as "wrong password".
let dummyHash: Promise<string> | null = null;
function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(24).toString('base64url'));
  return dummyHash;
}

/** Staff accounts: creation, sign-in checks and passwords. Sessions live in platform/security/sessions.ts. */
export class UserService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly sessions: SessionService,
  ) {}

  async create(input: NewUserInput): Promise<StaffUser> {
    const email = normalizeEmail(input.email);
    const displayName = input.displayName.trim();
    const details: Record<string, string> = {};
    const emailError = emailProblem(email);
    if (emailError) details.email = emailError;
    if (!displayName || displayName.length > MAX_DISPLAY_NAME_LENGTH) {
      details.displayName = `Enter a display name of at most ${MAX_DISPLAY_NAME_LENGTH} characters.`;
    }
    if (!isRole(input.role)) details.role = `The role must be one of ${ROLES.join(', ')}.`;
    const passwordError = passwordProblem(input.password);
    if (passwordError) details.password = passwordError;
    if (Object.keys(details).length) throw invalid(Object.values(details).join(' '), details);
    const role = input.role as Role;

    if (await findUserByEmail(this.db, email)) {
      throw new DomainError(`There is already an account for ${email}.`, 'conflict', { email: 'This email already has an account.' });
    }
    const personId = input.personId ?? null;
    if (personId !== null) {
      if (!(await personExists(this.db, personId))) throw invalid(`There is no person with id ${personId}.`, { personId: 'No such person.' });
      if (await findUserByPersonId(this.db, personId)) {
        throw new DomainError('That byline already belongs to another account.', 'conflict', { personId: 'Already linked to an account.' });
      }
    }
    const passwordHash = await hashPassword(input.password);

    // The byline person and the account are created together or not at all.
    const id = await this.db.transaction().execute(async (trx) => {
      const linkedPersonId = personId ?? (await new PeopleService(trx, this.clock).create({ displayName, slug: await this.freePersonSlug(trx, displayName, email) }));
      return insertUser(trx, {
        email,
        display_name: displayName,
        password_hash: passwordHash,
        role,
        person_id: linkedPersonId,
        active: true,
        created_at: isoNow(this.clock),
        last_login_at: null,
      });
    });
    return (await this.findById(id))!;
  }

  /**
   * The user for a correct email and password, or null. Unknown emails are checked against a dummy hash so the
   * answer takes as long either way; inactive accounts are refused after the same work.
   */
  async authenticate(email: string, password: string): Promise<StaffUser | null> {
    const normalized = normalizeEmail(email);
    const row = normalized && normalized.length <= MAX_EMAIL_LENGTH ? await findUserByEmail(this.db, normalized) : undefined;
    const matches = await verifyPassword(row?.password_hash ?? (await getDummyHash()), password);
    if (!row || !matches || !row.active) return null;
    const changes: { last_login_at: string; password_hash?: string } = { last_login_at: isoNow(this.clock) };
    if (needsRehash(row.password_hash)) changes.password_hash = await hashPassword(password);
    await updateUser(this.db, row.id, changes);
    return toStaffUser({ ...row, last_login_at: changes.last_login_at });
  }

  /** Changes a password after checking the current one; every session of the user ends (the caller starts a new one). */
  async changePassword(userId: number, currentPassword: string, newPassword: string): Promise<void> {
    const row = await findUserById(this.db, userId);
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
    const user = await this.findByEmail(email);
    if (!user) throw new DomainError(`There is no account for ${normalizeEmail(email)}.`, 'not_found');
    const password = generatePassword();
    await this.setPassword(user.id, password);
    return { user, password };
  }

  /** Activating or deactivating; a deactivated account is signed out everywhere and cannot sign in. */
  async setActive(userId: number, active: boolean): Promise<void> {
    if (!(await findUserById(this.db, userId))) throw notFound('User');
    await this.db.transaction().execute(async (trx) => {
      await updateUser(trx, userId, { active });
      if (!active) await this.sessions.revokeAllForUser(userId, trx);
    });
  }

  async findById(id: number): Promise<StaffUser | null> {
    const row = await findUserById(this.db, id);
    return row ? toStaffUser(row) : null;
  }

  async findByEmail(email: string): Promise<StaffUser | null> {
    const row = await findUserByEmail(this.db, normalizeEmail(email));
    return row ? toStaffUser(row) : null;
  }

  async list(): Promise<StaffUser[]> {
    return (await listUsers(this.db)).map(toStaffUser);
  }

  async count(): Promise<number> {
    return countUsers(this.db);
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

  private async setPassword(userId: number, password: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    await this.db.transaction().execute(async (trx) => {
      await updateUser(trx, userId, { password_hash: passwordHash });
      await this.sessions.revokeAllForUser(userId, trx);
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
