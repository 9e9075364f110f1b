import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { makeArticle } from '../../../test/factories.js';
import { createTestApp, TEST_SITE_URL, type TestApp } from '../../../test/helpers/app.js';
import { ManualClock } from '../../../test/helpers/clock.js';
import { describeEachDialect } from '../../../test/helpers/database.js';
import { createStaffUser, type TestStaffUser } from '../../../test/helpers/staff.js';
import { startWebhookReceiver, type TestWebhookReceiver } from '../../../test/helpers/webhook-receiver.js';
import { DomainEventBus } from '../events.js';
import { MAX_ATTEMPTS } from './backoff.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import type { WebhookEventName, WebhookPayload } from './webhook.types.js';

const TIMEOUT_MS = 300;

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
const silent = { info() {}, warn() {}, error() {} };

describeEachDialect('webhook delivery', (dialect) => {
  let t: TestApp;
  let clock: ManualClock;
  let receiver: TestWebhookReceiver;
  let admin: TestStaffUser;

  beforeAll(async () => {
    clock = new ManualClock('2026-03-02T09:00:00.000Z');
    receiver = await startWebhookReceiver({ nowSeconds: () => clock.now().getTime() / 1000 });
    // The worker is driven by the tests (no delivery right after an event), with no jitter and a short timeout.
    t = await createTestApp(dialect, { clock, webhooks: { deliverPromptly: false, timeoutMs: TIMEOUT_MS, random: () => 0 } });
    admin = await createStaffUser(t.app, 'admin');
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });
  beforeEach(async () => {
    await t.app.webhooks.idle();
    t.app.webhooks.options.deliverPromptly = false;
    for (const endpoint of await services().webhooks.list()) await services().webhooks.delete(endpoint.id, actor());
    receiver.requests.length = 0;
    receiver.script.length = 0;
    receiver.fallback = 200;
  });

  const services = () => t.app.services;
  const actor = () => ({ userId: admin.id, ip: '127.0.0.1' });
  const worker = () => t.app.webhooks;

  async function endpoint(events: WebhookEventName[], options: { active?: boolean; url?: string } = {}) {
    const created = await services().webhooks.create({ url: options.url ?? receiver.url, description: '', events, active: options.active ?? true }, actor());
    receiver.secrets.push(created.secret);
    return created;
  }

  async function publish(title?: string) {
    const id = await makeArticle(services(), { title: title ?? `Story at ${clock.now().toISOString()}`, publishedAt: null });
    await services().articles.publish(id);
    await worker().idle();
    return id;
  }

  const only = async (endpointId: number) => {
    const deliveries = await services().webhooks.deliveries(endpointId);
    expect(deliveries).toHaveLength(1);
    return deliveries[0]!;
  };
  const bodies = () => receiver.requests.map((r) => JSON.parse(r.body) as WebhookPayload);

  it('queues a delivery per active endpoint subscribed to the event, and no others', async () => {
    const published = await endpoint(['article.published']);
    const comments = await endpoint(['comment.approved']);
    const paused = await endpoint(['article.published', 'article.updated'], { active: false });
    const lifecycle = await endpoint(['article.published', 'article.unpublished']);

    const articleId = await publish('Council approves the new bridge');
    expect((await only(published.id)).event).toBe('article.published');
    expect((await only(lifecycle.id)).status).toBe('pending');
    expect(await services().webhooks.deliveries(comments.id)).toEqual([]);
    expect(await services().webhooks.deliveries(paused.id)).toEqual([]);
    expect(receiver.requests).toEqual([]); // queued, not sent: the worker has not run

    services().events.emit('article.unpublished', { articleId, slug: 'x', actorId: null });
    services().events.emit('article.updated', { articleId, slug: 'x', actorId: null });
    await worker().idle();
    expect((await services().webhooks.deliveries(lifecycle.id)).map((d) => d.event)).toEqual(['article.unpublished', 'article.published']);
    expect(await services().webhooks.deliveries(published.id)).toHaveLength(1);

    const summary = await worker().deliverDue();
    expect(summary).toMatchObject({ attempted: 3, succeeded: 3, retrying: 0, failed: 0 });
    expect(receiver.requests.every((r) => r.verified)).toBe(true);
    const first = receiver.requests.find((r) => r.headers['dateline-event'] === 'article.published')!;
    const payload = JSON.parse(first.body) as WebhookPayload;
    const article = (await services().articles.findPublishedById(articleId))!;
    expect(payload).toEqual({
      id: first.headers['dateline-delivery'],
      event: 'article.published',
      created_at: '2026-03-02T09:00:00.000Z',
      data: {
        id: articleId,
        title: 'Council approves the new bridge',
        url: `${TEST_SITE_URL}${article.path}`,
        status: 'published',
        published_at: article.publishedAt,
        updated_at: article.updatedAt,
      },
    });
    expect(first.headers['user-agent']).toBe('Dateline-Webhooks/1');
    expect(first.headers['content-type']).toBe('application/json');
    expect(first.headers['dateline-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(payload.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends comment.approved with the author’s name and the comment’s URL, never the email or IP address', async () => {
    const hook = await endpoint(['comment.approved']);
    const articleId = await makeArticle(services(), { title: 'Readers write in' });
    const path = (await services().articles.findPublishedById(articleId))!.path;
    const formToken = services().comments.formToken(articleId);
    clock.advance(20_000);
    const { id } = await services().comments.submit({
      articleId,
      parentId: null,
      body: 'A thoughtful first comment about the bridge.',
      name: 'Rosa Reader',
      email: 'rosa.private@example.org',
      url: '',
      honeypot: '',
      formToken,
      ip: '203.0.113.77',
      userAgent: 'vitest',
      notifyReplies: false,
    });
    await worker().idle();
    expect(await services().webhooks.deliveries(hook.id)).toEqual([]); // held for moderation: not visible yet
    await services().moderation.act([id], 'approve', { userId: admin.id, scope: { all: true } });
    await worker().idle();
    await worker().deliverDue();
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request!.verified).toBe(true);
    expect(request!.body).not.toContain('rosa.private');
    expect(request!.body).not.toContain('203.0.113.77');
    const comment = await services().moderation.find(id, { all: true });
    expect(JSON.parse(request!.body)).toMatchObject({
      event: 'comment.approved',
      data: {
        id,
        article_id: articleId,
        article_url: `${TEST_SITE_URL}${path}`,
        author_name: 'Rosa Reader',
        created_at: comment.createdAt,
        url: `${TEST_SITE_URL}${path}#comment-${id}`,
      },
    });
  });

  it('retries after the backoff: 500, 500, then 200 on the third attempt, all signed and verified', async () => {
    const hook = await endpoint(['article.published']);
    receiver.script.push(500, 500);
    await publish();
    const log: (number | null)[] = [];

    // Attempt 1: 500. The next is due 30 s later (no jitter in this test), not before.
    expect(await worker().deliverDue()).toMatchObject({ attempted: 1, retrying: 1 });
    let delivery = await only(hook.id);
    log.push(delivery.lastStatusCode);
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500, lastError: 'HTTP 500: receiver says 500', deliveredAt: null });
    expect(delivery.nextAttemptAt).toBe(new Date(clock.now().getTime() + 30_000).toISOString());
    expect(delivery.lastDurationMs).toBeGreaterThanOrEqual(0);
    clock.advance(29_999);
    expect(await worker().deliverDue()).toMatchObject({ attempted: 0 });
    expect(receiver.requests).toHaveLength(1);

    // Attempt 2: 500 again; then two minutes.
    clock.advance(1);
    expect(await worker().deliverDue()).toMatchObject({ attempted: 1, retrying: 1 });
    delivery = await only(hook.id);
    log.push(delivery.lastStatusCode);
    expect(delivery).toMatchObject({ status: 'pending', attempts: 2 });
    expect(delivery.nextAttemptAt).toBe(new Date(clock.now().getTime() + 120_000).toISOString());
    clock.advance(60_000);
    expect(await worker().deliverDue()).toMatchObject({ attempted: 0 });

    // Attempt 3: accepted.
    clock.advance(60_000);
    expect(await worker().deliverDue()).toMatchObject({ attempted: 1, succeeded: 1 });
    delivery = await only(hook.id);
    log.push(delivery.lastStatusCode);
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 3, lastStatusCode: 200, lastError: null, deliveredAt: clock.now().toISOString() });
    expect(log).toEqual([500, 500, 200]);

    expect(receiver.requests.map((r) => r.answered)).toEqual([500, 500, 200]);
    expect(receiver.requests.every((r) => r.verified)).toBe(true);
    // The same body and delivery id every time; a fresh timestamp in each signature.
    expect(new Set(receiver.requests.map((r) => r.body)).size).toBe(1);
    expect(new Set(receiver.requests.map((r) => r.headers['dateline-delivery'])).size).toBe(1);
    expect(new Set(receiver.requests.map((r) => r.headers['dateline-signature'])).size).toBe(3);
    expect(await worker().deliverDue()).toMatchObject({ attempted: 0 });
  });

  it('counts a receiver that hangs past the timeout as a failed attempt, and publishing never waits for it', async () => {
    const hook = await endpoint(['article.published']);
    t.app.webhooks.options.deliverPromptly = true;
    const HANG_MS = 2_000;
    receiver.script.push({ hangMs: HANG_MS });
    const id = await makeArticle(services(), { publishedAt: null });

    const started = performance.now();
    await services().articles.publish(id);
    const publishedAt = performance.now();
    // Delivery starts right after the publish, in the background.
    await receiver.waitForRequests(1);
    await worker().idle();
    const settledAt = performance.now();

    expect(publishedAt).toBeLessThan(receiver.requests[0]!.receivedAt); // publish returned before the request even arrived
    expect(publishedAt - started).toBeLessThan(HANG_MS);
    expect(settledAt - started).toBeLessThan(HANG_MS); // the attempt was cut off, not waited out
    expect(receiver.requests[0]!.answered).toBeNull();
    const delivery = await only(hook.id);
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: null, lastError: `No answer within ${TIMEOUT_MS} ms (timed out)` });
    expect(delivery.lastDurationMs!).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
    expect(delivery.lastDurationMs!).toBeLessThan(HANG_MS);

    // The retry, 30 s later, is accepted.
    clock.advance(30_000);
    expect(await worker().deliverDue()).toMatchObject({ attempted: 1, succeeded: 1 });
  });

  it('never delivers the same delivery twice when workers (in one process or two instances) run at once', async () => {
    await endpoint(['article.published']);
    await endpoint(['article.published']);
    await endpoint(['article.published']);
    for (let i = 0; i < 4; i++) await publish();
    // A second app instance's worker: the same database, its own dispatcher.
    const other = new WebhookDispatcher({
      db: t.database.db,
      events: new DomainEventBus(() => undefined),
      webhooks: services().webhooks,
      settings: services().settings,
      clock,
      siteUrl: TEST_SITE_URL,
      log: silent,
      options: { deliverPromptly: false, timeoutMs: 2_000, concurrency: 3 },
    });
    receiver.fallback = { hangMs: 15 };
    const summaries = await Promise.all([worker().deliverDue(), other.deliverDue(), worker().deliverDue()]);
    expect(summaries.reduce((sum, s) => sum + s.attempted, 0)).toBe(12);
    // They did compete: each saw deliveries another had claimed first.
    expect(summaries.reduce((sum, s) => sum + s.skipped, 0)).toBeGreaterThan(0);
    expect(summaries.reduce((sum, s) => sum + s.succeeded, 0)).toBe(12);
    const ids = receiver.requests.map((r) => r.headers['dateline-delivery']);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    expect(receiver.requests.every((r) => r.verified)).toBe(true);
    await other.stop();
  });

  it('takes over a delivery whose worker stopped mid-attempt once its claim lapses', async () => {
    const hook = await endpoint(['article.published']);
    await publish();
    const [delivery] = await services().webhooks.deliveries(hook.id);
    // What a worker that died after claiming leaves behind.
    const lease = TIMEOUT_MS + 60_000;
    await t.database.db
      .updateTable('webhook_deliveries')
      .set({ status: 'delivering', attempts: 1, locked_until: new Date(clock.now().getTime() + lease).toISOString() })
      .where('id', '=', delivery!.id)
      .execute();
    expect(await worker().deliverDue()).toMatchObject({ attempted: 0 });
    clock.advance(lease - 1);
    expect(await worker().deliverDue()).toMatchObject({ attempted: 0 });
    clock.advance(1);
    expect(await worker().deliverDue()).toMatchObject({ attempted: 1, succeeded: 1 });
    expect(await only(hook.id)).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(receiver.requests).toHaveLength(1);
  });

  it(`gives up after ${MAX_ATTEMPTS} failed attempts`, async () => {
    const hook = await endpoint(['article.published']);
    receiver.fallback = 503;
    await publish();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      expect(await worker().deliverDue()).toMatchObject({ attempted: 1 });
      clock.advance(25 * 3600_000);
    }
    expect(await only(hook.id)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, lastStatusCode: 503 });
    expect(await worker().deliverDue()).toMatchObject({ attempted: 0 });
    expect(receiver.requests).toHaveLength(MAX_ATTEMPTS);
  });

  it('does not follow redirects, and says why a connection failed', async () => {
    const redirected = await endpoint(['article.published']);
    const refused = await endpoint(['article.published'], { url: `http://127.0.0.1:${await closedPort()}/nothing-listens-here` });
    const reserved = await endpoint(['article.published'], { url: 'http://127.0.0.1:25/smtp' });
    receiver.script.push({ redirectTo: `${receiver.url}/moved` });
    await publish();
    expect(await worker().deliverDue()).toMatchObject({ attempted: 3, retrying: 3 });
    expect(receiver.requests).toHaveLength(1);
    expect((await only(redirected.id)).lastError).toBe(`Redirects are not followed (HTTP 301 to ${receiver.url}/moved); change the endpoint's URL`);
    expect(await only(refused.id)).toMatchObject({ lastStatusCode: null, lastError: 'Connection refused (ECONNREFUSED)' });
    expect((await only(reserved.id)).lastError).toMatch(/^This port is reserved for another protocol/);
  });

  it('gives up waiting deliveries when their endpoint is paused; a test ping still goes out', async () => {
    const hook = await endpoint(['article.published']);
    await publish();
    await services().webhooks.update(hook.id, { url: hook.url, description: '', events: hook.events, active: false }, actor());
    expect(await worker().deliverDue()).toMatchObject({ attempted: 1, failed: 1 });
    expect(await only(hook.id)).toMatchObject({ status: 'failed', attempts: 0, lastError: 'Not sent: the endpoint is switched off.' });
    expect(receiver.requests).toHaveLength(0);

    await worker().sendTest(hook.id);
    await worker().idle();
    expect(receiver.requests).toHaveLength(1);
    expect(bodies()[0]).toMatchObject({ event: 'ping', data: { endpoint_id: hook.id } });
    expect(receiver.requests[0]!.verified).toBe(true);
  });

  it('on shutdown, hands an attempt under way back uncounted instead of waiting for a slow receiver', async () => {
    const hook = await endpoint(['article.published']);
    await publish();
    const stopping = new WebhookDispatcher({
      db: t.database.db,
      events: new DomainEventBus(() => undefined),
      webhooks: services().webhooks,
      settings: services().settings,
      clock,
      siteUrl: TEST_SITE_URL,
      log: silent,
      options: { deliverPromptly: false, timeoutMs: 5_000 },
    });
    receiver.script.push({ hangMs: 5_000 });
    const run = stopping.deliverDue();
    await receiver.waitForRequests(1);
    expect(await only(hook.id)).toMatchObject({ status: 'delivering', attempts: 1 });
    const started = performance.now();
    await stopping.stop(50);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(await run).toMatchObject({ attempted: 0, skipped: 1 });
    expect(await only(hook.id)).toMatchObject({ status: 'pending', attempts: 0, lastError: 'Interrupted: the server was shutting down' });
    expect(await stopping.deliverDue()).toMatchObject({ attempted: 0 }); // a stopped dispatcher starts nothing
    // Another worker delivers it at once.
    expect(await worker().deliverDue()).toMatchObject({ attempted: 1, succeeded: 1 });
  });

  it('keeps finished deliveries for 30 days', async () => {
    const hook = await endpoint(['article.published']);
    await publish();
    await worker().deliverDue();
    clock.advance(29 * 24 * 3600_000);
    expect(await services().webhooks.purgeDeliveries(30)).toBe(0);
    clock.advance(2 * 24 * 3600_000);
    expect(await services().webhooks.purgeDeliveries(30)).toBe(1);
    expect(await services().webhooks.deliveries(hook.id)).toEqual([]);
  });
});
