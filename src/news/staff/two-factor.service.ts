import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { Db } from '../../platform/db/types.js';
import { verifyPassword } from '../../platform/security/passwords.js';
import type { SessionService } from '../../platform/security/sessions.js';
import type { Signer } from '../../platform/security/signer.js';
import type { AuditService } from '../audit/audit.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import { type Clock, isoNow } from '../shared/clock.js';
import { DomainError, invalid, notFound } from '../shared/errors.js';
import { generateRecoveryCode, hashRecoveryCode, normalizeRecoveryCode, type SecretBox } from './two-factor.crypto.js';
import {
  claimTotpStep,
  countUnusedRecoveryCodes,
  deleteTwoFactor,
  deleteUnconfirmedSecret,
  enableTwoFactor,
  findTwoFactor,
  replaceRecoveryCodes,
  saveUnconfirmedSecret,
  spendRecoveryCode,
  type TwoFactorRow,
  userIdsWithTwoFactor,
} from './two-factor.repository.js';
import { generateTotpSecret, matchTotpStep, totpUri } from './two-factor.totp.js';
import { findUserById } from './user.repository.js';

export const RECOVERY_CODE_COUNT = 10;
/** How long the step between a correct password and the code may take. */
export const SIGN_IN_TICKET_MS = 5 * 60 * 1000;
const TICKET_PURPOSE = 'two-factor.sign-in';

export const WRONG_CODE = 'That code is not right. Enter the 6-digit code your app shows now, or one of your recovery codes.';
export const REUSED_CODE = 'That code has already been used. Wait for the next one in your app and enter that.';
const WRONG_PASSWORD = 'The current password is not correct.';

export type SignInMethod = 'totp' | 'recovery_code';

export interface TwoFactorStatus {
  enabled: boolean;
  enabledAt: string | null;
  /** Unused recovery codes (0 when two-factor sign-in is off). */
  recoveryCodesLeft: number;
  /** While setting up: the secret no code has confirmed yet, and the otpauth:// URI for the QR code. */
  setup: { secret: string; uri: string } | null;
}

/** Who turned two-factor sign-in off for someone else: an admin (userId) or the command line (null). */
export interface TwoFactorActor {
  userId: number | null;
  ip: string | null;
}

/** What a code was: accepted (and spent), wrong, or right but already used. */
export type CodeCheck = { ok: true; method: SignInMethod } | { ok: false; reason: 'wrong' | 'reused' };

/** A sign-in waiting for its second factor: who got the password right, when, and where they were going. */
export interface SignInTicket {
  userId: number;
  next: string;
  issuedAt: number;
}

interface Credentials {
  password: string;
  code: string;
}

export interface TwoFactorServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: AuditService;
  sessions: SessionService;
  settings: SettingsService;
  box: SecretBox;
  signer: Signer;
}

/**
 * Optional TOTP two-factor sign-in (RFC 6238) for staff accounts, with one-time recovery codes.
 *
 * The secret is stored sealed (AES-256-GCM, key derived from SECRET_KEY); recovery codes only as hashes. Every
 * accepted code is spent: a TOTP code's time step must be newer than the last one accepted, a recovery code is
 * marked used, both with conditional UPDATEs so two racing requests cannot use one code. Each change is audited in
 * its own transaction.
 */
export class TwoFactorService {
  constructor(private readonly deps: TwoFactorServiceDeps) {}

  async status(userId: number): Promise<TwoFactorStatus> {
    const row = await findTwoFactor(this.deps.db, userId);
    if (!row) return { enabled: false, enabledAt: null, recoveryCodesLeft: 0, setup: null };
    if (row.enabled_at !== null) {
      return { enabled: true, enabledAt: row.enabled_at, recoveryCodesLeft: await countUnusedRecoveryCodes(this.deps.db, userId), setup: null };
    }
    const secret = this.openSecret(row);
    const user = await findUserById(this.deps.db, userId);
    if (!secret || !user) return { enabled: false, enabledAt: null, recoveryCodesLeft: 0, setup: null };
    const { siteTitle } = await this.deps.settings.get();
    return { enabled: false, enabledAt: null, recoveryCodesLeft: 0, setup: { secret, uri: totpUri(secret, user.email, siteTitle) } };
  }

  async isEnabled(userId: number): Promise<boolean> {
    return (await findTwoFactor(this.deps.db, userId))?.enabled_at != null;
  }

  /** The ids of every account with two-factor sign-in on. */
  async enabledUserIds(): Promise<Set<number>> {
    return new Set(await userIdsWithTwoFactor(this.deps.db));
  }

