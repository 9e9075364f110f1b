import type { Kysely } from 'kysely';
import type { Database, WebhookDeliveryRow, WebhookEndpointRow } from '../../platform/db/schema.js';
import type { ArticleEventPayload, CommentEventPayload, DomainEventBus } from '../events.js';
import { httpWebhookSender, shorten, type WebhookAttemptResult, type WebhookSender } from '../../platform/webhooks/sender.js';
import { signatureHeader } from '../../platform/webhooks/signature.js';
import { findArticleById } from '../articles/article.repository.js';
import { articlePath } from '../articles/permalink.js';
import { findComment } from '../comments/comment.repository.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { Clock } from '../shared/clock.js';
import { MAX_ATTEMPTS, retryDelayMs } from './backoff.js';
import { claimDelivery, dueDeliveryIds, finishDelivery, findEndpointRow } from './webhook.repository.js';
import type { WebhookService } from './webhook.service.js';
import type { ArticleWebhookData, CommentWebhookData, WebhookEventName } from './webhook.types.js';

export const USER_AGENT = 'Dateline-Webhooks/1';
export const DEFAULT_TIMEOUT_MS = 10_000;

export interface WebhookDispatcherOptions {
  /** How long one attempt may take, connect to last byte read (default 10 s). */
  timeoutMs: number;
  /** Deliver right after an event queues deliveries, instead of waiting for the next deliverDue() (default true). */
  deliverPromptly: boolean;
  /** Deliveries claimed per deliverDue() call (default 50). */
  batchSize: number;
  /** Attempts made at the same time within one deliverDue() call (default 8). */
  concurrency: number;
  /** For the retry jitter. */
  random: () => number;
  sender: WebhookSender;
}

export interface WebhookDispatcherDeps {
  db: Kysely<Database>;
  events: DomainEventBus;
  webhooks: WebhookService;
  settings: SettingsService;
  clock: Clock;
  /** The public base URL, without a trailing slash. */
  siteUrl: string;
  log: {
    info(obj: object, msg: string): void;
    warn(obj: object, msg: string): void;
    error(obj: object, msg: string): void;
  };
  options?: Partial<WebhookDispatcherOptions>;
}

/** What one deliverDue() call did. */
export interface DeliveryRunSummary {
  /** Deliveries this call claimed and attempted. */
  attempted: number;
  succeeded: number;
  /** Failed attempts that will be tried again. */
  retrying: number;
  /** Deliveries that gave up (last attempt failed, or the endpoint is switched off). */
  failed: number;
  /** Due deliveries another worker claimed first. */
  skipped: number;
  /** A whole batch was due: call again to work through the rest. */
  more: boolean;
}

type Outcome = 'succeeded' | 'retrying' | 'failed' | 'skipped';

/**
 * Webhook delivery, in the background:
 *
 * - **Producer.** Domain events (article.published/updated/unpublished, comment.approved) queue one delivery row per
 *   subscribed active endpoint. The listener starts after the current turn of the event loop, so the request that
 *   emitted never waits for it, and its failures are logged, never thrown.
 * - **Worker.** `deliverDue()` claims due deliveries one conditional UPDATE at a time (so with several processes or
 *   app instances each delivery is attempted by exactly one of them at a time), POSTs the signed body with a timeout,
 *   and records the outcome: 2xx succeeded; anything else is retried with exponential backoff (backoff.ts) until
 *   MAX_ATTEMPTS, then failed. A claim lapses after the timeout plus a minute, so a delivery whose worker died is
 *   taken over by the next run. server.ts runs it every few seconds; after an event it also runs at once for the
 *   deliveries just queued.
 */
export class WebhookDispatcher {
  readonly options: WebhookDispatcherOptions;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly listeners: (() => void)[] = [];
  private readonly shutdown = new AbortController();
  private stopped = false;

  constructor(private readonly deps: WebhookDispatcherDeps) {
    this.options = {
      timeoutMs: DEFAULT_TIMEOUT_MS,
      deliverPromptly: true,
      batchSize: 50,
      concurrency: 8,
      random: Math.random,
      sender: httpWebhookSender,
      ...deps.options,
    };
  }

