import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/app.js';
import { describeEachDialect } from '../../test/helpers/database.js';
import { createStaffUser, csrfToken, csrfTokenIn, loginAs, mergeCookies, nextTestAddress, postForm, type TestStaffUser } from '../../test/helpers/staff.js';
import { sessionIdFor } from '../platform/security/sessions.js';
import { requireStaff } from './guard.js';

const validator = new HtmlValidate({ extends: ['html-validate:standard'], rules: { 'long-title': 'off' } });
async function expectValidHtml(html: string) {
  const report = await validator.validateString(html);
  const messages = report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message} (line ${m.line})`));
  expect(messages).toEqual([]);
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describeEachDialect('newsroom sign-in', (dialect) => {
  let t: TestApp;
  let editor: TestStaffUser;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    // A route only admins may use, to see the guard's 403 (the real ones arrive with later features).
    t.app.get('/newsroom/test-admin-only', { onRequest: requireStaff('users.manage') }, async () => 'secret admin page');
    editor = await createStaffUser(t.app, 'editor', { displayName: 'Edna Editor' });
  });
  afterAll(async () => t.close());

  /** The sign-in page for a fresh client: its cookie header, CSRF token and address. */
  async function loginPage(url = '/newsroom/login') {
    const remoteAddress = nextTestAddress();
    const res = await t.app.inject({ method: 'GET', url, remoteAddress });
    return { res, cookie: mergeCookies('', res), token: csrfTokenIn(res.body), remoteAddress };
  }

  async function postLogin(fields: Record<string, string>, client?: { cookie: string; token: string; remoteAddress: string }) {
    const c = client ?? (await loginPage());
    return t.app.inject({
      method: 'POST',
      url: '/newsroom/login',
      remoteAddress: c.remoteAddress,
      headers: { ...FORM, cookie: c.cookie },
      payload: form({ _csrf: c.token, ...fields }),
    });
  }

  describe('the sign-in page', () => {
    it('renders an accessible form with a CSRF field, never cached or indexed', async () => {
      const { res } = await loginPage();
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const html = res.body;
      expect(html).toMatch(/<input type="hidden" name="_csrf" value="[^"]+"/);
      expect(html).toContain('<meta name="robots" content="noindex"/>');
      expect(html).toContain('<label for="login-email">Email</label>');
      expect(html).toContain('<label for="login-password">Password</label>');
      expect(html).toContain('autocomplete="current-password"');
      expect(html).toMatch(/href="\/newsroom\/assets\/newsroom\.[0-9a-f]{10}\.css"/);
      const csrfCookie = res.cookies.find((c) => c.name === '_csrf');
      expect(csrfCookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      await expectValidHtml(html);
    });

    it('serves the newsroom stylesheet to anyone, cacheable for a year', async () => {
      const css = (await loginPage()).res.body.match(/href="(\/newsroom\/assets\/newsroom\.[0-9a-f]{10}\.css)"/)![1]!;
      const res = await t.app.inject(css);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect((await t.app.inject('/newsroom/assets/newsroom.0000000000.css')).statusCode).toBe(404);
    });

    it('keeps a local ?next= and drops anything that leaves the site', async () => {
      expect((await loginPage('/newsroom/login?next=%2Fnewsroom%2Fcomments%3Fstatus%3Dpending')).res.body).toContain(
        'name="next" value="/newsroom/comments?status=pending"',
      );
      for (const evil of [
        '//evil.example/',
        'https://evil.example/',
        '/\\evil.example',
        '/\n/evil.example',
        '/\t/evil.example',
        'javascript:alert(1)',
        'newsroom/',
      ]) {
        const html = (await loginPage(`/newsroom/login?next=${encodeURIComponent(evil)}`)).res.body;
        expect(html, evil).toContain('name="next" value="/newsroom/"');
      }
    });
  });

  describe('CSRF', () => {
    it('refuses a sign-in without a token with a friendly 403 page', async () => {
      const { cookie, remoteAddress } = await loginPage();
      const res = await t.app.inject({
        method: 'POST',
        url: '/newsroom/login',
        remoteAddress,
        headers: { ...FORM, cookie },
        payload: form({ email: editor.email, password: editor.password }),
      });
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body).toContain('This form has expired or was sent from another site. Go back, reload the page and try again.');
      expect(res.body).not.toContain('FST_CSRF');
      expect(res.body).not.toContain('Invalid csrf token');
      expect(res.cookies.find((c) => c.name === 'dateline_session')).toBeUndefined();
      await expectValidHtml(res.body);
    });

    it('refuses a token without its cookie, and a forged token', async () => {
      const { token, cookie, remoteAddress } = await loginPage();
      const noCookie = await t.app.inject({
        method: 'POST',
        url: '/newsroom/login',
        remoteAddress,
        headers: FORM,
        payload: form({ _csrf: token, email: editor.email, password: editor.password }),
      });
      expect(noCookie.statusCode).toBe(403);
      expect(noCookie.body).toContain('This form has expired');
      const forged = await postLogin({ email: editor.email, password: editor.password }, { cookie, token: `${token.slice(0, -2)}xx`, remoteAddress });
      expect(forged.statusCode).toBe(403);
    });

    it('answers JSON under /api', async () => {
      const local = await createTestApp(dialect);
      local.app.post('/api/test-form', { preValidation: local.app.csrfProtection }, async () => ({ ok: true }));
      const res = await local.app.inject({ method: 'POST', url: '/api/test-form', payload: {} });
      await local.close();
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual({
        error: 'bad_request',
        message: 'This form has expired or was sent from another site. Go back, reload the page and try again.',
      });
    });
  });

  describe('signing in', () => {
    it('says "Email or password is incorrect" with a 401, keeps the email, and logs the failure without the password', async () => {
      const res = await postLogin({ email: editor.email, password: 'not the password at all' });
      expect(res.statusCode).toBe(401);
      expect(res.body).toContain('Email or password is incorrect');
      expect(res.body).toContain(`value="${editor.email}"`);
      expect(res.body).not.toContain('not the password at all');
      expect(res.cookies.find((c) => c.name === 'dateline_session')).toBeUndefined();
      await expectValidHtml(res.body);
      const unknown = await postLogin({ email: 'nobody@example.test', password: 'whatever it is here' });
      expect(unknown.statusCode).toBe(401);
      expect(unknown.body).toContain('Email or password is incorrect');

      const failures = await t.app.services.audit.list({ action: 'user.login_failed' });
      expect(failures.find((e) => e.subjectId === String(editor.id))?.after).toEqual({ email: editor.email });
      expect(failures.find((e) => e.subjectId === null)?.after).toEqual({ email: 'nobody@example.test' });
      expect(JSON.stringify(failures)).not.toContain('not the password');
    });

    it('starts a session with an HttpOnly, SameSite=Lax cookie and 303s to the dashboard', async () => {
      const res = await postLogin({ email: editor.email.toUpperCase(), password: editor.password });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/newsroom/');
      const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('dateline_session='))!;
      expect(setCookie).toMatch(/HttpOnly/);
      expect(setCookie).toMatch(/SameSite=Lax/);
      expect(setCookie).toMatch(/Path=\//);
      expect(setCookie).not.toMatch(/Secure/);
      // The cookie is signed and carries the token; the database holds only its hash.
      const token = res.cookies.find((c) => c.name === 'dateline_session')!.value.split('.')[0]!;
      const row = await t.app.services.sessions.find(token);
      expect(row?.user.id).toBe(editor.id);
      expect(row?.session.id).toBe(sessionIdFor(token));
      const logins = await t.app.services.audit.list({ action: 'user.login', subjectType: 'user', subjectId: editor.id });
      expect(logins[0]).toMatchObject({ actorId: editor.id });
    });

    it('goes to ?next= after signing in', async () => {
      const client = await loginPage('/newsroom/login?next=%2Fnewsroom%2Faccount%2Fpassword');
      const res = await postLogin({ email: editor.email, password: editor.password, next: '/newsroom/account/password' }, client);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/newsroom/account/password');
      const offsite = await postLogin({ email: editor.email, password: editor.password, next: '//evil.example/' });
      expect(offsite.headers.location).toBe('/newsroom/');
    });

    it('sends a signed-in user from the sign-in page to the dashboard', async () => {
      const cookie = await loginAs(t.app, editor.email, editor.password);
      const res = await t.app.inject({ method: 'GET', url: '/newsroom/login', headers: { cookie } });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/newsroom/');
    });

    it('refuses a deactivated account', async () => {
      const gone = await createStaffUser(t.app, 'author');
      await t.app.services.staff.setActive(gone.id, false);
      const res = await postLogin({ email: gone.email, password: gone.password });
      expect(res.statusCode).toBe(401);
    });

    it('throttles: after 5 attempts a minute for one address and account, 429 with a clear page', async () => {
      const client = await loginPage();
      for (let i = 0; i < 5; i++) expect((await postLogin({ email: editor.email, password: `wrong password ${i}` }, client)).statusCode).toBe(401);
      const blocked = await postLogin({ email: editor.email, password: editor.password }, client);
      expect(blocked.statusCode).toBe(429);
      expect(blocked.body).toContain('Too many sign-in attempts. Please wait a minute, then try again.');
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect(blocked.cookies.find((c) => c.name === 'dateline_session')).toBeUndefined();
      await expectValidHtml(blocked.body);
      // Another client is not affected.
      expect((await postLogin({ email: editor.email, password: editor.password })).statusCode).toBe(303);
    });

    it('throttles one address trying many accounts', async () => {
      const client = await loginPage();
      const statuses: number[] = [];
      for (let i = 0; i < 21; i++) statuses.push((await postLogin({ email: `spray${i}@example.test`, password: 'a guessed password' }, client)).statusCode);
      expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
      expect(statuses[20]).toBe(429);
    });
  });

  describe('signed in', () => {
    it('shows the dashboard: who is signed in, links, sign-out form', async () => {
      const cookie = await loginAs(t.app, editor.email, editor.password);
      const res = await t.app.inject({ method: 'GET', url: '/newsroom/', headers: { cookie } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toContain('Signed in as <strong>Edna Editor</strong> (Editor)');
      expect(res.body).toContain('href="/newsroom/comments"');
      expect(res.body).toContain('href="/newsroom/account/password"');
      expect(res.body).toMatch(/<form[^>]*method="post" action="\/newsroom\/logout"/);
      expect(res.body).toContain('aria-current="page"');
      await expectValidHtml(res.body);
    });

    it('gives every form on a page the same working token, even on the first page after signing in', async () => {
      const client = await loginPage();
      const signedIn = await postLogin({ email: editor.email, password: editor.password }, client);
      const session = mergeCookies(client.cookie, signedIn);
      expect(session).not.toContain('_csrf=');
      const dashboard = await t.app.inject({ method: 'GET', url: '/newsroom/', headers: { cookie: session }, remoteAddress: client.remoteAddress });
      const tokens = [...dashboard.body.matchAll(/name="_csrf" value="([^"]+)"/g)].map((m) => m[1]!);
      expect(tokens).toHaveLength(2);
      expect(new Set(tokens).size).toBe(1);
      expect(dashboard.cookies.filter((c) => c.name === '_csrf')).toHaveLength(1);
      const res = await postForm(t.app, '/newsroom/logout', mergeCookies(session, dashboard), {}, { token: tokens[0]! });
      expect(res.statusCode).toBe(303);
    });

    it('hides what a role cannot use, and answers 403 when it tries anyway', async () => {
      const contributor = await createStaffUser(t.app, 'contributor');
      const cookie = await loginAs(t.app, contributor.email, contributor.password);
      const dashboard = await t.app.inject({ method: 'GET', url: '/newsroom/', headers: { cookie } });
      expect(dashboard.body).not.toContain('href="/newsroom/comments"');
      const forbidden = await t.app.inject({ method: 'GET', url: '/newsroom/test-admin-only', headers: { cookie } });
      expect(forbidden.statusCode).toBe(403);
      expect(forbidden.body).toContain('does not have permission');
      expect(forbidden.body).not.toContain('secret admin page');
      await expectValidHtml(forbidden.body);
      const admin = await createStaffUser(t.app, 'admin');
      const adminCookie = await loginAs(t.app, admin.email, admin.password);
      expect((await t.app.inject({ method: 'GET', url: '/newsroom/test-admin-only', headers: { cookie: adminCookie } })).body).toBe('secret admin page');
    });

    it('sends the signed-out to sign in, remembering where they were going', async () => {
      const res = await t.app.inject('/newsroom/');
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/newsroom/login');
      const deep = await t.app.inject('/newsroom/account/password?x=1');
      expect(deep.statusCode).toBe(303);
      expect(deep.headers.location).toBe('/newsroom/login?next=%2Fnewsroom%2Faccount%2Fpassword%3Fx%3D1');
      expect(deep.headers['cache-control']).toBe('no-store');
    });

    it('treats a tampered or unknown session cookie as signed out, and clears it', async () => {
      const cookie = await loginAs(t.app, editor.email, editor.password);
      const tampered = cookie.replace(
        /dateline_session=([^;.]+)/,
        (_m, token: string) => `dateline_session=${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`,
      );
      const res = await t.app.inject({ method: 'GET', url: '/newsroom/', headers: { cookie: tampered } });
      expect(res.statusCode).toBe(303);
      const cleared = res.cookies.find((c) => c.name === 'dateline_session');
      expect(cleared?.value).toBe('');
    });

    it('signs out: the session is revoked, the cookie cleared, and the old cookie no longer works', async () => {
      const cookie = await loginAs(t.app, editor.email, editor.password);
      const token = /dateline_session=([^;.]+)/.exec(cookie)![1]!;
      expect(await t.app.services.sessions.find(token)).not.toBeNull();
      const res = await postForm(t.app, '/newsroom/logout', cookie, {});
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/');
      expect(res.cookies.find((c) => c.name === 'dateline_session')?.value).toBe('');
      expect(await t.app.services.sessions.find(token)).toBeNull();
      expect((await t.app.inject({ method: 'GET', url: '/newsroom/', headers: { cookie } })).statusCode).toBe(303);
      expect((await t.app.services.audit.list({ action: 'user.logout' }))[0]?.actorId).toBe(editor.id);
    });

    it('will not sign out through a form from elsewhere', async () => {
      const cookie = await loginAs(t.app, editor.email, editor.password);
      const res = await t.app.inject({ method: 'POST', url: '/newsroom/logout', headers: { ...FORM, cookie }, payload: '' });
      expect(res.statusCode).toBe(403);
      expect((await t.app.inject({ method: 'GET', url: '/newsroom/', headers: { cookie } })).statusCode).toBe(200);
    });
  });

  describe('changing the password', () => {
    it('shows a labelled form', async () => {
      const cookie = await loginAs(t.app, editor.email, editor.password);
      const res = await t.app.inject({ method: 'GET', url: '/newsroom/account/password', headers: { cookie } });
      expect(res.statusCode).toBe(200);
      for (const label of ['Current password', 'New password', 'New password again']) expect(res.body).toContain(`>${label}</label>`);
      expect(res.body).toContain('At least 12 characters');
      await expectValidHtml(res.body);
    });

    it('explains a wrong current password, a mismatch and a short password', async () => {
      const user = await createStaffUser(t.app, 'author');
      const cookie = await loginAs(t.app, user.email, user.password);
      const wrong = await postForm(t.app, '/newsroom/account/password', cookie, {
        currentPassword: 'nope nope nope',
        newPassword: 'a fine new password',
        confirmPassword: 'a fine new password',
      });
      expect(wrong.statusCode).toBe(422);
      expect(wrong.body).toContain('The current password is not correct.');
      expect(wrong.body).toContain('aria-invalid="true"');
      await expectValidHtml(wrong.body);
      const mismatch = await postForm(t.app, '/newsroom/account/password', cookie, {
        currentPassword: user.password,
        newPassword: 'a fine new password',
        confirmPassword: 'a different one!!',
      });
      expect(mismatch.statusCode).toBe(422);
      expect(mismatch.body).toContain('The two new passwords are not the same.');
      const short = await postForm(t.app, '/newsroom/account/password', cookie, {
        currentPassword: user.password,
        newPassword: 'short',
        confirmPassword: 'short',
      });
      expect(short.statusCode).toBe(422);
      expect(short.body).toContain('The password must be at least 12 characters long.');
      expect(await t.app.services.staff.authenticate(user.email, user.password)).not.toBeNull();
    });

    it('changes it, keeps this browser signed in with a new session, and signs out the others', async () => {
      const user = await createStaffUser(t.app, 'author');
      const cookie = await loginAs(t.app, user.email, user.password);
      const elsewhere = await loginAs(t.app, user.email, user.password);
      const res = await postForm(t.app, '/newsroom/account/password', cookie, {
        currentPassword: user.password,
        newPassword: 'my new long password',
        confirmPassword: 'my new long password',
      });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/newsroom/account/password?done=1');
      const renewed = mergeCookies(cookie, res);
      expect(renewed).not.toBe(cookie);
      const done = await t.app.inject({ method: 'GET', url: res.headers.location as string, headers: { cookie: renewed } });
      expect(done.statusCode).toBe(200);
      expect(done.body).toContain('Your password has been changed.');
      expect((await t.app.inject({ method: 'GET', url: '/newsroom/', headers: { cookie } })).statusCode).toBe(303);
      expect((await t.app.inject({ method: 'GET', url: '/newsroom/', headers: { cookie: elsewhere } })).statusCode).toBe(303);
      expect(await t.app.services.staff.authenticate(user.email, 'my new long password')).not.toBeNull();
      expect(await t.app.services.staff.authenticate(user.email, user.password)).toBeNull();
      expect((await t.app.services.audit.list({ action: 'user.password_changed', subjectId: user.id })).length).toBe(1);
    });
  });

  it('helpers: csrfToken gives a token that works with the cookie loginAs returned', async () => {
    const cookie = await loginAs(t.app, editor.email, editor.password);
    const token = await csrfToken(t.app, cookie, '/newsroom/account/password');
    const res = await postForm(t.app, '/newsroom/logout', cookie, {}, { token });
    expect(res.statusCode).toBe(303);
  });
});

describeEachDialect('newsroom over https', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { env: { SITE_URL: 'https://news.test' } });
  });
  afterAll(async () => t.close());

  it('marks the session and CSRF cookies Secure', async () => {
    const user = await createStaffUser(t.app, 'editor');
    const page = await t.app.inject('/newsroom/login');
    expect(([] as string[]).concat(page.headers['set-cookie'] ?? []).find((c) => c.startsWith('_csrf='))).toMatch(/; Secure/);
    const res = await t.app.inject({
      method: 'POST',
      url: '/newsroom/login',
      headers: { ...FORM, cookie: mergeCookies('', page) },
      payload: form({ _csrf: csrfTokenIn(page.body), email: user.email, password: user.password }),
    });
    expect(res.statusCode).toBe(303);
    expect(([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('dateline_session='))).toMatch(/; Secure/);
  });
});
