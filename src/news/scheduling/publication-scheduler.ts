import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { DomainEventBus } from '../events.js';
import type { ArticleWriteHook } from '../articles/article.service.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock } from '../shared/clock.js';
import type { PublishTrigger } from '../vocabulary.js';
import { claimDueArticle, dueScheduledIds, insertPublishRun } from './schedule.repository.js';

/** A publication later than this after its time counts as late: logged as a warning and shown on the dashboard. */
export const LATE_AFTER_MS = 60_000;

/** What the app runs it with: server.ts calls tick() every SCHEDULER_INTERVAL_MS, and once at start. */
export const SCHEDULER_INTERVAL_MS = 5_000;

/** One scheduled article this instance published. */
export interface ScheduledPublication {
  articleId: number;
  slug: string;
  /** When it was due (its published_at). */
  scheduledFor: string;
  ranAt: string;
  lateMs: number;
}

export interface PublicationSchedulerDeps {
  db: Kysely<Database>;
  events: DomainEventBus;
  clock: Clock;
  audit: AuditService;
  /** The search index, written in the publishing transaction as ArticleService does. */
  writeHook: ArticleWriteHook | null;
  log?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

const BATCH = 50;
const MAX_BATCHES = 20;

/**
 * Publishes scheduled articles when they fall due, whether or not anyone visits the site.
 *
 * `tick()` lists the scheduled articles due now and claims each with one conditional UPDATE (status still
 * 'scheduled', still due); the claim, the search index, a `publish_runs` row and an 'article.scheduled_publish'
 * audit entry commit together. Only the instance whose claim succeeded emits article.published, so with several
 * processes or app instances ticking at once every article is published exactly once. Nothing is kept in memory:
 * a restart (tick with trigger 'start') publishes whatever fell due while nothing was running, and logs how late.
 */
export class PublicationScheduler {
  constructor(private readonly deps: PublicationSchedulerDeps) {}

  async tick(trigger: PublishTrigger = 'tick'): Promise<ScheduledPublication[]> {
    const published: ScheduledPublication[] = [];
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const ids = await dueScheduledIds(this.deps.db, this.deps.clock.now().toISOString(), BATCH);
      for (const id of ids) {
        const publication = await this.publishIfDue(id, trigger);
        if (publication) published.push(publication);
      }
      if (ids.length < BATCH) break;
    }
    return published;
  }

  private async publishIfDue(id: number, trigger: PublishTrigger): Promise<ScheduledPublication | null> {
    const { db, clock, audit, writeHook } = this.deps;
    const now = clock.now();
    const ranAt = now.toISOString();
    const publication = await db.transaction().execute(async (trx) => {
      const claimed = await claimDueArticle(trx, id, ranAt);
      if (!claimed) return null; // Another instance got there first, or it was unscheduled meanwhile.
      const scheduledFor = new Date(claimed.published_at!).toISOString();
      const lateMs = Math.max(0, now.getTime() - new Date(scheduledFor).getTime());
      await writeHook?.articleWritten(trx, id);
      await insertPublishRun(trx, { articleId: id, scheduledFor, ranAt, lateMs, trigger });
      await audit.record(
        { actorId: null, action: 'article.scheduled_publish', subjectType: 'article', subjectId: id, after: { scheduledFor, ranAt, lateMs, trigger } },
        trx,
      );
      return { articleId: id, slug: claimed.slug, scheduledFor, ranAt, lateMs };
    });
    if (!publication) return null;
    const context = { articleId: id, scheduledFor: publication.scheduledFor, lateMs: publication.lateMs, trigger };
    if (trigger === 'start' || publication.lateMs >= LATE_AFTER_MS) {
      this.deps.log?.warn(context, `published an overdue scheduled article ${formatLate(publication.lateMs)} late`);
    } else {
      this.deps.log?.info(context, 'published a scheduled article');
    }
    this.deps.events.emit('article.published', { articleId: id, slug: publication.slug, actorId: null });
    return publication;
  }
}

/** "3 s", "4 min 10 s", "2 h 5 min", "3 d 4 h". */
export function formatLate(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}
