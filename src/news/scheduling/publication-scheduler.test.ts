import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeArticle } from '../../../test/factories.js';
import { ManualClock } from '../../../test/helpers/clock.js';
import { POSTGRES_URL, createSharedPostgresDatabases, createTestDatabase, describeEachDialect } from '../../../test/helpers/database.js';
import type { DatabaseHandle } from '../../platform/db/connection.js';
import { type ArticleEventPayload, DomainEventBus } from '../events.js';
import { createSigner } from '../../platform/security/signer.js';
import { type NewsServices, createNewsServices } from '../services.js';
import type { Clock } from '../shared/clock.js';
import { LATE_AFTER_MS, PublicationScheduler, formatLate } from './publication-scheduler.js';

function recordingLog() {
  const entries: { level: 'info' | 'warn'; obj: Record<string, unknown>; msg: string }[] = [];
  return {
    entries,
    info: (obj: object, msg: string) => void entries.push({ level: 'info', obj: obj as Record<string, unknown>, msg }),
    warn: (obj: object, msg: string) => void entries.push({ level: 'warn', obj: obj as Record<string, unknown>, msg }),
  };
}

function wire(database: DatabaseHandle, clock: Clock) {
  const events = new DomainEventBus((_, error) => {
    throw error;
  });
  const services = createNewsServices({ db: database.db, events, clock, signer: createSigner('k'.repeat(32)) });
  const published: ArticleEventPayload[] = [];
  events.on('article.published', (payload) => void published.push(payload));
  const log = recordingLog();
  const scheduler = new PublicationScheduler({ db: database.db, events, clock, audit: services.audit, writeHook: services.searchIndexer, log });
  return { services, scheduler, published, log };
}

describeEachDialect('PublicationScheduler', (dialect) => {
  let database: DatabaseHandle;
  let clock: ManualClock;
  let services: NewsServices;
  let scheduler: PublicationScheduler;
  let published: ArticleEventPayload[];
  let log: ReturnType<typeof recordingLog>;

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    clock = new ManualClock('2026-03-10T12:00:00.000Z');
    ({ services, scheduler, published, log } = wire(database, clock));
  });
  afterEach(async () => database.destroy());

  async function scheduled(at: string, title?: string) {
    const id = await makeArticle(services, { publishedAt: null, ...(title ? { title } : {}) });
    await services.articles.schedule(id, at);
    return id;
  }

  it('publishes nothing before its time', async () => {
    const id = await scheduled('2026-03-10T12:00:05.000Z');
    expect(await scheduler.tick()).toEqual([]);
    expect(published).toEqual([]);
    expect(await services.articles.findPublishedById(id)).toBeNull();
    const row = await database.db.selectFrom('articles').select(['status', 'published_at']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'scheduled', published_at: '2026-03-10T12:00:05.000Z' });
  });

  it('publishes a due article once, at its scheduled time, emits article.published once, audits and logs the run', async () => {
    const id = await scheduled('2026-03-10T12:00:05.000Z', 'Copper hits a record');
    clock.advance(7_000);
    const runs = await scheduler.tick();
    expect(runs).toEqual([
      { articleId: id, slug: 'copper-hits-a-record', scheduledFor: '2026-03-10T12:00:05.000Z', ranAt: '2026-03-10T12:00:07.000Z', lateMs: 2_000 },
    ]);
    expect(await scheduler.tick()).toEqual([]);
    clock.advance(60_000);
    expect(await scheduler.tick()).toEqual([]);
    expect(published).toEqual([{ articleId: id, slug: 'copper-hits-a-record', actorId: null }]);

    const article = (await services.articles.findPublishedById(id))!;
    expect(article.publishedAt).toBe('2026-03-10T12:00:05.000Z');
    expect(article.updatedAt).toBe('2026-03-10T12:00:05.000Z');
    expect(article.path).toBe('/2026/03/10/copper-hits-a-record/');
    // In the search index in the same commit.
    const document = await database.db.selectFrom('article_search_documents').select('article_id').where('article_id', '=', id).executeTakeFirst();
    expect(document).toEqual({ article_id: id });

    const audit = await services.audit.list({ action: 'article.scheduled_publish' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: null,
      subjectType: 'article',
      subjectId: String(id),
      after: { scheduledFor: '2026-03-10T12:00:05.000Z', lateMs: 2_000, trigger: 'tick' },
    });
    const runRows = await database.db.selectFrom('publish_runs').selectAll().execute();
    expect(runRows.map((r) => [r.article_id, r.late_ms, r.trigger])).toEqual([[id, 2_000, 'tick']]);
    expect(log.entries.map((e) => e.level)).toEqual(['info']);
  });

  it('at start publishes everything overdue at once, oldest first, and warns how late each was', async () => {
    const older = await scheduled('2026-03-09T09:00:00.000Z');
    const newer = await scheduled('2026-03-10T11:58:00.000Z');
    const future = await scheduled('2026-03-11T08:00:00.000Z');
    const runs = await scheduler.tick('start');
    expect(runs.map((r) => [r.articleId, r.lateMs])).toEqual([
      [older, 27 * 3_600_000],
      [newer, 120_000],
    ]);
    expect(published.map((p) => p.articleId)).toEqual([older, newer]);
    expect(log.entries.map((e) => [e.level, e.obj.articleId, e.obj.lateMs, e.msg])).toEqual([
      ['warn', older, 27 * 3_600_000, 'published an overdue scheduled article 1 d 3 h late'],
      ['warn', newer, 120_000, 'published an overdue scheduled article 2 min late'],
    ]);
    expect(await services.articles.findPublishedById(future)).toBeNull();
    const late = await database.db.selectFrom('publish_runs').select(['article_id', 'trigger']).where('late_ms', '>=', LATE_AFTER_MS).orderBy('id').execute();
    expect(late).toEqual([
      { article_id: older, trigger: 'start' },
      { article_id: newer, trigger: 'start' },
    ]);
  });

  it('leaves an article alone that was unscheduled or published by hand before its time', async () => {
    const byHand = await scheduled('2026-03-10T12:00:05.000Z');
    const unscheduled = await scheduled('2026-03-10T12:00:05.000Z');
    await services.articles.publish(byHand, { at: '2026-03-10T12:00:01.000Z' });
    await database.db.updateTable('articles').set({ status: 'draft' }).where('id', '=', unscheduled).execute();
    published.length = 0;
    clock.advance(10_000);
    expect(await scheduler.tick()).toEqual([]);
    expect(published).toEqual([]);
  });

  it('schedules: refuses a published article and a bad time; rescheduling moves the time', async () => {
    const live = await makeArticle(services);
    await expect(services.articles.schedule(live, '2026-03-11T08:00:00.000Z')).rejects.toThrow(/already published/);
    const id = await scheduled('2026-03-11T08:00:00+01:00');
    await expect(services.articles.schedule(id, 'tomorrow')).rejects.toThrow(/not a date/);
    await services.articles.schedule(id, '2026-03-10T12:00:01.000Z');
    clock.advance(1_000);
    expect((await scheduler.tick()).map((r) => r.articleId)).toEqual([id]);
  });

  it('formats lateness for people', () => {
    expect([formatLate(900), formatLate(61_000), formatLate(3_600_000), formatLate(90_061_000)]).toEqual(['1 s', '1 min 1 s', '1 h', '1 d 1 h']);
  });
});

