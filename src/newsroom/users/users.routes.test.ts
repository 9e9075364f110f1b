import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeArticle } from '../../../test/factories.js';
import { createTestApp, TEST_SITE_URL, type TestApp } from '../../../test/helpers/app.js';
import { describeEachDialect } from '../../../test/helpers/database.js';
import { auditSentences, expectValidHtml } from '../../../test/helpers/html.js';
import { startTestSmtpServer, type TestSmtpServer } from '../../../test/helpers/smtp.js';
import { createStaffUser, csrfToken, csrfTokenIn, loginAs, mergeCookies, nextTestAddress, type TestStaffUser } from '../../../test/helpers/staff.js';
import type { Role } from '../../news/staff/roles.js';
import { LAST_ADMIN_MESSAGE, OWN_ACCOUNT_DEACTIVATION_MESSAGE } from '../../news/staff/user.service.js';
import { RESET_POST_LIMIT_PER_IP } from './reset.routes.js';

const LINK = new RegExp(`id="password-link"[^>]*value="(${TEST_SITE_URL}/newsroom/reset/([A-Za-z0-9_-]{43}))"`);

/** The link a "link shown once" page carries, as an absolute URL and as the path to request. */
function linkIn(html: string): { url: string; path: string } {
  const match = html.match(LINK);
  if (!match) throw new Error('No password link in the page');
  return { url: match[1]!, path: new URL(match[1]!).pathname };
}

