import zlib from 'node:zlib';
import fs from 'node:fs';
import path from 'node:path';
import compress from '@fastify/compress';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Config } from './config.js';
import type { DatabaseHandle } from './platform/db/connection.js';
import { DomainEventBus } from './news/events.js';
import { createMailer } from './platform/mail/mailer.js';
import { CSRF_FAILED_MESSAGE, isCsrfError, registerHttpSecurity } from './platform/security/http.js';
import { resolveSecretKey } from './platform/security/secret-key.js';
import { createSigner } from './platform/security/signer.js';
import { LocalDiskStorage } from './platform/storage/local-disk.js';
import { WorkDirs } from './platform/storage/work-dirs.js';
import { ImportJobRunner } from './import-jobs.js';
import { registerNewsroom } from './newsroom/newsroom.js';
import type { CommentNotifications } from './news/comments/comment-notifications.js';
import { type NewsServices, createNewsServices } from './news/services.js';
import type { PublicationScheduler } from './news/scheduling/publication-scheduler.js';
import type { WebhookDispatcher, WebhookDispatcherOptions } from './news/webhooks/webhook-dispatcher.js';
import { startNewsWorkers } from './news/workers.js';
import { type Clock, systemClock } from './news/shared/clock.js';
import { DomainError } from './news/shared/errors.js';
import { loadSiteAssets } from './site/assets.js';
import { type AssetManifest, serveAssets } from './web/assets.js';
import { renderDocument } from './web/render.js';
import { renderNotFound, siteRoutes } from './site/site.routes.js';
import { ErrorPage } from './site/views/ErrorPage.js';

export interface AppOptions {
  config: Config;
  /** An open, migrated database. The app closes it when the app closes. */
  database: DatabaseHandle;
  clock?: Clock;
  /** Webhook delivery settings (tests shorten the timeout or turn off prompt delivery to drive the worker). */
  webhooks?: Partial<WebhookDispatcherOptions>;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: NewsServices;
    assets: AssetManifest;
    /** Comment emails; null when email is off (no SMTP_URL). */
    commentNotifications: CommentNotifications | null;
    /** Webhook delivery: queues deliveries from domain events and sends them in the background. */
    webhooks: WebhookDispatcher;
    /** Publishes scheduled articles when due; background-jobs.ts ticks it (tests call tick() with a ManualClock). */
    scheduler: PublicationScheduler;
    /** Runs the imports started from the newsroom; background-jobs.ts calls runNext() (tests call it themselves). */
    importJobs: ImportJobRunner;
  }
}

const YEAR_SECONDS = 365 * 24 * 3600;