  /** Makes a new secret for the user to add to their app; it does nothing until `confirmSetup` sees a code from it. */
  async beginSetup(userId: number): Promise<void> {
    if (!(await findUserById(this.deps.db, userId))) throw notFound('User');
    if (await this.isEnabled(userId)) throw new DomainError('Two-factor sign-in is already on for this account.', 'conflict');
    await saveUnconfirmedSecret(this.deps.db, userId, this.deps.box.seal(generateTotpSecret(), sealContext(userId)), isoNow(this.deps.clock));
  }

  /** Abandons a set-up that was never confirmed (nothing changes when two-factor sign-in is already on). */
  async cancelSetup(userId: number): Promise<void> {
    await deleteUnconfirmedSecret(this.deps.db, userId);
  }

  /**
   * Turns two-factor sign-in on once the password and a current code from the new secret check out, and ends every
   * other session of the account (one opened with a stolen password must not outlive the new protection); the
   * session `keepSessionId` (the one turning it on), when given, stays. Returns the recovery codes, to be shown once:
   * only their hashes are kept.
   */
  async confirmSetup(userId: number, credentials: Credentials, ip: string | null, keepSessionId: string | null = null): Promise<string[]> {
    const row = await findTwoFactor(this.deps.db, userId);
    if (!row || row.enabled_at !== null) throw new DomainError('There is no set-up in progress. Start again with “Turn on”.', 'conflict');
    const problems: Record<string, string> = {};
    if (!(await this.passwordMatches(userId, credentials.password))) problems.currentPassword = WRONG_PASSWORD;
    const secret = this.openSecret(row);
    const step = secret ? matchTotpStep(secret, digitsOnly(credentials.code), this.deps.clock.now()) : null;
    if (step === null) problems.code = 'That code is not right. Enter the 6-digit code your app shows now for this account.';
    if (Object.keys(problems).length) throw invalid('Two-factor sign-in was not turned on.', problems);
    const codes = freshRecoveryCodes();
    await this.deps.db.transaction().execute(async (trx) => {
      if (!(await enableTwoFactor(trx, userId, step!, isoNow(this.deps.clock))))
        throw new DomainError('Two-factor sign-in is already on for this account.', 'conflict');
      await replaceRecoveryCodes(trx, userId, codes.map(hashOf), isoNow(this.deps.clock));
      const sessionsEnded = await this.deps.sessions.revokeOthersForUser(userId, keepSessionId, trx);
      await this.deps.audit.record({ actorId: userId, action: 'user.2fa_enabled', subjectType: 'user', subjectId: userId, after: { sessionsEnded }, ip }, trx);
    });
    return codes;
  }

  /**
   * Checks the second factor at sign-in and spends the code. A wrong or reused code is audited as 'user.2fa_failed',
   * a recovery code as 'user.recovery_code_used'. Inactive accounts and accounts without two-factor never pass.
   */
  async verifySignIn(userId: number, code: string, ip: string | null): Promise<CodeCheck> {
    return this.deps.db.transaction().execute(async (trx) => {
      const user = await findUserById(trx, userId);
      const row = user?.active ? await findTwoFactor(trx, userId) : undefined;
      const check: CodeCheck = row?.enabled_at != null ? await this.spendCode(trx, row, code) : { ok: false, reason: 'wrong' };
      if (!check.ok) {
        await this.deps.audit.record(
          { actorId: null, action: 'user.2fa_failed', subjectType: 'user', subjectId: userId, after: { reason: check.reason }, ip },
          trx,
        );
      } else if (check.method === 'recovery_code') {
        const left = await countUnusedRecoveryCodes(trx, userId);
        await this.deps.audit.record({ actorId: userId, action: 'user.recovery_code_used', subjectType: 'user', subjectId: userId, after: { left }, ip }, trx);
      }
      return check;
    });
  }

  /** New recovery codes (the old ones stop working), after the password and a code. Returns them to show once. */
  async regenerateRecoveryCodes(userId: number, credentials: Credentials, ip: string | null): Promise<string[]> {
    const codes = freshRecoveryCodes();
    await this.withCredentials(userId, credentials, async (trx) => {
      await replaceRecoveryCodes(trx, userId, codes.map(hashOf), isoNow(this.deps.clock));
      await this.deps.audit.record({ actorId: userId, action: 'user.recovery_codes_regenerated', subjectType: 'user', subjectId: userId, ip }, trx);
    });
    return codes;
  }

  /** The user turns two-factor sign-in off, after the password and a code (from the app or a recovery code). */
  async turnOff(userId: number, credentials: Credentials, ip: string | null): Promise<void> {
    await this.withCredentials(userId, credentials, async (trx) => {
      await deleteTwoFactor(trx, userId);
      await this.deps.audit.record({ actorId: userId, action: 'user.2fa_disabled', subjectType: 'user', subjectId: userId, after: { by: 'self' }, ip }, trx);
    });
  }