describeEachDialect('newsroom users', (dialect) => {
  let t: TestApp;
  let admin: TestStaffUser;
  let adminCookie: string;
  const cookies = new Map<Role, string>();

  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await createStaffUser(t.app, 'admin');
    adminCookie = await loginAs(t.app, admin.email, admin.password);
    for (const role of ['editor', 'author', 'contributor'] as const) {
      const user = await createStaffUser(t.app, role);
      cookies.set(role, await loginAs(t.app, user.email, user.password));
    }
  });
  afterAll(async () => t?.close());

  const get = (url: string, cookie = adminCookie) => t.app.inject({ url, headers: { cookie } });
  async function post(url: string, fields: Record<string, string>, options: { cookie?: string; token?: string | null } = {}) {
    const cookie = options.cookie ?? adminCookie;
    const token = options.token === undefined ? await csrfToken(t.app, cookie) : options.token;
    const body = new URLSearchParams(token === null ? fields : { _csrf: token, ...fields });
    return t.app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
  }
  let n = 0;
  const invitee = () => ({ email: `invitee${++n}@example.test`, displayName: `Invitee ${n}`, role: 'author' });
  async function invite(fields: Record<string, string> = invitee()) {
    const res = await post('/newsroom/users', fields);
    expect(res.statusCode, res.body.slice(0, 3000)).toBe(200);
    const user = (await t.app.services.staff.findByEmail(fields.email!))!;
    return { res, user, link: linkIn(res.body) };
  }
  /** A browser nobody is signed in to posts the "Choose a password" form to a link (its CSRF token from a public page). */
  async function choosePassword(path: string, password: string, confirmPassword = password) {
    const remoteAddress = nextTestAddress();
    const page = await t.app.inject({ url: '/newsroom/login', remoteAddress });
    return t.app.inject({
      method: 'POST',
      url: path,
      remoteAddress,
      headers: { cookie: mergeCookies('', page), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfTokenIn(page.body), password, confirmPassword }).toString(),
    });
  }

  it('is for administrators only, with a link in their navigation', async () => {
    const anonymous = await t.app.inject('/newsroom/users');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/newsroom/login?next=%2Fnewsroom%2Fusers');
    const { user: target } = await invite();
    for (const [role, cookie] of cookies) {
      for (const url of ['/newsroom/users', '/newsroom/users/new', `/newsroom/users/${target.id}`])
        expect((await get(url, cookie)).statusCode, `${role} GET ${url}`).toBe(403);
      const posts: [string, Record<string, string>][] = [
        ['/newsroom/users', invitee()],
        [`/newsroom/users/${target.id}`, { displayName: 'Hacked', role: 'admin' }],
        [`/newsroom/users/${target.id}/deactivate`, {}],
        [`/newsroom/users/${target.id}/reactivate`, {}],
        [`/newsroom/users/${target.id}/reset-link`, {}],
      ];
      for (const [url, fields] of posts) expect((await post(url, fields, { cookie })).statusCode, `${role} POST ${url}`).toBe(403);
      expect((await get('/newsroom/', cookie)).body).not.toContain('href="/newsroom/users"');
    }
    expect(await t.app.services.staff.findById(target.id)).toMatchObject({ displayName: target.displayName, role: 'author', active: true });
    expect(await t.app.services.staff.findByEmail(`invitee${n}@example.test`)).toBeNull();
    expect((await get('/newsroom/')).body).toContain('<a href="/newsroom/users">Users</a>');
  });

  it('lists every account with role, byline, status and last sign-in', async () => {
    const { user: invited } = await invite({ email: 'listed@example.test', displayName: 'Listed <Person>', role: 'contributor' });
    const res = await get('/newsroom/users');
    expect(res.statusCode).toBe(200);
    await expectValidHtml(res.body);
    expect(res.body).toContain(`<a href="/newsroom/users/${admin.id}">${admin.displayName}</a>`);
    expect(res.body).toContain('Listed &lt;Person>');
    expect(res.body).toContain('listed@example.test');
    expect(res.body).toMatch(/<a href="\/author\/listed-person\/">Listed &lt;Person><\/a><\/td><td>Invited<\/td><td>Never<\/td>/);
    const adminRow = res.body.slice(res.body.indexOf(`/newsroom/users/${admin.id}"`));
    expect(adminRow).toMatch(
      /^[^]*?<td>Administrator<\/td>[^]*?<td>Active<\/td><td><time datetime="[^"]+">\d{4}-\d\d-\d\d \d\d:\d\d:\d\d<\/time> UTC<\/td><td>Off<\/td>/,
    );
    expect(invited.lastLoginAt).toBeNull();

    // Two-factor sign-in shows in the list and on the account's page, which links to turning it off.
    const now = new Date().toISOString();
    await t.database.db
      .insertInto('user_two_factor')
      .values({ user_id: invited.id, secret_ciphertext: 'v1.sealed', enabled_at: now, last_used_step: null, created_at: now })
      .execute();
    expect((await get('/newsroom/users')).body).toMatch(/<td>Invited<\/td><td>Never<\/td><td>On<\/td>/);
    const page = await get(`/newsroom/users/${invited.id}`);
    expect(page.body).toContain(`On (<a href="/newsroom/users/${invited.id}/two-factor">turn it off after a lost phone</a>)`);
    await expectValidHtml(page.body);
  });

  it('refuses forms without a valid CSRF token', async () => {
    const fields = invitee();
    expect((await post('/newsroom/users', fields, { token: null })).statusCode).toBe(403);
    expect((await post('/newsroom/users', fields, { token: 'forged' })).statusCode).toBe(403);
    expect(await t.app.services.staff.findByEmail(fields.email)).toBeNull();
    const { user } = await invite();
    const refused = await post(`/newsroom/users/${user.id}/deactivate`, {}, { token: null });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('This form has expired');
    expect((await post(`/newsroom/users/${user.id}`, { displayName: 'X', role: 'admin' }, { token: null })).statusCode).toBe(403);
    expect((await post(`/newsroom/users/${user.id}/reset-link`, {}, { token: null })).statusCode).toBe(403);
    expect(await t.app.services.staff.findById(user.id)).toMatchObject({ active: true, role: 'author' });
  });

  it('explains bad invitations and keeps what was typed', async () => {
    const form = await get('/newsroom/users/new');
    expect(form.statusCode).toBe(200);
    await expectValidHtml(form.body);

    const bad = await post('/newsroom/users', { email: 'not an email', displayName: 'Kept Name', role: 'boss', personId: '' });
    expect(bad.statusCode).toBe(422);
    await expectValidHtml(bad.body);
    expect(bad.body).toContain('Nobody was invited. Check the fields marked below.');
    expect(bad.body).toContain('Enter an email address such as name@example.com.');
    expect(bad.body).toContain('The role must be one of admin, editor, author, contributor.');
    expect(bad.body).toContain('value="not an email"');
    expect(bad.body).toContain('value="Kept Name"');
    expect(bad.body).toMatch(/id="invite-email"[^>]*aria-invalid="true"[^>]*aria-describedby="invite-email-error"/);

    const taken = await post('/newsroom/users', { email: admin.email.toUpperCase(), displayName: 'Twin', role: 'editor' });
    expect(taken.statusCode).toBe(409);
    expect(taken.body).toContain('This email already has an account.');
    expect(taken.body).toContain('value="Twin"');
    expect((await post('/newsroom/users', { ...invitee(), personId: 'abc' })).statusCode).toBe(422);
  });

  it('invites: the link is shown once, works end to end, and only once', async () => {
    const { res, user, link } = await invite({ email: 'Newcomer@Example.test', displayName: 'New Comer', role: 'editor' });
    await expectValidHtml(res.body);
    expect(res.body).toContain('New Comer is invited');
    expect(res.body).toMatch(/<input id="password-link"[^>]*readonly/);
    expect(res.body).not.toContain('emailed');
    expect(link.url.startsWith(`${TEST_SITE_URL}/newsroom/reset/`)).toBe(true);
    const [audit] = await t.app.services.audit.list({ subjectType: 'user', subjectId: user.id, action: 'user.invited' });
    expect(audit).toMatchObject({ actorId: admin.id, after: { email: 'newcomer@example.test', role: 'editor' } });

    // The public page, for a browser nobody is signed in to.
    const page = await t.app.inject({ url: link.path, remoteAddress: nextTestAddress() });
    expect(page.statusCode).toBe(200);
    await expectValidHtml(page.body);
    expect(page.body).toContain('Welcome, New Comer.');
    expect(page.body).toContain('value="newcomer@example.test"');

    const mismatch = await choosePassword(link.path, 'my brand new password', 'my brand new passwort');
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.body).toContain('The two passwords are not the same.');
    await expectValidHtml(mismatch.body);
    const short = await choosePassword(link.path, 'short');
    expect(short.statusCode).toBe(422);
    expect(short.body).toContain('The password must be at least 12 characters long.');

    const done = await choosePassword(link.path, 'my brand new password');
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Your password is set');
    await expectValidHtml(done.body);
    const cookie = await loginAs(t.app, 'newcomer@example.test', 'my brand new password');
    expect((await get('/newsroom/articles', cookie)).statusCode).toBe(200);
    const account = await get(`/newsroom/users/${user.id}`);
    await expectValidHtml(account.body);
    expect(auditSentences(account.body)).toEqual([
      'New Comer signed in',
      'New Comer chose their password with the invitation link',
      `${admin.displayName} invited New Comer as an editor`,
    ]);

    for (const used of [await t.app.inject({ url: link.path, remoteAddress: nextTestAddress() }), await choosePassword(link.path, 'a third long password')]) {
      expect(used.statusCode).toBe(404);
      expect(used.body).toContain('This link is not valid any more. Ask an administrator for a new one.');
    }
    const unknown = await t.app.inject({ url: '/newsroom/reset/not-a-real-token', remoteAddress: nextTestAddress() });
    expect(unknown.statusCode).toBe(404);
    await expectValidHtml(unknown.body);
  });

  it('attaches an existing byline without an account', async () => {
    const wire = await t.app.services.people.create({ displayName: 'Agence Wire', slug: 'agence-wire' });
    const form = await get('/newsroom/users/new');
    expect(form.body).toContain(`<option value="${wire}">Agence Wire (/author/agence-wire/)</option>`);
    expect(form.body).not.toContain(`<option value="${admin.personId}">`);
    const { user } = await invite({ email: 'wire@example.test', displayName: 'Wire Desk Editor', role: 'editor', personId: String(wire) });
    expect(user.personId).toBe(wire);
    expect((await get(`/newsroom/users/${user.id}`)).body).toContain('<a href="/author/agence-wire/">Agence Wire</a>');
    expect((await get('/newsroom/users/new')).body).not.toContain(`<option value="${wire}">`);
  });

  it('deactivates: their session stops, sign-in is refused, their byline stays on their story; reactivates', async () => {
    const writer = await createStaffUser(t.app, 'author');
    const writerCookie = await loginAs(t.app, writer.email, writer.password);
    const articleId = await makeArticle(t.app.services, { authorIds: [writer.personId!] });
    const article = (await t.app.services.articles.findPublishedById(articleId))!;

    const page = await get(`/newsroom/users/${writer.id}`);
    expect(page.statusCode).toBe(200);
    await expectValidHtml(page.body);
    const res = await post(`/newsroom/users/${writer.id}/deactivate`, {});
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/newsroom/users/${writer.id}?done=deactivated`);
    const after = await get(res.headers.location!);
    expect(after.body).toContain('The account was deactivated and signed out everywhere.');
    expect(after.body).toContain('<dd>Deactivated</dd>');
    expect(after.body).toContain('Reactivate account');
    expect(auditSentences(after.body)).toEqual([
      `${admin.displayName} deactivated the account of ${writer.displayName} (1 session ended)`,
      `${writer.displayName} signed in`,
    ]);
    await expectValidHtml(after.body);

    const signedOut = await get('/newsroom/', writerCookie);
    expect(signedOut.statusCode).toBe(303);
    expect(signedOut.headers.location).toBe('/newsroom/login');
    await expect(loginAs(t.app, writer.email, writer.password)).rejects.toThrow(/failed with 401/);
    const story = await t.app.inject(article.path);
    expect(story.statusCode).toBe(200);
    expect(story.body).toContain(writer.displayName);

    expect((await post(`/newsroom/users/${writer.id}/reactivate`, {})).headers.location).toBe(`/newsroom/users/${writer.id}?done=reactivated`);
    expect(auditSentences((await get(`/newsroom/users/${writer.id}`)).body)[0]).toBe(`${admin.displayName} reactivated the account of ${writer.displayName}`);
    expect((await get('/newsroom/', await loginAs(t.app, writer.email, writer.password))).statusCode).toBe(200);
  });

  it('changes role and name; the new role takes effect on the next request', async () => {
    const contributor = await createStaffUser(t.app, 'contributor');
    const cookie = await loginAs(t.app, contributor.email, contributor.password);
    expect((await get('/newsroom/webhooks', cookie)).statusCode).toBe(403);

    const bad = await post(`/newsroom/users/${contributor.id}`, { displayName: '', role: 'editor' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Enter a display name of at most 100 characters.');
    expect(bad.body).toMatch(/id="user-role-editor"[^>]*checked/);
    await expectValidHtml(bad.body);

    const res = await post(`/newsroom/users/${contributor.id}`, { displayName: 'Promoted Person', role: 'admin' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/newsroom/users/${contributor.id}?done=updated`);
    expect((await get('/newsroom/webhooks', cookie)).statusCode).toBe(200);
    const page = await get(res.headers.location!);
    await expectValidHtml(page.body);
    expect(auditSentences(page.body).slice(0, 2)).toEqual([
      `${admin.displayName} renamed Promoted Person (was “${contributor.displayName}”)`,
      `${admin.displayName} changed the role of Promoted Person from contributor to administrator`,
    ]);
    expect(page.body).toContain('<h1>Promoted Person</h1>');

    await post(`/newsroom/users/${contributor.id}`, { displayName: 'Promoted Person', role: 'author' });
    expect((await get('/newsroom/webhooks', cookie)).statusCode).toBe(403);
  });

  it('tells the account’s sign-in and two-factor history in the audit log’s words, escaped, in the site’s time zone', async () => {
    const user = await createStaffUser(t.app, 'author', { displayName: 'Sam <b>Lee</b> & Co' });
    const record = (action: string, actorId: number | null, after?: unknown) =>
      t.app.services.audit.record({ actorId, action, subjectType: 'user', subjectId: user.id, after, ip: '192.0.2.7' });
    await record('user.2fa_enabled', user.id, { sessionsEnded: 2 });
    await record('user.2fa_failed', null, { reason: 'reused' });
    await record('user.recovery_code_used', user.id, { left: 9 });
    await record('user.login', user.id, { method: 'recovery_code' });
    await record('user.recovery_codes_regenerated', user.id);
    await record('user.password_changed', user.id);
    await record('user.logout', user.id);
    await record('user.2fa_disabled', admin.id, { by: 'admin' });
    await record('user.2fa_disabled', null, { by: 'cli' });
    await record('user.nickname_set', admin.id);
    const { timeZone } = await t.app.services.settings.get();
    await t.app.services.settings.update({ timeZone: 'Asia/Tokyo' });
    try {
      const page = await get(`/newsroom/users/${user.id}`);
      await expectValidHtml(page.body);
      expect(auditSentences(page.body)).toEqual([
        `${admin.displayName} took the action “user.nickname_set” on Sam <b>Lee</b> & Co`,
        'The system turned off two-factor sign-in for Sam <b>Lee</b> & Co',
        `${admin.displayName} turned off two-factor sign-in for Sam <b>Lee</b> & Co`,
        'Sam <b>Lee</b> & Co signed out',
        'Sam <b>Lee</b> & Co changed their password',
        'Sam <b>Lee</b> & Co made new recovery codes',
        'Sam <b>Lee</b> & Co signed in with a recovery code',
        'Sam <b>Lee</b> & Co used a recovery code (9 codes left)',
        'A sign-in code used once already, for Sam <b>Lee</b> & Co',
        'Sam <b>Lee</b> & Co turned on two-factor sign-in and ended 2 other sessions',
      ]);
      expect(page.body).not.toContain('<b>Lee</b>');
      expect(page.body).toContain(`<a href="/newsroom/users/${user.id}">Sam &lt;b>Lee&lt;/b> &amp; Co</a>`);
      // The same times as the audit log: the site's zone, to the second.
      const [newest] = await t.app.services.audit.list({ subjectType: 'user', subjectId: user.id, limit: 1 });
      const tokyo = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Asia/Tokyo',
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
      expect(page.body).toContain(`<time datetime="${newest!.createdAt}">${tokyo.format(new Date(newest!.createdAt))}</time>`);
      expect(page.body).toContain('Newest first. Times are in Asia/Tokyo.');
      expect(page.body).toContain(`<a href="/newsroom/audit?subjectType=user&amp;subjectId=${user.id}">All of it in the audit log</a>`);
      expect(page.body).toContain('<dt>Address</dt><dd>192.0.2.7</dd>');
    } finally {
      await t.app.services.settings.update({ timeZone });
    }
  });

  it('keeps at least one active administrator and never deactivates your own account', async () => {
    // Make this test's admin the only active one.
    for (const user of await t.app.services.staff.list()) {
      if (user.role === 'admin' && user.id !== admin.id) await t.app.services.staff.update(user.id, { displayName: user.displayName, role: 'editor' });
    }
    const demote = await post(`/newsroom/users/${admin.id}`, { displayName: 'Still Here', role: 'editor' });
    expect(demote.statusCode).toBe(409);
    expect(demote.body).toContain(LAST_ADMIN_MESSAGE);
    expect(demote.body).toContain('value="Still Here"');
    await expectValidHtml(demote.body);
    expect((await t.app.services.staff.findById(admin.id))?.role).toBe('admin');

    const own = await post(`/newsroom/users/${admin.id}/deactivate`, {});
    expect(own.statusCode).toBe(409);
    expect(own.body).toContain(OWN_ACCOUNT_DEACTIVATION_MESSAGE);
    expect((await get(`/newsroom/users/${admin.id}`)).body).not.toContain('Deactivate account');

    // With a second administrator, one may step down, and lands on the dashboard.
    const other = await createStaffUser(t.app, 'admin');
    const stepDown = await post(`/newsroom/users/${admin.id}`, { displayName: admin.displayName, role: 'editor' });
    expect(stepDown.headers.location).toBe('/newsroom/');
    expect((await get('/newsroom/users')).statusCode).toBe(403);
    const otherCookie = await loginAs(t.app, other.email, other.password);
    await post(`/newsroom/users/${admin.id}`, { displayName: admin.displayName, role: 'admin' }, { cookie: otherCookie });
    expect((await get('/newsroom/users')).statusCode).toBe(200);
  });

  it('issues a reset link that replaces the older one and sets a new password', async () => {
    const user = await createStaffUser(t.app, 'editor');
    const userCookie = await loginAs(t.app, user.email, user.password);
    const first = await post(`/newsroom/users/${user.id}/reset-link`, {});
    expect(first.statusCode).toBe(200);
    await expectValidHtml(first.body);
    expect(first.body).toContain('their current one keeps working until then');
    const second = await post(`/newsroom/users/${user.id}/reset-link`, {});
    const older = linkIn(first.body);
    const newer = linkIn(second.body);
    expect(newer.url).not.toBe(older.url);
    expect((await t.app.inject({ url: older.path, remoteAddress: nextTestAddress() })).statusCode).toBe(404);
    expect((await get(`/newsroom/users/${user.id}`)).body).toContain('A reset link is open until');

    // The old password works until the link is used; then every session of the account ends.
    expect((await get('/newsroom/', userCookie)).statusCode).toBe(200);
    expect((await choosePassword(newer.path, 'the password after reset')).statusCode).toBe(200);
    expect((await get('/newsroom/', userCookie)).statusCode).toBe(303);
    await expect(loginAs(t.app, user.email, user.password)).rejects.toThrow(/401/);
    await loginAs(t.app, user.email, 'the password after reset');
    expect(auditSentences((await get(`/newsroom/users/${user.id}`)).body)).toEqual([
      `${user.displayName} signed in`,
      `Failed sign-in as ${user.displayName}`,
      `${user.displayName} chose a new password with a reset link (1 session ended)`,
      `${admin.displayName} made a password reset link for ${user.displayName}`,
      `${admin.displayName} made a password reset link for ${user.displayName}`,
      `${user.displayName} signed in`,
    ]);

    await t.app.services.staff.setActive(user.id, false);
    const refused = await post(`/newsroom/users/${user.id}/reset-link`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('reactivate it before sending a password link');
  });

  it('refuses the link of an account deactivated since, with the same message', async () => {
    const { user, link } = await invite();
    await post(`/newsroom/users/${user.id}/deactivate`, {});
    const res = await t.app.inject({ url: link.path, remoteAddress: nextTestAddress() });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('This link is not valid any more. Ask an administrator for a new one.');
  });

  it('limits how often one address may try to set a password', async () => {
    const { link } = await invite();
    const remoteAddress = nextTestAddress();
    const page = await t.app.inject({ url: link.path, remoteAddress });
    const cookie = mergeCookies('', page);
    const attempt = () =>
      t.app.inject({
        method: 'POST',
        url: link.path,
        remoteAddress,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrfTokenIn(page.body), password: 'one long password', confirmPassword: 'another one' }).toString(),
      });
    const statuses: number[] = [];
    for (let i = 0; i <= RESET_POST_LIMIT_PER_IP; i++) statuses.push((await attempt()).statusCode);
    expect(statuses.slice(0, RESET_POST_LIMIT_PER_IP).every((status) => status === 422)).toBe(true);
    const blocked: LightMyRequestResponse = await attempt();
    expect(blocked.statusCode).toBe(429);
    expect(blocked.body).toContain('Too many requests');
    // Someone else is not affected.
    expect((await choosePassword(link.path, 'a good long password')).statusCode).toBe(200);
  });
});

