import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../test/helpers/clock.js';
import { describeEachDialect } from '../../../test/helpers/database.js';
import { createTestServices, domainRejection } from '../../../test/helpers/services.js';
import type { DatabaseHandle } from '../../platform/db/connection.js';
import { DomainEventBus } from '../events.js';
import { createSigner } from '../../platform/security/signer.js';
import { createNewsServices, type NewsServices } from '../services.js';
import { RECOVERY_CODE_COUNT, SIGN_IN_TICKET_MS } from './two-factor.service.js';
import { totpCode } from './two-factor.totp.js';

const PASSWORD = 'a perfectly long password';
const STEP_MS = 30_000;

describeEachDialect('two-factor sign-in (service)', (dialect) => {
  let database: DatabaseHandle;
  let services: NewsServices;
  const clock = new ManualClock('2026-03-01T10:00:05Z');
  let n = 0;

  beforeAll(async () => {
    ({ database, services } = await createTestServices(dialect, clock));
  });
  afterAll(async () => database.destroy());

  async function newUser() {
    return services.staff.create({ email: `tf${++n}@example.test`, displayName: `Two Factor ${n}`, role: 'author', password: PASSWORD });
  }

  /** A user with two-factor on; returns the secret and recovery codes. The clock then moves past the confirming code's window. */
  async function enrolled() {
    const user = await newUser();
    await services.twoFactor.beginSetup(user.id);
    const secret = (await services.twoFactor.status(user.id)).setup!.secret;
    const codes = await services.twoFactor.confirmSetup(user.id, { password: PASSWORD, code: totpCode(secret, clock.now()) }, '10.0.0.1');
    clock.advance(2 * STEP_MS);
    return { user, secret, codes };
  }

  it('is off for a new account', async () => {
    const user = await newUser();
    expect(await services.twoFactor.status(user.id)).toEqual({ enabled: false, enabledAt: null, recoveryCodesLeft: 0, setup: null });
    expect(await services.twoFactor.isEnabled(user.id)).toBe(false);
  });

  it('stays off until a code confirms the new secret, which is stored encrypted', async () => {
    const user = await newUser();
    await services.twoFactor.beginSetup(user.id);
    const status = await services.twoFactor.status(user.id);
    expect(status.enabled).toBe(false);
    const secret = status.setup!.secret;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(status.setup!.uri).toBe(
      `otpauth://totp/Dateline:${encodeURIComponent(user.email)}?issuer=Dateline&secret=${secret}&algorithm=SHA1&digits=6&period=30`,
    );
    expect(await services.twoFactor.isEnabled(user.id)).toBe(false);

    const row = await database.db.selectFrom('user_two_factor').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.secret_ciphertext).not.toContain(secret);
    expect(row.enabled_at).toBeNull();

    const wrong = await domainRejection(services.twoFactor.confirmSetup(user.id, { password: PASSWORD, code: '000000' }, null));
    expect(wrong.code).toBe('invalid');
    expect(wrong.details.code).toContain('not right');
    const badPassword = await domainRejection(
      services.twoFactor.confirmSetup(user.id, { password: 'not the password', code: totpCode(secret, clock.now()) }, null),
    );
    expect(badPassword.details).toEqual({ currentPassword: 'The current password is not correct.' });
    expect(await services.twoFactor.isEnabled(user.id)).toBe(false);

    const codes = await services.twoFactor.confirmSetup(user.id, { password: PASSWORD, code: totpCode(secret, clock.now()) }, '10.0.0.1');
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(await services.twoFactor.status(user.id)).toMatchObject({ enabled: true, recoveryCodesLeft: RECOVERY_CODE_COUNT, setup: null });
    const stored = await database.db.selectFrom('user_recovery_codes').select('code_hash').where('user_id', '=', user.id).execute();
    expect(stored.map((r) => r.code_hash)).not.toEqual(expect.arrayContaining([codes[0]]));
    expect(stored.every((r) => /^[0-9a-f]{64}$/.test(r.code_hash))).toBe(true);
    expect((await services.audit.list({ action: 'user.2fa_enabled', subjectId: user.id }))[0]).toMatchObject({ actorId: user.id, ip: '10.0.0.1' });
    expect((await services.twoFactor.enabledUserIds()).has(user.id)).toBe(true);

    // The code that confirmed it is spent: it cannot sign anyone in.
    expect(await services.twoFactor.verifySignIn(user.id, totpCode(secret, clock.now()), null)).toEqual({ ok: false, reason: 'reused' });
    await expect(services.twoFactor.beginSetup(user.id)).rejects.toThrow('already on');
    await services.twoFactor.cancelSetup(user.id);
    expect(await services.twoFactor.isEnabled(user.id)).toBe(true);
  });

  it('replaces an unconfirmed secret when set-up starts again', async () => {
    const user = await newUser();
    await services.twoFactor.beginSetup(user.id);
    const first = (await services.twoFactor.status(user.id)).setup!.secret;
    await services.twoFactor.beginSetup(user.id);
    const second = (await services.twoFactor.status(user.id)).setup!.secret;
    expect(second).not.toBe(first);
    await domainRejection(services.twoFactor.confirmSetup(user.id, { password: PASSWORD, code: totpCode(first, clock.now()) }, null));
    await services.twoFactor.cancelSetup(user.id);
    expect((await services.twoFactor.status(user.id)).setup).toBeNull();
  });

  it('accepts a code one step either side, never the same step twice, never an older step', async () => {
    const { user, secret } = await enrolled();
    const now = clock.now().getTime();
    expect(await services.twoFactor.verifySignIn(user.id, totpCode(secret, new Date(now - STEP_MS)), null)).toEqual({ ok: true, method: 'totp' });
    expect(await services.twoFactor.verifySignIn(user.id, totpCode(secret, new Date(now - STEP_MS)), null)).toEqual({ ok: false, reason: 'reused' });
    const current = totpCode(secret, new Date(now));
    expect(await services.twoFactor.verifySignIn(user.id, current.replace(/^(...)/, '$1 '), null)).toEqual({ ok: true, method: 'totp' });
    expect(await services.twoFactor.verifySignIn(user.id, current, null)).toEqual({ ok: false, reason: 'reused' });
    expect(await services.twoFactor.verifySignIn(user.id, totpCode(secret, new Date(now + 2 * STEP_MS)), null)).toEqual({ ok: false, reason: 'wrong' });
    const failures = await services.audit.list({ action: 'user.2fa_failed', subjectId: user.id });
    expect(failures.map((f) => f.after)).toEqual([{ reason: 'wrong' }, { reason: 'reused' }, { reason: 'reused' }]);
  });

  it('lets two racing requests spend one code only once', async () => {
    const { user, secret } = await enrolled();
    const code = totpCode(secret, clock.now());
    const results = await Promise.all([services.twoFactor.verifySignIn(user.id, code, null), services.twoFactor.verifySignIn(user.id, code, null)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it('accepts each recovery code once, in any typing', async () => {
    const { user, codes } = await enrolled();
    expect(await services.twoFactor.verifySignIn(user.id, codes[0]!.toUpperCase().replaceAll('-', ' '), '10.0.0.2')).toEqual({
      ok: true,
      method: 'recovery_code',
    });
    expect(await services.twoFactor.verifySignIn(user.id, codes[0]!, null)).toEqual({ ok: false, reason: 'wrong' });
    expect((await services.twoFactor.status(user.id)).recoveryCodesLeft).toBe(RECOVERY_CODE_COUNT - 1);
    expect((await services.audit.list({ action: 'user.recovery_code_used', subjectId: user.id }))[0]).toMatchObject({
      after: { left: RECOVERY_CODE_COUNT - 1 },
      ip: '10.0.0.2',
    });
  });

  it('never passes an account without two-factor, or a deactivated one', async () => {
    const plain = await newUser();
    expect(await services.twoFactor.verifySignIn(plain.id, '123456', null)).toEqual({ ok: false, reason: 'wrong' });
    const { user, secret } = await enrolled();
    await services.staff.setActive(user.id, false);
    expect(await services.twoFactor.verifySignIn(user.id, totpCode(secret, clock.now()), null)).toEqual({ ok: false, reason: 'wrong' });
  });

  it('gives new recovery codes only with the password and a code; the old ones stop working', async () => {
    const { user, secret, codes } = await enrolled();
    const wrongPassword = await domainRejection(
      services.twoFactor.regenerateRecoveryCodes(user.id, { password: 'nope', code: totpCode(secret, clock.now()) }, null),
    );
    expect(wrongPassword.details).toEqual({ currentPassword: 'The current password is not correct.' });
    const wrongCode = await domainRejection(services.twoFactor.regenerateRecoveryCodes(user.id, { password: PASSWORD, code: '000000' }, null));
    expect(Object.keys(wrongCode.details)).toEqual(['code']);
    const fresh = await services.twoFactor.regenerateRecoveryCodes(user.id, { password: PASSWORD, code: totpCode(secret, clock.now()) }, null);
    expect(fresh).toHaveLength(RECOVERY_CODE_COUNT);
    expect(fresh).not.toContain(codes[1]);
    expect(await services.twoFactor.verifySignIn(user.id, codes[1]!, null)).toEqual({ ok: false, reason: 'wrong' });
    expect(await services.twoFactor.verifySignIn(user.id, fresh[1]!, null)).toEqual({ ok: true, method: 'recovery_code' });
    expect(await services.audit.list({ action: 'user.recovery_codes_regenerated', subjectId: user.id })).toHaveLength(1);
  });

  it('is turned off by the user with the password and a code (a recovery code will do)', async () => {
    const { user, codes } = await enrolled();
    await domainRejection(services.twoFactor.turnOff(user.id, { password: 'nope', code: codes[0]! }, null));
    // A wrong password did not cost the recovery code.
    await services.twoFactor.turnOff(user.id, { password: PASSWORD, code: codes[0]! }, '10.0.0.3');
    expect(await services.twoFactor.status(user.id)).toEqual({ enabled: false, enabledAt: null, recoveryCodesLeft: 0, setup: null });
    expect(await database.db.selectFrom('user_recovery_codes').select('id').where('user_id', '=', user.id).execute()).toEqual([]);
    expect((await services.audit.list({ action: 'user.2fa_disabled', subjectId: user.id }))[0]).toMatchObject({ actorId: user.id, after: { by: 'self' } });
    await expect(services.twoFactor.turnOff(user.id, { password: PASSWORD, code: codes[1]! }, null)).rejects.toThrow('not on');
  });

  it('is turned off for someone by an administrator or the command line, audited', async () => {
    const admin = await services.staff.create({ email: `admin${++n}@example.test`, displayName: 'Admin', role: 'admin', password: PASSWORD });
    const { user } = await enrolled();
    expect(await services.twoFactor.disableTwoFactor(user.id, { userId: admin.id, ip: '10.0.0.4' })).toBe(true);
    expect(await services.twoFactor.isEnabled(user.id)).toBe(false);
    expect(await services.twoFactor.disableTwoFactor(user.id, { userId: admin.id, ip: '10.0.0.4' })).toBe(false);
    const entries = await services.audit.list({ action: 'user.2fa_disabled', subjectId: user.id });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorId: admin.id, after: { by: 'admin' }, ip: '10.0.0.4' });
    const other = await enrolled();
    expect(await services.twoFactor.disableTwoFactor(other.user.id, { userId: null, ip: null })).toBe(true);
    expect((await services.audit.list({ action: 'user.2fa_disabled', subjectId: other.user.id }))[0]).toMatchObject({ actorId: null, after: { by: 'cli' } });
    await expect(services.twoFactor.disableTwoFactor(999_999, { userId: admin.id, ip: null })).rejects.toThrow('not found');
  });

  it('still takes recovery codes when SECRET_KEY has changed and the secret no longer opens', async () => {
    const { user, secret, codes } = await enrolled();
    const otherKey = createNewsServices({ db: database.db, events: new DomainEventBus(() => {}), clock, signer: createSigner('z'.repeat(32)) });
    expect(await otherKey.twoFactor.verifySignIn(user.id, totpCode(secret, clock.now()), null)).toEqual({ ok: false, reason: 'wrong' });
    expect(await otherKey.twoFactor.verifySignIn(user.id, codes[0]!, null)).toEqual({ ok: true, method: 'recovery_code' });
  });

  describe('sign-in tickets', () => {
    it('carry who and where to, for five minutes', () => {
      const ticket = services.twoFactor.issueSignInTicket(42, '/newsroom/articles');
      expect(services.twoFactor.readSignInTicket(ticket)).toMatchObject({ userId: 42, next: '/newsroom/articles' });
      clock.advance(SIGN_IN_TICKET_MS);
      expect(services.twoFactor.readSignInTicket(ticket)).toMatchObject({ userId: 42 });
      clock.advance(1);
      expect(services.twoFactor.readSignInTicket(ticket)).toBeNull();
    });

    it('cannot be forged, altered, or made from another signed value', () => {
      const ticket = services.twoFactor.issueSignInTicket(42, '/newsroom/');
      const [value, mac] = ticket.split('.');
      const forged = Buffer.from(JSON.stringify({ userId: 1, next: '/newsroom/', issuedAt: clock.now().getTime() })).toString('base64url');
      expect(services.twoFactor.readSignInTicket(`${forged}.${mac}`)).toBeNull();
      expect(services.twoFactor.readSignInTicket(`${value}.${mac!.slice(0, -2)}AA`)).toBeNull();
      expect(services.twoFactor.readSignInTicket(createSigner('k'.repeat(32)).sign('form', Buffer.from(value!, 'base64url').toString()))).toBeNull();
      expect(
        services.twoFactor.readSignInTicket(createSigner('z'.repeat(32)).sign('two-factor.sign-in', Buffer.from(value!, 'base64url').toString())),
      ).toBeNull();
      expect(services.twoFactor.readSignInTicket(undefined)).toBeNull();
      expect(services.twoFactor.readSignInTicket('')).toBeNull();
    });
  });
});