  /**
   * Turns two-factor sign-in off for a user who lost their phone and recovery codes: an administrator in the
   * newsroom, or the command line (actor.userId null). False when it was not on (nothing is recorded then).
   */
  async disableTwoFactor(userId: number, actor: TwoFactorActor): Promise<boolean> {
    if (!(await findUserById(this.deps.db, userId))) throw notFound('User');
    return this.deps.db.transaction().execute(async (trx) => {
      const wasOn = (await findTwoFactor(trx, userId))?.enabled_at != null;
      await deleteTwoFactor(trx, userId);
      if (wasOn) {
        const by = actor.userId === null ? 'cli' : 'admin';
        await this.deps.audit.record(
          { actorId: actor.userId, action: 'user.2fa_disabled', subjectType: 'user', subjectId: userId, after: { by }, ip: actor.ip },
          trx,
        );
      }
      return wasOn;
    });
  }

  /** A signed, short-lived proof that this user got the password right, carried to the code step in a cookie. */
  issueSignInTicket(userId: number, next: string): string {
    return this.deps.signer.sign(TICKET_PURPOSE, JSON.stringify({ userId, next, issuedAt: this.deps.clock.now().getTime() }));
  }

  /** The sign-in a ticket stands for, or null when it is forged, altered or older than five minutes. */
  readSignInTicket(ticket: string | undefined): SignInTicket | null {
    const value = ticket ? this.deps.signer.verify(TICKET_PURPOSE, ticket) : null;
    if (!value) return null;
    const parsed = JSON.parse(value) as SignInTicket;
    const age = this.deps.clock.now().getTime() - parsed.issuedAt;
    return age >= 0 && age <= SIGN_IN_TICKET_MS ? parsed : null;
  }

  private async withCredentials(userId: number, credentials: Credentials, change: (trx: Db) => Promise<void>): Promise<void> {
    const passwordOk = await this.passwordMatches(userId, credentials.password);
    await this.deps.db.transaction().execute(async (trx) => {
      const row = await findTwoFactor(trx, userId);
      if (row?.enabled_at == null) throw new DomainError('Two-factor sign-in is not on for this account.', 'conflict');
      // The code is only spent when the password is right too, so a wrong password costs nobody a recovery code.
      const check: CodeCheck = passwordOk ? await this.spendCode(trx, row, credentials.code) : { ok: false, reason: 'wrong' };
      const problems: Record<string, string> = {};
      if (!passwordOk) problems.currentPassword = WRONG_PASSWORD;
      else if (!check.ok) problems.code = check.reason === 'reused' ? REUSED_CODE : WRONG_CODE;
      if (Object.keys(problems).length) throw invalid('Nothing was changed. Check the fields marked below.', problems);
      await change(trx);
    });
  }

  /** Accepts and spends a TOTP code (6 digits) or a recovery code. */
  private async spendCode(trx: Db, row: TwoFactorRow, typed: string): Promise<CodeCheck> {
    const digits = digitsOnly(typed);
    if (/^\d{6}$/.test(digits)) {
      const secret = this.openSecret(row);
      const step = secret ? matchTotpStep(secret, digits, this.deps.clock.now()) : null;
      if (step === null) return { ok: false, reason: 'wrong' };
      return (await claimTotpStep(trx, row.user_id, step)) ? { ok: true, method: 'totp' } : { ok: false, reason: 'reused' };
    }
    const recovery = normalizeRecoveryCode(typed);
    if (recovery && (await spendRecoveryCode(trx, row.user_id, hashRecoveryCode(recovery), isoNow(this.deps.clock))))
      return { ok: true, method: 'recovery_code' };
    return { ok: false, reason: 'wrong' };
  }

  /** Null when the stored value does not open: SECRET_KEY changed since it was sealed (recovery codes still work). */
  private openSecret(row: TwoFactorRow): string | null {
    return this.deps.box.open(row.secret_ciphertext, sealContext(row.user_id));
  }

  private async passwordMatches(userId: number, password: string): Promise<boolean> {
    const user = await findUserById(this.deps.db, userId);
    return user !== undefined && (await verifyPassword(user.password_hash, password));
  }
}

function sealContext(userId: number): string {
  return `user_two_factor:${userId}`;
}

/** Apps show codes as "123 456"; people paste them with spaces. */
function digitsOnly(code: string): string {
  return code.replace(/\s/g, '');
}

function freshRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, generateRecoveryCode);
}

function hashOf(code: string): string {
  return hashRecoveryCode(normalizeRecoveryCode(code)!);
}