describeEachDialect('newsroom users with email on', (dialect) => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let adminCookie: string;

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    t = await createTestApp(dialect, { env: { SMTP_URL: smtp.url } });
    const admin = await createStaffUser(t.app, 'admin', { displayName: 'Chief Admin' });
    adminCookie = await loginAs(t.app, admin.email, admin.password);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const invite = async (fields: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url: '/newsroom/users',
      headers: { cookie: adminCookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: await csrfToken(t.app, adminCookie), ...fields }).toString(),
    });

  it('emails the invitation when asked, and still shows the link', async () => {
    const form = await t.app.inject({ url: '/newsroom/users/new', headers: { cookie: adminCookie } });
    expect(form.body).toMatch(/id="invite-send-email"[^>]*checked/);
    await expectValidHtml(form.body);

    const res = await invite({ email: 'mailed@example.test', displayName: 'Mailed Person', role: 'author', sendEmail: 'on' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('The link was emailed to mailed@example.test.');
    const { url } = linkIn(res.body);
    const [mail] = smtp.to('mailed@example.test');
    expect(mail?.subject).toBe('You are invited to the Dateline newsroom');
    expect(mail?.text).toContain('Chief Admin has made you a newsroom account');
    expect(mail?.text).toContain(url);

    const quiet = await invite({ email: 'quiet@example.test', displayName: 'Quiet Person', role: 'author' });
    expect(quiet.statusCode).toBe(200);
    expect(quiet.body).not.toContain('emailed');
    expect(smtp.to('quiet@example.test')).toEqual([]);
  });

  it('says so when the mail server refuses, and shows the link anyway', async () => {
    smtp.refusing = true;
    try {
      const res = await invite({ email: 'bounced@example.test', displayName: 'Bounced Person', role: 'author', sendEmail: 'on' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('The email to bounced@example.test could not be sent. Give them the link below yourself.');
      expect(linkIn(res.body).url).toContain('/newsroom/reset/');
    } finally {
      smtp.refusing = false;
    }
  });
});
