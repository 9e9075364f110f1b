import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { describeEachDialect } from '../../../test/helpers/database.js';
import { createStaffUser, csrfToken, loginAs } from '../../../test/helpers/staff.js';
import { startWebhookReceiver, type TestWebhookReceiver } from '../../../test/helpers/webhook-receiver.js';

const validator = new HtmlValidate({ extends: ['html-validate:standard'], rules: { 'long-title': 'off' } });
async function expectValidHtml(html: string) {
  const report = await validator.validateString(html);
  const messages = report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message} (line ${m.line})`));
  expect(messages).toEqual([]);
}

describeEachDialect('newsroom webhooks', (dialect) => {
  let t: TestApp;
  let receiver: TestWebhookReceiver;
  let adminCookie: string;
  let editorCookie: string;
  let adminId: number;

  beforeAll(async () => {
    receiver = await startWebhookReceiver({ nowSeconds: () => Date.now() / 1000 });
    t = await createTestApp(dialect, { webhooks: { timeoutMs: 3_000 } });
    const admin = await createStaffUser(t.app, 'admin');
    const editor = await createStaffUser(t.app, 'editor');
    adminId = admin.id;
    adminCookie = await loginAs(t.app, admin.email, admin.password);
    editorCookie = await loginAs(t.app, editor.email, editor.password);
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });
  beforeEach(() => {
    receiver.requests.length = 0;
    receiver.script.length = 0;
  });

  const get = (url: string, cookie = adminCookie) => t.app.inject({ url, headers: { cookie } });
  /** Posts a form with repeated fields allowed (events), with a valid CSRF token unless one is given. */
  async function post(url: string, fields: [string, string][], options: { cookie?: string; token?: string | null } = {}) {
    const cookie = options.cookie ?? adminCookie;
    const token = options.token === undefined ? await csrfToken(t.app, cookie) : options.token;
    const body = new URLSearchParams(token === null ? fields : [['_csrf', token], ...fields]);
    return t.app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
  }
  const endpointFields = (url: string, events: string[], extra: [string, string][] = [['active', 'on']]): [string, string][] => [
    ['url', url],
    ['description', 'Cache purge'],
    ...events.map((event): [string, string] => ['events', event]),
    ...extra,
  ];
  async function create(url = receiver.url, events = ['article.published']) {
    const res = await post('/newsroom/webhooks', endpointFields(url, events));
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(303);
    const id = Number(res.headers.location!.match(/^\/newsroom\/webhooks\/(\d+)\?done=created$/)![1]);
    const endpoint = await t.app.services.webhooks.find(id);
    receiver.secrets.push(endpoint.secret);
    return endpoint;
  }

  it('is for administrators only, with a link in their navigation', async () => {
    expect((await t.app.inject('/newsroom/webhooks')).statusCode).toBe(303);
    expect((await get('/newsroom/webhooks', editorCookie)).statusCode).toBe(403);
    expect((await get('/newsroom/webhooks/new', editorCookie)).statusCode).toBe(403);
    const refused = await post('/newsroom/webhooks', endpointFields('https://example.com/hook', ['article.published']), { cookie: editorCookie });
    expect(refused.statusCode).toBe(403);
    const existing = await create();
    for (const path of ['', '/edit']) expect((await get(`/newsroom/webhooks/${existing.id}${path}`, editorCookie)).statusCode).toBe(403);
    for (const action of ['secret', 'test', 'delete']) {
      expect((await post(`/newsroom/webhooks/${existing.id}/${action}`, [['confirm', 'yes']], { cookie: editorCookie })).statusCode).toBe(403);
    }
    expect(await t.app.services.webhooks.find(existing.id)).toEqual(existing);
    expect((await get('/newsroom/', editorCookie)).body).not.toContain('href="/newsroom/webhooks"');
    expect((await get('/newsroom/')).body).toContain('<a href="/newsroom/webhooks">Webhooks</a>');
  });

  it('refuses forms without a valid CSRF token', async () => {
    const before = (await t.app.services.webhooks.list()).length;
    const missing = await post('/newsroom/webhooks', endpointFields('https://example.com/a', ['article.published']), { token: null });
    expect(missing.statusCode).toBe(403);
    expect(missing.body).toContain('This form has expired');
    const forged = await post('/newsroom/webhooks', endpointFields('https://example.com/b', ['article.published']), { token: 'forged' });
    expect(forged.statusCode).toBe(403);
    expect(await t.app.services.webhooks.list()).toHaveLength(before);
    const endpoint = await create();
    expect((await post(`/newsroom/webhooks/${endpoint.id}/secret`, [], { token: null })).statusCode).toBe(403);
    expect((await post(`/newsroom/webhooks/${endpoint.id}/delete`, [['confirm', 'yes']], { token: null })).statusCode).toBe(403);
    expect((await t.app.services.webhooks.find(endpoint.id)).secret).toBe(endpoint.secret);
  });

  it('explains what is wrong with the form and keeps what was typed', async () => {
    const page = await get('/newsroom/webhooks/new');
    expect(page.statusCode).toBe(200);
    await expectValidHtml(page.body);

    const bad = await post('/newsroom/webhooks', endpointFields('ftp://files.example.com/in', []));
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('The endpoint was not saved. Check the fields marked below.');
    expect(bad.body).toContain('Only web addresses can receive webhooks: the URL must start with https:// or http://.');
    expect(bad.body).toContain('Choose at least one event to send.');
    expect(bad.body).toContain('value="ftp://files.example.com/in"');
    expect(bad.body).toMatch(/id="webhook-url"[^>]*aria-invalid="true"/);
    await expectValidHtml(bad.body);

    const credentials = await post('/newsroom/webhooks', endpointFields('https://bob:hunter2@example.com/in', ['comment.approved']));
    expect(credentials.statusCode).toBe(422);
    expect(credentials.body).toContain('Remove the user name and password from the URL.');
    expect(credentials.body).toMatch(/value="comment\.approved"[^>]*checked/);
    expect(credentials.body).not.toMatch(/value="article\.published"[^>]*checked/);

    const empty = await post('/newsroom/webhooks', endpointFields('   ', ['article.published']));
    expect(empty.body).toContain('Enter the URL that should receive the events');
  });

  it('adds, shows, edits, rotates and deletes an endpoint, auditing each change', async () => {
    const endpoint = await create(receiver.url, ['article.published', 'comment.approved']);
    expect(endpoint).toMatchObject({ url: receiver.url, description: 'Cache purge', events: ['article.published', 'comment.approved'], active: true });

    const shown = await get(`/newsroom/webhooks/${endpoint.id}?done=created`);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain(endpoint.secret);
    expect(shown.body).toContain('The endpoint was added.');
    expect(shown.body).toContain('Nothing sent yet.');
    await expectValidHtml(shown.body);
    expect((await get(`/newsroom/webhooks/${endpoint.id}?done=%3Cscript%3E`)).body).not.toContain('<script>');

    const list = await get('/newsroom/webhooks');
    expect(list.body).toContain(`href="/newsroom/webhooks/${endpoint.id}"`);
    expect(list.body).toContain('article.published, comment.approved');
    await expectValidHtml(list.body);
    expect(list.body).not.toContain(endpoint.secret);

    const form = await get(`/newsroom/webhooks/${endpoint.id}/edit`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(/value="comment\.approved"[^>]*checked/);
    await expectValidHtml(form.body);
    const edited = await post(`/newsroom/webhooks/${endpoint.id}`, endpointFields(`${receiver.url}?v=2`, ['article.unpublished'], []));
    expect(edited.statusCode).toBe(303);
    expect(edited.headers.location).toBe(`/newsroom/webhooks/${endpoint.id}?done=updated`);
    expect(await t.app.services.webhooks.find(endpoint.id)).toMatchObject({ url: `${receiver.url}?v=2`, events: ['article.unpublished'], active: false });
    expect((await get(`/newsroom/webhooks/${endpoint.id}`)).body).toContain('No: paused, nothing is sent');
    const badEdit = await post(`/newsroom/webhooks/${endpoint.id}`, endpointFields('not a url', ['article.unpublished']));
    expect(badEdit.statusCode).toBe(422);
    expect(badEdit.body).toContain('That is not a complete URL.');

    const rotated = await post(`/newsroom/webhooks/${endpoint.id}/secret`, []);
    expect(rotated.statusCode).toBe(303);
    const { secret } = await t.app.services.webhooks.find(endpoint.id);
    expect(secret).not.toBe(endpoint.secret);
    expect(secret).toMatch(/^whsec_/);
    expect((await get(`/newsroom/webhooks/${endpoint.id}?done=rotated`)).body).toContain(secret);

    const unconfirmed = await post(`/newsroom/webhooks/${endpoint.id}/delete`, []);
    expect(unconfirmed.statusCode).toBe(422);
    expect(unconfirmed.body).toContain('Tick the box to confirm that you want to delete it.');
    await expectValidHtml(unconfirmed.body);
    const deleted = await post(`/newsroom/webhooks/${endpoint.id}/delete`, [['confirm', 'yes']]);
    expect(deleted.statusCode).toBe(303);
    expect(deleted.headers.location).toBe('/newsroom/webhooks?done=deleted');
    expect((await get(`/newsroom/webhooks/${endpoint.id}`)).statusCode).toBe(404);
    expect((await get('/newsroom/webhooks?done=deleted')).body).toContain('The endpoint and its delivery log were deleted.');

    const audit = await t.app.services.audit.list({ subjectType: 'webhook', subjectId: endpoint.id });
    expect(audit.map((entry) => entry.action).reverse()).toEqual(['webhook.created', 'webhook.updated', 'webhook.secret_rotated', 'webhook.deleted']);
    expect(audit.every((entry) => entry.actorId === adminId)).toBe(true);
    expect(JSON.stringify(audit)).not.toContain('whsec_');
    expect(audit.find((entry) => entry.action === 'webhook.updated')).toMatchObject({
      before: { events: ['article.published', 'comment.approved'], active: true },
      after: { events: ['article.unpublished'], active: false },
    });
  });

  it('"Send test" answers at once and delivers a signed ping in the background, shown in the log', async () => {
    const endpoint = await create();
    receiver.script.push({ hangMs: 500 });
    const res = await post(`/newsroom/webhooks/${endpoint.id}/test`, []);
    const answeredAt = performance.now();
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/newsroom/webhooks/${endpoint.id}?done=tested`);
    await receiver.waitForRequests(1);
    await t.app.webhooks.idle();
    // The newsroom answered before the receiver did.
    expect(receiver.requests[0]!.answeredAt!).toBeGreaterThan(answeredAt);
    expect(receiver.requests[0]!.verified).toBe(true);
    expect(receiver.requests[0]!.headers['dateline-event']).toBe('ping');
    expect(JSON.parse(receiver.requests[0]!.body)).toMatchObject({ event: 'ping', data: { endpoint_id: endpoint.id } });

    const page = await get(`/newsroom/webhooks/${endpoint.id}?done=tested`);
    expect(page.body).toContain('A test delivery (ping) is on its way');
    const [delivery] = await t.app.services.webhooks.deliveries(endpoint.id);
    expect(delivery).toMatchObject({ event: 'ping', status: 'succeeded', attempts: 1, lastStatusCode: 200 });
    expect(page.body).toMatch(new RegExp(`id="delivery-${delivery!.id}"[\\s\\S]*?<code>ping</code>[\\s\\S]*?Delivered</td><td>1</td><td>200</td>`));
    await expectValidHtml(page.body);
    const list = await get('/newsroom/webhooks');
    expect(list.body).toContain('Delivered (200)');

    // A failing receiver shows up in the log with its answer.
    receiver.script.push(502);
    await post(`/newsroom/webhooks/${endpoint.id}/test`, []);
    await t.app.webhooks.idle();
    const failing = await get(`/newsroom/webhooks/${endpoint.id}`);
    expect(failing.body).toContain('HTTP 502: receiver says 502');
    expect(failing.body).toContain('Next attempt');
    expect((await get('/newsroom/webhooks')).body).toContain('Retrying (502)');
  });

  it('answers 404 for an endpoint that does not exist', async () => {
    expect((await get('/newsroom/webhooks/999999')).statusCode).toBe(404);
    expect((await post('/newsroom/webhooks/999999/test', [])).statusCode).toBe(404);
  });
});