  start(): this {
    if (this.listeners.length) return this;
    const { events } = this.deps;
    const article = (event: WebhookEventName) => (payload: ArticleEventPayload) =>
      this.track(`queue ${event}`, () => this.queue(event, () => this.articleData(payload.articleId)), { event, articleId: payload.articleId });
    this.listeners.push(
      events.on('article.published', article('article.published')),
      events.on('article.updated', article('article.updated')),
      events.on('article.unpublished', article('article.unpublished')),
      events.on('comment.approved', (payload: CommentEventPayload) =>
        this.track('queue comment.approved', () => this.queue('comment.approved', () => this.commentData(payload.commentId)), {
          event: 'comment.approved',
          commentId: payload.commentId,
        }),
      ),
    );
    return this;
  }

  /** The newsroom's "Send test": queues a ping for the endpoint and delivers it at once, in the background. */
  async sendTest(endpointId: number): Promise<number> {
    const id = await this.deps.webhooks.enqueuePing(endpointId);
    this.deliverSoon([id]);
    return id;
  }

  /** Attempts these deliveries now, in the background (they must be due). */
  deliverSoon(ids: number[]): void {
    if (!ids.length || this.stopped) return;
    this.track('deliver', () => this.deliverDue({ ids }), { deliveryIds: ids });
  }

  /**
   * Claims and attempts the deliveries that are due (at most `batchSize`, `concurrency` at a time) and resolves when
   * every attempt is recorded. Safe to call from several places and instances at once.
   */
  async deliverDue(options: { ids?: number[] } = {}): Promise<DeliveryRunSummary> {
    const summary: DeliveryRunSummary = { attempted: 0, succeeded: 0, retrying: 0, failed: 0, skipped: 0, more: false };
    if (this.stopped) return summary;
    const run = (async () => {
      const ids = await dueDeliveryIds(this.deps.db, this.deps.clock.now().toISOString(), this.options.batchSize, options.ids);
      summary.more = ids.length === this.options.batchSize;
      const endpoints = new Map<number, Promise<WebhookEndpointRow | undefined>>();
      const endpoint = (id: number) => {
        let found = endpoints.get(id);
        if (!found) endpoints.set(id, (found = findEndpointRow(this.deps.db, id)));
        return found;
      };
      let next = 0;
      const workers = Array.from({ length: Math.min(this.options.concurrency, ids.length) }, async () => {
        while (next < ids.length && !this.stopped) {
          const outcome = await this.attempt(ids[next++]!, endpoint);
          summary[outcome]++;
          if (outcome !== 'skipped') summary.attempted++;
        }
      });
      await Promise.all(workers);
      return summary;
    })();
    this.inFlight.add(run);
    try {
      return await run;
    } finally {
      this.inFlight.delete(run);
    }
  }

  /** Resolves when everything started so far (queueing and deliveries) has finished. */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Stops listening and starting deliveries; waits up to `graceMs` for attempts under way, then aborts the rest.
   * An aborted attempt is handed back (pending, not counted) for the next start or another instance.
   */
  async stop(graceMs = 5_000): Promise<void> {
    for (const off of this.listeners.splice(0)) off();
    this.stopped = true;
    if ((await this.idleWithin(graceMs)) === 'done') return;
    this.shutdown.abort();
    if ((await this.idleWithin(2_000)) === 'timeout') this.deps.log.warn({ pending: this.inFlight.size }, 'gave up waiting for webhook deliveries to stop');
  }

