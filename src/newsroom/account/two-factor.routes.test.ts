import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { ManualClock } from '../../../test/helpers/clock.js';
import { describeEachDialect } from '../../../test/helpers/database.js';
import { expectValidHtml } from '../../../test/helpers/html.js';
import { createStaffUser, csrfTokenIn, loginAs, mergeCookies, nextTestAddress, postForm, type TestStaffUser } from '../../../test/helpers/staff.js';
import { RECOVERY_CODE_COUNT } from '../../news/staff/two-factor.service.js';
import { totpCode } from '../../news/staff/two-factor.totp.js';
import { createSigner } from '../../platform/security/signer.js';
import { qrCodeDataUrl } from './qr-code.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const STEP_MS = 30_000;
const CODE_PROMPT = 'Enter the 6-digit code from your app (or a recovery code).';

function recoveryCodesIn(html: string): string[] {
  return [...html.matchAll(/<li><code>([0-9a-z-]{19})<\/code><\/li>/g)].map((m) => m[1]!);
}

describeEachDialect('two-factor sign-in (newsroom)', (dialect) => {
  let t: TestApp;
  const clock = new ManualClock('2026-03-01T10:00:05Z');

  beforeAll(async () => {
    t = await createTestApp(dialect, { clock });
  });
  afterAll(async () => t.close());

  /** A user with two-factor on (set up through the service); the clock then moves past the confirming code. */
  async function enrolledUser(role: 'editor' | 'author' | 'admin' = 'author') {
    const user = await createStaffUser(t.app, role);
    await t.app.services.twoFactor.beginSetup(user.id);
    const secret = (await t.app.services.twoFactor.status(user.id)).setup!.secret;
    const codes = await t.app.services.twoFactor.confirmSetup(user.id, { password: user.password, code: totpCode(secret, clock.now()) }, null);
    clock.advance(2 * STEP_MS);
    return { user, secret, codes };
  }

  /** A browser at the sign-in page: its address, cookies and the form's token. */
  async function signInPage(url = '/newsroom/login') {
    const remoteAddress = nextTestAddress();
    const res = await t.app.inject({ method: 'GET', url, remoteAddress });
    return { remoteAddress, cookie: mergeCookies('', res), token: csrfTokenIn(res.body) };
  }

  type Browser = Awaited<ReturnType<typeof signInPage>>;

  async function post(browser: Browser, url: string, fields: Record<string, string>): Promise<LightMyRequestResponse> {
    const res = await t.app.inject({
      method: 'POST',
      url,
      remoteAddress: browser.remoteAddress,
      headers: { ...FORM, cookie: browser.cookie },
      payload: new URLSearchParams({ _csrf: browser.token, ...fields }).toString(),
    });
    browser.cookie = mergeCookies(browser.cookie, res);
    return res;
  }

  /** Password step; for a two-factor account, then fetches the code page (its token is the next form's). */
  async function passwordStep(user: TestStaffUser, next?: string): Promise<{ browser: Browser; res: LightMyRequestResponse }> {
    const browser = await signInPage(next ? `/newsroom/login?next=${encodeURIComponent(next)}` : undefined);
    const res = await post(browser, '/newsroom/login', { email: user.email, password: user.password, ...(next ? { next } : {}) });
    return { browser, res };
  }

  async function codePage(browser: Browser): Promise<LightMyRequestResponse> {
    const res = await t.app.inject({ method: 'GET', url: '/newsroom/login/code', remoteAddress: browser.remoteAddress, headers: { cookie: browser.cookie } });
    browser.cookie = mergeCookies(browser.cookie, res);
    if (res.statusCode === 200 && res.body.includes('name="_csrf"')) browser.token = csrfTokenIn(res.body);
    return res;
  }

  async function signInWithCode(user: TestStaffUser, code: string, next?: string) {
    const { browser } = await passwordStep(user, next);
    await codePage(browser);
    return { browser, res: await post(browser, '/newsroom/login/code', { code }) };
  }

  function sessionCookieIn(res: LightMyRequestResponse) {
    return res.cookies.find((c) => c.name === 'dateline_session' && c.value !== '');
  }

  describe('account security page', () => {
    it('is linked from the newsroom and shows two-factor sign-in off, with a Turn on button', async () => {
      const user = await createStaffUser(t.app, 'contributor');
      const cookie = await loginAs(t.app, user.email, user.password);
      const dashboard = await t.app.inject({ method: 'GET', url: '/newsroom/', headers: { cookie } });
      expect(dashboard.body).toContain('<a href="/newsroom/account/two-factor">Account security</a>');
      const res = await t.app.inject({ method: 'GET', url: '/newsroom/account/two-factor', headers: { cookie } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toContain('<strong>Off.</strong>');
      expect(res.body).toMatch(/<form class="nr-inline-form" method="post" action="\/newsroom\/account\/two-factor\/setup">/);
      await expectValidHtml(res.body);
    });

    it('asks the signed-out to sign in', async () => {
      const res = await t.app.inject('/newsroom/account/two-factor');
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/newsroom/login?next=%2Fnewsroom%2Faccount%2Ftwo-factor');
    });
  });

  describe('turning it on', () => {
    it('shows a QR code, the key and the URI, and turns on only when a current code confirms it; then shows 10 recovery codes once', async () => {
      const user = await createStaffUser(t.app, 'editor');
      const cookie = await loginAs(t.app, user.email, user.password);
      const started = await postForm(t.app, '/newsroom/account/two-factor/setup', cookie, {});
      expect(started.statusCode).toBe(303);
      expect(started.headers.location).toBe('/newsroom/account/two-factor');

      const page = await t.app.inject({ method: 'GET', url: '/newsroom/account/two-factor', headers: { cookie } });
      const { secret, uri } = (await t.app.services.twoFactor.status(user.id)).setup!;
      expect(page.body).toContain(`<img class="nr-qr" src="${await qrCodeDataUrl(uri)}"`);
      expect(page.body).toMatch(/src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+"/);
      expect(Buffer.from(page.body.match(/src="data:image\/svg\+xml;base64,([^"]+)"/)![1]!, 'base64').toString()).toMatch(
        /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/,
      );
      expect(page.body).toContain(secret.match(/.{4}/g)!.join(' '));
      expect(page.body).toContain(uri.replaceAll('&', '&amp;'));
      expect(page.body).not.toContain('<script');
      await expectValidHtml(page.body);
      expect(await t.app.services.twoFactor.isEnabled(user.id)).toBe(false);

      const wrong = await postForm(t.app, '/newsroom/account/two-factor/confirm', cookie, { currentPassword: user.password, code: '000000' });
      expect(wrong.statusCode).toBe(422);
      expect(wrong.body).toContain('That code is not right.');
      expect(wrong.body).toMatch(/id="confirm-code"[^>]*aria-invalid="true"[^>]*aria-describedby="confirm-code-hint confirm-code-error"/);
      await expectValidHtml(wrong.body);
      const wrongPassword = await postForm(t.app, '/newsroom/account/two-factor/confirm', cookie, {
        currentPassword: 'not my password',
        code: totpCode(secret, clock.now()),
      });
      expect(wrongPassword.statusCode).toBe(422);
      expect(wrongPassword.body).toContain('The current password is not correct.');
      expect(await t.app.services.twoFactor.isEnabled(user.id)).toBe(false);

      const confirmed = await postForm(t.app, '/newsroom/account/two-factor/confirm', cookie, {
        currentPassword: user.password,
        code: totpCode(secret, clock.now()),
      });
      expect(confirmed.statusCode).toBe(200);
      expect(confirmed.body).toContain('Two-factor sign-in is on.');
      const codes = recoveryCodesIn(confirmed.body);
      expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
      expect(confirmed.body).toContain('download="recovery-codes.txt"');
      await expectValidHtml(confirmed.body);
      expect(await t.app.services.twoFactor.isEnabled(user.id)).toBe(true);

      // Shown once: the page afterwards has the count, never the codes.
      const after = await t.app.inject({ method: 'GET', url: '/newsroom/account/two-factor', headers: { cookie } });
      expect(after.body).toContain('Recovery codes left: <strong>10</strong>');
      for (const code of codes) expect(after.body).not.toContain(code);
      await expectValidHtml(after.body);
      expect((await t.app.services.audit.list({ action: 'user.2fa_enabled', subjectId: user.id })).length).toBe(1);
    });

    it("signs the account's other sessions out, audited, and keeps the one that turned it on", async () => {
      const user = await createStaffUser(t.app, 'editor');
      const mine = await loginAs(t.app, user.email, user.password);
      const intruder = await loginAs(t.app, user.email, user.password);
      const bystander = await createStaffUser(t.app, 'editor');
      const bystanders = await loginAs(t.app, bystander.email, bystander.password);
      await postForm(t.app, '/newsroom/account/two-factor/setup', mine, {});
      const { secret } = (await t.app.services.twoFactor.status(user.id)).setup!;
      const confirmed = await postForm(t.app, '/newsroom/account/two-factor/confirm', mine, {
        currentPassword: user.password,
        code: totpCode(secret, clock.now()),
      });
      expect(confirmed.statusCode).toBe(200);

      const shut = await t.app.inject({ method: 'GET', url: '/newsroom/account/two-factor', headers: { cookie: intruder } });
      expect(shut.statusCode).toBe(303);
      expect(shut.headers.location).toBe('/newsroom/login?next=%2Fnewsroom%2Faccount%2Ftwo-factor');
      expect((await t.app.inject({ method: 'GET', url: '/newsroom/account/two-factor', headers: { cookie: mine } })).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'GET', url: '/newsroom/', headers: { cookie: bystanders } })).statusCode).toBe(200);
      expect(await t.app.services.sessions.listForUser(user.id)).toHaveLength(1);
      expect((await t.app.services.audit.list({ action: 'user.2fa_enabled', subjectId: user.id }))[0]!.after).toEqual({ sessionsEnded: 1 });
    });

    it('can be cancelled before it is confirmed', async () => {
      const user = await createStaffUser(t.app, 'author');
      const cookie = await loginAs(t.app, user.email, user.password);
      await postForm(t.app, '/newsroom/account/two-factor/setup', cookie, {});
      const cancelled = await postForm(t.app, '/newsroom/account/two-factor/cancel', cookie, {});
      expect(cancelled.headers.location).toBe('/newsroom/account/two-factor?done=cancelled');
      const page = await t.app.inject({ method: 'GET', url: cancelled.headers.location, headers: { cookie } });
      expect(page.body).toContain('Set-up cancelled.');
      expect(page.body).not.toContain('nr-qr');
    });
  });

  describe('signing in with two-factor on', () => {
    it('asks for the code after a correct password, without a session until the code is right', async () => {
      const { user, secret } = await enrolledUser();
      const { browser, res } = await passwordStep(user);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/newsroom/login/code');
      expect(sessionCookieIn(res)).toBeUndefined();
      const ticket = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('dateline_2fa='))!;
      expect(ticket).toMatch(/; Max-Age=300/);
      expect(ticket).toMatch(/; Path=\/newsroom\/login/);
      expect(ticket).toMatch(/; HttpOnly/);
      expect(ticket).toMatch(/; SameSite=Lax/);
      // Half signed in is not signed in.
      expect((await t.app.inject({ method: 'GET', url: '/newsroom/', headers: { cookie: browser.cookie } })).statusCode).toBe(303);

      const page = await codePage(browser);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(CODE_PROMPT);
      expect(page.body).toContain('autocomplete="one-time-code"');
      await expectValidHtml(page.body);

      const wrong = await post(browser, '/newsroom/login/code', { code: '000000' });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.body).toContain(CODE_PROMPT);
      expect(wrong.body).toContain('That code is not right.');
      expect(wrong.body).toContain('aria-invalid="true"');
      expect(sessionCookieIn(wrong)).toBeUndefined();
      await expectValidHtml(wrong.body);
      expect((await t.app.services.audit.list({ action: 'user.2fa_failed', subjectId: user.id }))[0]).toMatchObject({
        actorId: null,
        after: { reason: 'wrong' },
      });

      browser.token = csrfTokenIn(wrong.body);
      const right = await post(browser, '/newsroom/login/code', { code: totpCode(secret, clock.now()) });
      expect(right.statusCode).toBe(303);
      expect(right.headers.location).toBe('/newsroom/');
      expect(sessionCookieIn(right)).toBeDefined();
      expect(browser.cookie).not.toContain('dateline_2fa=');
      const dashboard = await t.app.inject({ method: 'GET', url: '/newsroom/', headers: { cookie: browser.cookie } });
      expect(dashboard.statusCode).toBe(200);
      expect((await t.app.services.audit.list({ action: 'user.login', subjectId: user.id }))[0]).toMatchObject({ actorId: user.id, after: { method: 'totp' } });
    });

    it('records the last sign-in when the code is accepted, not at the password', async () => {
      const { user, secret } = await enrolledUser();
      const lastSignIn = async () => (await t.app.services.staff.findById(user.id))!.lastLoginAt;
      await signInWithCode(user, '000000');
      expect(await lastSignIn()).toBeNull();
      clock.advance(STEP_MS);
      const { res } = await signInWithCode(user, totpCode(secret, clock.now()));
      expect(res.statusCode).toBe(303);
      const signedInAt = clock.now().toISOString();
      expect(await lastSignIn()).toBe(signedInAt);
      // A later correct password without its code leaves it as it was.
      clock.advance(STEP_MS);
      expect((await passwordStep(user)).res.headers.location).toBe('/newsroom/login/code');
      expect(await lastSignIn()).toBe(signedInAt);
    });

    it('keeps ?next= through the code step', async () => {
      const { user, secret } = await enrolledUser();
      const { res } = await signInWithCode(user, totpCode(secret, clock.now()), '/newsroom/account/password');
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/newsroom/account/password');
    });

    it('refuses a code that was already used, even from another browser', async () => {
      const { user, secret } = await enrolledUser();
      const code = totpCode(secret, clock.now());
      expect((await signInWithCode(user, code)).res.statusCode).toBe(303);
      const again = await signInWithCode(user, code);
      expect(again.res.statusCode).toBe(401);
      expect(again.res.body).toContain('That code has already been used.');
      expect(sessionCookieIn(again.res)).toBeUndefined();
      clock.advance(STEP_MS);
      expect((await signInWithCode(user, totpCode(secret, clock.now()))).res.statusCode).toBe(303);
    });

    it('accepts a recovery code once', async () => {
      const { user, codes } = await enrolledUser();
      const first = await signInWithCode(user, codes[3]!.toUpperCase());
      expect(first.res.statusCode).toBe(303);
      expect((await t.app.services.audit.list({ action: 'user.login', subjectId: user.id }))[0]!.after).toEqual({ method: 'recovery_code' });
      expect((await t.app.services.audit.list({ action: 'user.recovery_code_used', subjectId: user.id }))[0]!.after).toEqual({ left: RECOVERY_CODE_COUNT - 1 });
      const again = await signInWithCode(user, codes[3]!);
      expect(again.res.statusCode).toBe(401);
      expect(again.res.body).toContain(CODE_PROMPT);
    });

    it('does not accept a forged, altered or missing ticket', async () => {
      const { user, secret } = await enrolledUser();
      const { browser } = await passwordStep(user);
      await codePage(browser);
      const real = browser.cookie.match(/dateline_2fa=([^;]+)/)![1]!;
      const [value, mac] = real.split('.');
      const payload = JSON.parse(Buffer.from(value!, 'base64url').toString()) as { userId: number };
      const other = await createStaffUser(t.app, 'admin');
      const forgedValue = Buffer.from(JSON.stringify({ ...payload, userId: other.id })).toString('base64url');
      const forgeries = [
        `${forgedValue}.${mac}`,
        createSigner('z'.repeat(32)).sign('two-factor.sign-in', JSON.stringify({ ...payload, userId: other.id })),
        `${value}.${mac!.slice(0, -1)}${mac!.endsWith('A') ? 'B' : 'A'}`,
      ];
      for (const forged of forgeries) {
        const attempt = { ...browser, cookie: browser.cookie.replace(real, forged) };
        const res = await post(attempt, '/newsroom/login/code', { code: totpCode(secret, clock.now()) });
        expect(res.statusCode, forged).toBe(401);
        expect(res.body).toContain('Please sign in again.');
        expect(sessionCookieIn(res)).toBeUndefined();
      }
      const none = await post({ ...browser, cookie: browser.cookie.replace(`dateline_2fa=${real}`, '') }, '/newsroom/login/code', {
        code: totpCode(secret, clock.now()),
      });
      expect(none.statusCode).toBe(401);
      await expectValidHtml(none.body);
      // The real one still works.
      expect((await post(browser, '/newsroom/login/code', { code: totpCode(secret, clock.now()) })).statusCode).toBe(303);
    });

    it('does not accept a ticket after five minutes', async () => {
      const { user, secret } = await enrolledUser();
      const { browser } = await passwordStep(user);
      await codePage(browser);
      clock.advance(5 * 60_000 + 1_000);
      const late = await post(browser, '/newsroom/login/code', { code: totpCode(secret, clock.now()) });
      expect(late.statusCode).toBe(401);
      expect(late.body).toContain('Your sign-in took longer than five minutes');
      expect(sessionCookieIn(late)).toBeUndefined();
      const page = await codePage(browser);
      expect(page.body).toContain('Your sign-in took longer than five minutes');
    });

    it('limits code attempts per account, from any address', async () => {
      const { user, secret } = await enrolledUser();
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await signInWithCode(user, '000000')).res.statusCode);
      expect(statuses).toEqual([401, 401, 401, 401, 401]);
      const blocked = await signInWithCode(user, totpCode(secret, clock.now()));
      expect(blocked.res.statusCode).toBe(429);
      expect(blocked.res.body).toContain('Too many sign-in attempts.');
      expect(Number(blocked.res.headers['retry-after'])).toBeGreaterThan(0);
      expect(sessionCookieIn(blocked.res)).toBeUndefined();
      await expectValidHtml(blocked.res.body);
    });

    it('lets accounts without two-factor sign in with the password alone, as before', async () => {
      const user = await createStaffUser(t.app, 'author');
      const { res } = await passwordStep(user);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/newsroom/');
      expect(sessionCookieIn(res)).toBeDefined();
      expect(res.cookies.find((c) => c.name === 'dateline_2fa')).toBeUndefined();
      expect((await t.app.services.audit.list({ action: 'user.login', subjectId: user.id }))[0]!.after).toEqual({ method: 'password' });
      expect((await t.app.services.staff.findById(user.id))!.lastLoginAt).toBe(clock.now().toISOString());
    });
  });

  describe('managing it', () => {
    async function signedIn(user: TestStaffUser, secret: string) {
      const { browser } = await signInWithCode(user, totpCode(secret, clock.now()));
      clock.advance(STEP_MS);
      const page = await t.app.inject({ method: 'GET', url: '/newsroom/account/two-factor', headers: { cookie: browser.cookie } });
      return mergeCookies(browser.cookie, page);
    }

    it('makes new recovery codes with the password and a code; the old ones stop working', async () => {
      const { user, secret, codes } = await enrolledUser();
      const cookie = await signedIn(user, secret);
      const refused = await postForm(t.app, '/newsroom/account/two-factor/recovery-codes', cookie, { currentPassword: user.password, code: '' });
      expect(refused.statusCode).toBe(422);
      expect(refused.body).toMatch(/id="recovery-code"[^>]*aria-invalid="true"/);
      await expectValidHtml(refused.body);
      const res = await postForm(t.app, '/newsroom/account/two-factor/recovery-codes', cookie, {
        currentPassword: user.password,
        code: totpCode(secret, clock.now()),
      });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('You have new recovery codes. The old ones no longer work.');
      const fresh = recoveryCodesIn(res.body);
      expect(fresh).toHaveLength(RECOVERY_CODE_COUNT);
      expect((await signInWithCode(user, codes[0]!)).res.statusCode).toBe(401);
      expect((await signInWithCode(user, fresh[0]!)).res.statusCode).toBe(303);
    });

    it('is turned off with the password and a code, and then signing in needs only the password', async () => {
      const { user, secret, codes } = await enrolledUser();
      const cookie = await signedIn(user, secret);
      const wrongPassword = await postForm(t.app, '/newsroom/account/two-factor/disable', cookie, { currentPassword: 'wrong password!', code: codes[0]! });
      expect(wrongPassword.statusCode).toBe(422);
      expect(wrongPassword.body).toMatch(/id="disable-password"[^>]*aria-invalid="true"/);
      const res = await postForm(t.app, '/newsroom/account/two-factor/disable', cookie, { currentPassword: user.password, code: codes[0]! });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/newsroom/account/two-factor?done=disabled');
      const page = await t.app.inject({ method: 'GET', url: res.headers.location, headers: { cookie } });
      expect(page.body).toContain('Two-factor sign-in is off.');
      expect((await passwordStep(user)).res.headers.location).toBe('/newsroom/');
      expect((await t.app.services.audit.list({ action: 'user.2fa_disabled', subjectId: user.id }))[0]).toMatchObject({
        actorId: user.id,
        after: { by: 'self' },
      });
    });
  });

  describe('an administrator turning it off for someone', () => {
    it('is for administrators only', async () => {
      const { user } = await enrolledUser();
      const editor = await createStaffUser(t.app, 'editor');
      const cookie = await loginAs(t.app, editor.email, editor.password);
      expect((await t.app.inject({ method: 'GET', url: `/newsroom/users/${user.id}/two-factor`, headers: { cookie } })).statusCode).toBe(403);
      const res = await postForm(t.app, `/newsroom/users/${user.id}/two-factor/disable`, cookie, {});
      expect(res.statusCode).toBe(403);
      expect(await t.app.services.twoFactor.isEnabled(user.id)).toBe(true);
    });

    it("turns it off from the user's two-factor page, audited, and the user signs in with the password alone", async () => {
      const { user } = await enrolledUser();
      const admin = await createStaffUser(t.app, 'admin', { displayName: 'Ada Admin' });
      const cookie = await loginAs(t.app, admin.email, admin.password);
      const page = await t.app.inject({ method: 'GET', url: `/newsroom/users/${user.id}/two-factor`, headers: { cookie } });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<strong>on</strong> since 2026-03-01');
      expect(page.body).toContain(`action="/newsroom/users/${user.id}/two-factor/disable"`);
      await expectValidHtml(page.body);

      const res = await postForm(t.app, `/newsroom/users/${user.id}/two-factor/disable`, cookie, {}, { token: csrfTokenIn(page.body) });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/newsroom/users/${user.id}/two-factor?done=disabled`);
      const after = await t.app.inject({ method: 'GET', url: res.headers.location, headers: { cookie } });
      expect(after.body).toContain(`Two-factor sign-in is now off for ${user.displayName}.`);
      expect(after.body).toContain('<strong>off</strong>');
      expect(after.body).not.toContain('/two-factor/disable');
      await expectValidHtml(after.body);
      expect(await t.app.services.twoFactor.isEnabled(user.id)).toBe(false);
      expect((await t.app.services.audit.list({ action: 'user.2fa_disabled', subjectId: user.id }))[0]).toMatchObject({
        actorId: admin.id,
        actorName: 'Ada Admin',
        after: { by: 'admin' },
      });
      expect((await passwordStep(user)).res.headers.location).toBe('/newsroom/');

      // Another page may post the form and name where to come back to; never off the site.
      const again = await postForm(t.app, `/newsroom/users/${user.id}/two-factor/disable`, cookie, { next: `/newsroom/users/${user.id}` });
      expect(again.headers.location).toBe(`/newsroom/users/${user.id}`);
      const offsite = await postForm(t.app, `/newsroom/users/${user.id}/two-factor/disable`, cookie, { next: '//evil.example/' });
      expect(offsite.headers.location).toBe(`/newsroom/users/${user.id}/two-factor?done=disabled`);
      expect(await t.app.services.audit.list({ action: 'user.2fa_disabled', subjectId: user.id })).toHaveLength(1);
    });

    it('sends an administrator to Account security for their own account, and 404s for nobody', async () => {
      const { user: admin, secret } = await enrolledUser('admin');
      const { browser } = await signInWithCode(admin, totpCode(secret, clock.now()));
      const cookie = mergeCookies(browser.cookie, await t.app.inject({ method: 'GET', url: '/newsroom/', headers: { cookie: browser.cookie } }));
      const own = await postForm(t.app, `/newsroom/users/${admin.id}/two-factor/disable`, cookie, {});
      expect(own.statusCode).toBe(409);
      expect(own.body).toContain('href="/newsroom/account/two-factor"');
      expect(await t.app.services.twoFactor.isEnabled(admin.id)).toBe(true);
      expect((await postForm(t.app, '/newsroom/users/999999/two-factor/disable', cookie, {})).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'GET', url: '/newsroom/users/999999/two-factor', headers: { cookie } })).statusCode).toBe(404);
    });

    it('needs a CSRF token', async () => {
      const admin = await createStaffUser(t.app, 'admin');
      const cookie = await loginAs(t.app, admin.email, admin.password);
      const { user } = await enrolledUser();
      const res = await t.app.inject({ method: 'POST', url: `/newsroom/users/${user.id}/two-factor/disable`, headers: { ...FORM, cookie }, payload: '' });
      expect(res.statusCode).toBe(403);
      expect(await t.app.services.twoFactor.isEnabled(user.id)).toBe(true);
    });
  });
});
