import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.js';
import type { MailLog, Mailer } from '../platform/mail/mailer.js';
import { type CommentNotifications, startCommentNotifications } from './comments/comment-notifications.js';
import { PublicationScheduler } from './scheduling/publication-scheduler.js';
import type { NewsServices } from './services.js';
import { type WebhookDispatcher, type WebhookDispatcherOptions, startWebhookDispatcher } from './webhooks/webhook-dispatcher.js';

export interface NewsWorkersDeps {
  db: Kysely<Database>;
  services: NewsServices;
  /** Comment emails go out only with a mailer (SMTP_URL set). Its owner closes it, after stop(). */
  mailer: Mailer | null;
  /** The public base URL, without a trailing slash (links in emails and webhook payloads). */
  siteUrl: string;
  log: MailLog;
  /** Webhook delivery settings (tests shorten the timeout or turn off prompt delivery to drive the worker). */
  webhooks?: Partial<WebhookDispatcherOptions>;
}

/** The domain's long-lived workers, built once per app beside the services (services.ts). */
export interface NewsWorkers {
  /** Comment emails from comment events; null when email is off. */
  commentNotifications: CommentNotifications | null;
  /** Queues webhook deliveries from domain events and sends them (promptly, and when deliverDue() is run). */
  webhooks: WebhookDispatcher;
  /** Publishes scheduled articles when due; background-jobs.ts ticks it (tests call tick() with a ManualClock). */
  scheduler: PublicationScheduler;
  /**
   * Stops listening and waits for work under way: webhook attempts first (those still running are handed back as
   * pending), then comment emails. The mailer and the database stay open: close them after this.
   */
  stop(): Promise<void>;
}

/** Builds the workers and starts their event listeners (the scheduler has none: it runs when ticked). */
export function startNewsWorkers(deps: NewsWorkersDeps): NewsWorkers {
  const { db, services, mailer, siteUrl, log } = deps;
  const { events, clock } = services;
  const commentNotifications = mailer
    ? startCommentNotifications({
        db,
        events,
        mailer,
        comments: services.comments,
        articles: services.articles,
        settings: services.settings,
        staff: services.staff,
        clock,
        siteUrl,
        log,
      })
    : null;
  const webhooks = startWebhookDispatcher({
    db,
    events,
    webhooks: services.webhooks,
    settings: services.settings,
    clock,
    siteUrl,
    log,
    options: deps.webhooks,
  });
  const scheduler = new PublicationScheduler({ db, events, clock, audit: services.audit, writeHook: services.searchIndexer, log });
  return {
    commentNotifications,
    webhooks,
    scheduler,
    async stop() {
      try {
        await webhooks.stop();
      } finally {
        await commentNotifications?.stop();
      }
    },
  };
}