(POSTGRES_URL ? describe : describe.skip)('PublicationScheduler, two instances on one PostgreSQL database', () => {
  it('publishes each due article exactly once however the ticks interleave', async () => {
    const shared = await createSharedPostgresDatabases();
    try {
      const clock = new ManualClock('2026-03-10T12:00:00.000Z');
      const a = wire(shared.first, clock);
      const b = wire(shared.second, clock);
      const ARTICLES = 12;
      const ids: number[] = [];
      for (let i = 0; i < ARTICLES; i++) {
        const id = await makeArticle(a.services, { publishedAt: null });
        // Due at staggered times, so successive rounds find new work.
        await a.services.articles.schedule(id, new Date(Date.parse('2026-03-10T12:00:01.000Z') + (i % 4) * 1_000).toISOString());
        ids.push(id);
      }
      const results: number[] = [];
      for (let round = 0; round < 6; round++) {
        clock.advance(1_000);
        const ticks = await Promise.all([a.scheduler.tick(), b.scheduler.tick(), a.scheduler.tick(), b.scheduler.tick(), b.scheduler.tick()]);
        results.push(...ticks.flat().map((r) => r.articleId));
      }
      expect(results.sort((x, y) => x - y)).toEqual(ids);
      const events = [...a.published, ...b.published].map((p) => p.articleId).sort((x, y) => x - y);
      // Which instance wins each claim is up to the race (under load one may win them all): exactly once is the point.
      expect(events).toEqual(ids);
      expect(await a.services.audit.list({ action: 'article.scheduled_publish', limit: 500 })).toHaveLength(ARTICLES);
      const runs = await shared.first.db.selectFrom('publish_runs').select('article_id').execute();
      expect(runs.map((r) => r.article_id).sort((x, y) => x - y)).toEqual(ids);
      const statuses = await shared.second.db.selectFrom('articles').select('status').distinct().execute();
      expect(statuses).toEqual([{ status: 'published' }]);
    } finally {
      await shared.destroy();
    }
  });
});
