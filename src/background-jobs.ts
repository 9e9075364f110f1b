import type { FastifyInstance } from 'fastify';
import { SCHEDULER_INTERVAL_MS } from './news/scheduling/publication-scheduler.js';
import { every } from './platform/jobs/every.js';

/** How often the queue of imports is looked at. */
export const IMPORT_POLL_MS = 2_000;

/**
 * The app's in-process periodic jobs, as the server runs them (tests that need the real timing start the same set).
 * Returns a function that stops them all.
 */
export function startBackgroundJobs(app: FastifyInstance): () => void {
  // Scheduled articles go live when due whether or not anyone visits: at once for anything that fell due while the
  // site was down (logged as a warning with how late), then every few seconds. Each publication is claimed in the
  // database, so several instances never publish one twice.
  let schedulerStarted = false;
  const stopScheduler = every(
    SCHEDULER_INTERVAL_MS,
    'scheduled-publishing',
    async () => {
      const trigger = schedulerStarted ? 'tick' : 'start';
      schedulerStarted = true;
      await app.scheduler.tick(trigger);
    },
    app.log,
  );
  // Spam and trash past the purge setting are deleted hourly.
  const stopPurge = every(
    3_600_000,
    'comment-purge',
    async () => {
      const deleted = await app.services.comments.purge();
      if (deleted) app.log.info({ deleted }, 'purged old spam and trashed comments');
    },
    app.log,
  );
  // Webhook deliveries that are due (retries, and any a stopped instance left behind); the finished ones are kept in
  // the delivery log for 30 days.
  const stopWebhooks = every(
    10_000,
    'webhook-deliveries',
    async () => {
      // A backlog is worked through a batch at a time, at most 20 batches a run.
      for (let round = 0; round < 20; round++) {
        if (!(await app.webhooks.deliverDue()).more) break;
      }
    },
    app.log,
  );
  const stopWebhookPurge = every(
    3_600_000,
    'webhook-log-purge',
    async () => {
      const deleted = await app.services.webhooks.purgeDeliveries(30);
      if (deleted) app.log.info({ deleted }, 'deleted webhook deliveries older than 30 days');
    },
    app.log,
  );
  // Password links that were used, revoked or expired more than a week ago are of no use to anyone.
  const stopPasswordLinkPurge = every(
    3_600_000,
    'password-link-purge',
    async () => {
      const deleted = await app.services.passwordResets.purgeEnded(7);
      if (deleted) app.log.info({ deleted }, 'deleted password links that ended more than 7 days ago');
    },
    app.log,
  );
  // Imports started from the newsroom: the next waiting one (or one a stopped instance left) a few seconds after it
  // was queued. A run lasts as long as the import; the job is claimed in the database, so instances share the queue.
  const stopImports = every(
    IMPORT_POLL_MS,
    'import-jobs',
    async () => {
      // One after another while they wait, at most 10 a run.
      for (let round = 0; round < 10; round++) {
        if (!(await app.importJobs.runNext())) break;
      }
    },
    app.log,
  );
  return () => {
    stopImports();
    stopScheduler();
    stopPurge();
    stopWebhooks();
    stopWebhookPurge();
    stopPasswordLinkPurge();
  };
}
