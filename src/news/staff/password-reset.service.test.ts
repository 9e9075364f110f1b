import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../../../test/helpers/clock.js';
import { describeEachDialect } from '../../../test/helpers/database.js';
import { createTestServices, domainRejection } from '../../../test/helpers/services.js';
import type { DatabaseHandle } from '../../platform/db/connection.js';
import type { NewsServices } from '../services.js';
import { INVITE_LINK_LIFETIME_MS, LINK_NOT_VALID_MESSAGE, passwordResetTokenHash, passwordResetUrl, RESET_LINK_LIFETIME_MS } from './password-reset.service.js';
import { PASSWORD_TOO_SHORT, type StaffUser } from './staff-user.js';

const NEW_PASSWORD = 'a freshly chosen password';

describeEachDialect('password links', (dialect) => {
  let database: DatabaseHandle;
  let services: NewsServices;
  const clock = new ManualClock('2026-03-01T09:00:00.000Z');
  let n = 0;

  beforeAll(async () => {
    ({ database, services } = await createTestServices(dialect, clock));
  });
  afterAll(async () => database.destroy());

  const account = async (role = 'author'): Promise<StaffUser> =>
    services.staff.create({ email: `link${++n}@example.test`, displayName: `Link ${n}`, role, password: 'the original password' });
  const linkRows = (userId: number) => database.db.selectFrom('password_reset_links').selectAll().where('user_id', '=', userId).orderBy('id').execute();

  it('stores only the SHA-256 of a random token, and builds the link under SITE_URL', async () => {
    const admin = await account('admin');
    const user = await account();
    const link = await services.passwordResets.issueReset(user.id, { userId: admin.id, ip: '10.0.0.1' });
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(passwordResetTokenHash(link.token)).toBe(createHash('sha256').update(link.token).digest('hex'));
    const [row] = await linkRows(user.id);
    expect(row).toMatchObject({ token_hash: passwordResetTokenHash(link.token), purpose: 'reset', created_by: admin.id, used_at: null, revoked_at: null });
    expect(JSON.stringify(row)).not.toContain(link.token);
    expect(new Date(row!.expires_at).getTime()).toBe(clock.now().getTime() + RESET_LINK_LIFETIME_MS);
    expect(passwordResetUrl('https://news.example.com', link.token)).toBe(`https://news.example.com/newsroom/reset/${link.token}`);

    const [entry] = await services.audit.list({ subjectType: 'user', subjectId: user.id, action: 'user.reset_link_issued' });
    expect(entry).toMatchObject({ actorId: admin.id, ip: '10.0.0.1', after: { expiresAt: link.expiresAt } });
    const other = await services.passwordResets.issueReset(user.id, { userId: null });
    expect(other.token).not.toBe(link.token);
  });

  it('sets the password once, signs the account out everywhere and audits it', async () => {
    const user = await account();
    const session = await services.sessions.create(user.id, '', '');
    const { token } = await services.passwordResets.issueReset(user.id, { userId: null });
    expect(await services.passwordResets.check(token)).toMatchObject({ user: { id: user.id }, purpose: 'reset' });

    const short = await domainRejection(services.passwordResets.redeem(token, 'short', '10.0.0.2'));
    expect(short.details).toEqual({ password: PASSWORD_TOO_SHORT });
    expect(await services.passwordResets.check(token)).not.toBeNull();

    await services.passwordResets.redeem(token, NEW_PASSWORD, '10.0.0.2');
    expect(await services.sessions.find(session)).toBeNull();
    expect(await services.staff.authenticate(user.email, NEW_PASSWORD)).not.toBeNull();
    expect(await services.staff.authenticate(user.email, 'the original password')).toBeNull();
    expect((await linkRows(user.id))[0]?.used_at).toBe(clock.now().toISOString());
    const [entry] = await services.audit.list({ subjectType: 'user', subjectId: user.id, action: 'user.password_reset' });
    expect(entry).toMatchObject({ actorId: user.id, ip: '10.0.0.2', after: { via: 'reset_link', sessionsEnded: 1 } });

    expect(await services.passwordResets.check(token)).toBeNull();
    const again = await domainRejection(services.passwordResets.redeem(token, 'yet another long password', null));
    expect(again).toMatchObject({ code: 'not_found', message: LINK_NOT_VALID_MESSAGE });
    expect(await services.staff.authenticate(user.email, NEW_PASSWORD)).not.toBeNull();
  });

  it('lets only one of two simultaneous uses of a link through', async () => {
    const user = await account();
    const { token } = await services.passwordResets.issueReset(user.id, { userId: null });
    const results = await Promise.allSettled([
      services.passwordResets.redeem(token, 'the first racing password', null),
      services.passwordResets.redeem(token, 'the second racing password', null),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.message)).toEqual([LINK_NOT_VALID_MESSAGE]);
  });

  it('expires a reset after 24 hours and an invitation after 7 days', async () => {
    const user = await account();
    const { token } = await services.passwordResets.issueReset(user.id, { userId: null });
    clock.advance(RESET_LINK_LIFETIME_MS - 1000);
    expect(await services.passwordResets.check(token)).not.toBeNull();
    clock.advance(1000);
    expect(await services.passwordResets.check(token)).toBeNull();
    expect((await domainRejection(services.passwordResets.redeem(token, NEW_PASSWORD, null))).message).toBe(LINK_NOT_VALID_MESSAGE);

    const { user: invited, link } = await services.staff.invite(
      { email: `invitee${++n}@example.test`, displayName: 'Invitee', role: 'contributor' },
      { userId: null },
    );
    expect(new Date(link.expiresAt).getTime()).toBe(clock.now().getTime() + INVITE_LINK_LIFETIME_MS);
    clock.advance(INVITE_LINK_LIFETIME_MS - 1000);
    expect(await services.passwordResets.check(link.token)).toMatchObject({ user: { id: invited.id }, purpose: 'invite' });
    clock.advance(1000);
    expect(await services.passwordResets.check(link.token)).toBeNull();
  });

  it('makes older unused links worthless when a new one is issued', async () => {
    const user = await account();
    const first = await services.passwordResets.issueReset(user.id, { userId: null });
    const second = await services.passwordResets.issueReset(user.id, { userId: null });
    expect(await services.passwordResets.check(first.token)).toBeNull();
    expect((await domainRejection(services.passwordResets.redeem(first.token, NEW_PASSWORD, null))).message).toBe(LINK_NOT_VALID_MESSAGE);
    expect(await services.passwordResets.check(second.token)).not.toBeNull();
    const rows = await linkRows(user.id);
    expect(rows.map((row) => row.revoked_at !== null)).toEqual([true, false]);
    expect((await services.passwordResets.openLinksByUser()).get(user.id)).toEqual({ purpose: 'reset', expiresAt: second.expiresAt });
  });

  it('refuses links of a deactivated account, and issuing one for it', async () => {
    const user = await account();
    const { token } = await services.passwordResets.issueReset(user.id, { userId: null });
    await services.staff.setActive(user.id, false);
    expect(await services.passwordResets.check(token)).toBeNull();
    expect((await domainRejection(services.passwordResets.issueReset(user.id, { userId: null }))).code).toBe('conflict');
    // Reactivating does not bring the old link back: deactivation revoked it.
    await services.staff.setActive(user.id, true);
    expect(await services.passwordResets.check(token)).toBeNull();
    expect((await domainRejection(services.passwordResets.issueReset(999_999, { userId: null }))).code).toBe('not_found');
  });

  it('purges links that were used, revoked or expired more than 7 days ago, and keeps the others', async () => {
    const user = await account();
    const day = 24 * 3600 * 1000;
    const ago = (days: number) => new Date(clock.now().getTime() - days * day).toISOString();
    const link = (name: string, times: { created: number; expires: number; used?: number; revoked?: number }) =>
      database.db
        .insertInto('password_reset_links')
        .values({
          user_id: user.id,
          token_hash: passwordResetTokenHash(`${name}-${user.id}`),
          purpose: 'invite',
          created_by: null,
          created_at: ago(times.created),
          expires_at: ago(times.expires),
          used_at: times.used === undefined ? null : ago(times.used),
          revoked_at: times.revoked === undefined ? null : ago(times.revoked),
        })
        .execute();
    await link('used-8-days-ago', { created: 9, expires: 2, used: 8 });
    await link('revoked-8-days-ago', { created: 9, expires: 2, revoked: 8 });
    await link('expired-8-days-ago', { created: 15, expires: 8 });
    await link('used-6-days-ago', { created: 9, expires: 2, used: 6 });
    await link('revoked-6-days-ago', { created: 7, expires: 0.5, revoked: 6 });
    await link('expired-6-days-ago', { created: 13, expires: 6 });
    await link('open', { created: 1, expires: -6 });
    const countAll = async () => (await database.db.selectFrom('password_reset_links').select('id').execute()).length;
    const before = await countAll();

    const purged = await services.passwordResets.purgeEnded(7);

    const kept = new Set((await linkRows(user.id)).map((row) => row.token_hash));
    const names = ['used-8-days-ago', 'revoked-8-days-ago', 'expired-8-days-ago', 'used-6-days-ago', 'revoked-6-days-ago', 'expired-6-days-ago', 'open'];
    expect(names.filter((name) => kept.has(passwordResetTokenHash(`${name}-${user.id}`)))).toEqual([
      'used-6-days-ago',
      'revoked-6-days-ago',
      'expired-6-days-ago',
      'open',
    ]);
    expect(purged).toBe(before - (await countAll()));
    expect(await services.passwordResets.purgeEnded(7)).toBe(0);
  });

  it('knows nothing of unknown, empty or absurd tokens', async () => {
    for (const token of ['', 'nope', 'x'.repeat(43), 'x'.repeat(5000)]) {
      expect(await services.passwordResets.check(token)).toBeNull();
      expect((await domainRejection(services.passwordResets.redeem(token, NEW_PASSWORD, null))).message).toBe(LINK_NOT_VALID_MESSAGE);
    }
  });
});