  private async idleWithin(ms: number): Promise<'done' | 'timeout'> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), ms);
      timer.unref();
    });
    const outcome = await Promise.race([this.idle().then(() => 'done' as const), timeout]);
    clearTimeout(timer);
    return outcome;
  }

  /** Runs work after the current turn of the event loop; logs its failure; idle() waits for it. */
  private track(what: string, work: () => Promise<unknown>, context: object): void {
    const task: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
      .then(work)
      .then(() => undefined)
      .catch((error: unknown) => this.deps.log.error({ err: error, ...context }, `webhooks: ${what} failed`))
      .finally(() => this.inFlight.delete(task));
    this.inFlight.add(task);
  }

  private async queue(event: WebhookEventName, data: () => Promise<ArticleWebhookData | CommentWebhookData | null>): Promise<void> {
    const ids = await this.deps.webhooks.enqueue(event, data);
    if (ids.length && this.options.deliverPromptly) this.deliverSoon(ids);
  }

  private async articleUrl(row: { slug: string; published_at: string | null; created_at: string }): Promise<string> {
    const { timeZone } = await this.deps.settings.get();
    return `${this.deps.siteUrl}${articlePath(row.slug, row.published_at ?? row.created_at, timeZone)}`;
  }

  private async articleData(articleId: number): Promise<ArticleWebhookData | null> {
    const row = await findArticleById(this.deps.db, articleId);
    if (!row) return null;
    return {
      id: row.id,
      title: row.title,
      url: await this.articleUrl(row),
      status: row.status,
      published_at: row.published_at,
      updated_at: row.updated_at,
    };
  }

  /** Only what the site shows of a comment: never the commenter's email or IP address. */
  private async commentData(commentId: number): Promise<CommentWebhookData | null> {
    const comment = await findComment(this.deps.db, commentId);
    // Unapproved or deleted again before we got here: it is not visible, so there is nothing to announce.
    if (!comment || comment.status !== 'approved') return null;
    const article = await findArticleById(this.deps.db, comment.article_id);
    if (!article) return null;
    const articleUrl = await this.articleUrl(article);
    return {
      id: comment.id,
      article_id: article.id,
      article_url: articleUrl,
      author_name: comment.author_name,
      created_at: comment.created_at,
      url: `${articleUrl}#comment-${comment.id}`,
    };
  }

  private async attempt(id: number, endpointOf: (id: number) => Promise<WebhookEndpointRow | undefined>): Promise<Outcome> {
    const { db, clock } = this.deps;
    const claimedAt = clock.now();
    const lease = this.options.timeoutMs + 60_000;
    const row = await claimDelivery(db, id, claimedAt.toISOString(), new Date(claimedAt.getTime() + lease).toISOString());
    if (!row) return 'skipped';
    const attempt = row.attempts;
    const endpoint = await endpointOf(row.endpoint_id);
    if (!endpoint) return 'skipped'; // deleted meanwhile: its deliveries went with it
    if (attempt > MAX_ATTEMPTS) {
      // The worker holding the last attempt stopped before recording it.
      await finishDelivery(db, id, attempt, {
        status: 'failed',
        attempts: MAX_ATTEMPTS,
        last_error: 'The last attempt was interrupted and no attempts are left.',
        updated_at: clock.now().toISOString(),
      });
      return 'failed';
    }
    if (!endpoint.active && row.event !== 'ping') {
      await finishDelivery(db, id, attempt, {
        status: 'failed',
        attempts: attempt - 1,
        last_error: 'Not sent: the endpoint is switched off.',
        updated_at: clock.now().toISOString(),
      });
      return 'failed';
    }

    const result = await this.send(endpoint, row);
    const now = clock.now();
    const at = now.toISOString();
    const recorded = { last_status_code: result.statusCode, last_error: result.error, last_duration_ms: result.durationMs, updated_at: at };
    const context = { deliveryId: id, endpointId: endpoint.id, event: row.event, attempt, status: result.statusCode, error: result.error };
    if (result.interrupted) {
      await finishDelivery(db, id, attempt, { ...recorded, status: 'pending', attempts: attempt - 1, next_attempt_at: at });
      return 'skipped';
    }
    if (result.ok) {
      await finishDelivery(db, id, attempt, { ...recorded, status: 'succeeded', delivered_at: at });
      return 'succeeded';
    }
    const delay = retryDelayMs(attempt, this.options.random);
    if (delay === null) {
      await finishDelivery(db, id, attempt, { ...recorded, status: 'failed' });
      this.deps.log.warn(context, 'webhook delivery failed for the last time; giving up');
      return 'failed';
    }
    const nextAttemptAt = new Date(now.getTime() + delay).toISOString();
    await finishDelivery(db, id, attempt, { ...recorded, status: 'pending', next_attempt_at: nextAttemptAt });
    this.deps.log.info({ ...context, nextAttemptAt }, 'webhook delivery failed; will retry');
    return 'retrying';
  }

  private async send(endpoint: WebhookEndpointRow, row: WebhookDeliveryRow): Promise<WebhookAttemptResult> {
    const timestamp = Math.floor(this.deps.clock.now().getTime() / 1000);
    try {
      return await this.options.sender({
        url: endpoint.url,
        body: row.payload,
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': USER_AGENT,
          'Dateline-Event': row.event,
          'Dateline-Delivery': row.uuid,
          'Dateline-Signature': signatureHeader(endpoint.secret, timestamp, row.payload),
        },
        timeoutMs: this.options.timeoutMs,
        signal: this.shutdown.signal,
      });
    } catch (error) {
      // A sender should not throw; if one does, it is still a failed attempt, never a crashed worker.
      return { ok: false, statusCode: null, error: shorten(error instanceof Error ? error.message : String(error)), durationMs: 0, interrupted: false };
    }
  }
}

export function startWebhookDispatcher(deps: WebhookDispatcherDeps): WebhookDispatcher {
  return new WebhookDispatcher(deps).start();
}