/** Builds the whole application without listening, so tests drive it with inject() and the server adds listen(). */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, database } = options;
  const app = Fastify({
    logger: { level: config.logLevel },
    trustProxy: config.trustProxy,
    // Readers' URLs get one canonical form each; redirects handle the rest (see renderNotFound).
    routerOptions: { ignoreDuplicateSlashes: false },
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<TypeBoxTypeProvider>();

  const events = new DomainEventBus((event, error) => app.log.error({ err: error, event }, 'domain event listener failed'));
  const secretKey = resolveSecretKey(config);
  const signer = createSigner(secretKey);
  const mediaDir = path.join(config.dataDir, 'media');
  const services = createNewsServices({
    db: database.db,
    events,
    clock: options.clock ?? systemClock,
    signer,
    media: { storage: new LocalDiskStorage(mediaDir), maxBytes: config.mediaMaxBytes },
    imports: { workDirs: new WorkDirs(path.join(config.dataDir, 'imports')), limits: config.imports },
  });
  const assets = loadSiteAssets();
  app.decorate('services', services);
  app.decorate('assets', assets);
  app.addHook('onClose', async () => database.destroy());
  // Email (comment notifications, password links) when SMTP_URL is set.
  const mailer = createMailer(config, app.log);
  // The domain's long-lived workers (news/workers.ts): comment emails, webhook deliveries, the scheduler.
  const workers = startNewsWorkers({ db: database.db, services, mailer, siteUrl: config.siteUrl, log: app.log, webhooks: options.webhooks });
  app.decorate('commentNotifications', workers.commentNotifications);
  app.decorate('webhooks', workers.webhooks);
  app.decorate('scheduler', workers.scheduler);
  // onClose hooks run last-added first: the workers stop (webhooks, then comment emails) and mail drains before the
  // database closes.
  app.addHook('onClose', async () => {
    try {
      await workers.stop();
    } finally {
      await mailer?.close();
    }
  });
  // Imports from the newsroom (import-jobs.ts): one under way stops at its next progress report and is handed back,
  // before the workers and the database close.
  const importJobs = new ImportJobRunner({ services, siteUrl: config.siteUrl, log: app.log });
  app.decorate('importJobs', importJobs);
  app.addHook('onClose', async () => importJobs.stop());

  const siteDeps = { services, assets, siteUrl: config.siteUrl, signer, secureCookies: config.siteUrl.startsWith('https:') };
  // Set before any route is registered: plugins take the handlers in force when they register.
  app.setErrorHandler((error: FastifyError, request, reply) => handleError(error, request, reply, assets));
  app.setNotFoundHandler((request, reply) => {
    if (wantsJson(request)) return reply.status(404).send({ error: 'not_found', message: 'Not found' });
    return renderNotFound(siteDeps, request, reply);
  });

  const https = config.siteUrl.startsWith('https:');
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: https ? { maxAge: YEAR_SECONDS, includeSubDomains: false } : false,
    crossOriginEmbedderPolicy: false,
  });
  await app.register(compress, {
    threshold: 1024,
    // Pages are rendered per request: a mid brotli level compresses well without costing more than the render.
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } },
  });
  await app.register(formbody);
  // Signed cookies, CSRF tokens (`preValidation: app.csrfProtection` on every form POST), opt-in rate limits, and
  // `request.staff` from the session cookie.
  await registerHttpSecurity(app, { secretKey, siteUrl: config.siteUrl, secureCookies: https, sessions: services.sessions });

  app.get('/assets/:file', serveAssets(assets));

  fs.mkdirSync(mediaDir, { recursive: true });
  await app.register(fastifyStatic, { root: mediaDir, prefix: '/media/', decorateReply: false, maxAge: '7d', index: false });

  app.get('/health', async () => ({ status: 'ok' }));

  // Before any other /newsroom route: it makes every route there require a signed-in user unless marked public.
  await registerNewsroom(app, { services, secureCookies: https, siteUrl: config.siteUrl, mailer });
  await app.register(siteRoutes, siteDeps);

  return app;
}

function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || request.url.startsWith('/wp-json/');
}

/** Turns any failure into a response a reader can use; only 5xx are logged as errors, and no details leak. */
function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply, assets: AssetManifest) {
  let status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
  let message = 'Something went wrong on our side. The error has been logged; please try again in a moment.';
  if (error instanceof DomainError) {
    status = { not_found: 404, invalid: 422, conflict: 409, forbidden: 403 }[error.code];
    message = error.message;
  } else if (isCsrfError(error)) {
    // A stale or foreign form: say what to do, not the plugin's error code.
    status = 403;
    message = CSRF_FAILED_MESSAGE;
  } else if (error.validation) {
    status = 400;
    message = `The request was not valid: ${error.message}.`;
  } else if (status < 500) {
    message = error.message;
  }
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ status, reason: error.message }, 'request rejected');
  if (wantsJson(request)) return reply.status(status).send({ error: status >= 500 ? 'internal_error' : 'bad_request', message });
  const title =
    status >= 500
      ? 'Sorry, this page failed to load'
      : status === 404
        ? 'Not found'
        : isCsrfError(error)
          ? 'This form has expired'
          : status === 429
            ? 'Too many requests'
            : 'That request could not be handled';
  let cssUrl: string | null = null;
  try {
    cssUrl = assets.url('site.css');
  } catch {
    cssUrl = null;
  }
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .send(renderDocument(<ErrorPage status={status} title={title} message={message} requestId={request.id} cssUrl={cssUrl} />));
}
