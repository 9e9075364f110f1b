import { sql } from 'kysely';
import type { Db } from '../../platform/db/types.js';
import type { PublishTrigger } from '../vocabulary.js';

/** Queries for scheduled publication: what is due, the claim itself, the run log. */

/** Ids of scheduled articles due at `now`, the longest-waiting first. */
export async function dueScheduledIds(db: Db, now: string, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('articles')
    .select('id')
    .where('status', '=', 'scheduled')
    .where('published_at', '<=', now)
    .orderBy('published_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}

/**
 * The claim: publishes the article only if it is still scheduled and due. One conditional UPDATE, so of several
 * instances trying at once exactly one gets the row back (PostgreSQL makes the others wait for its commit and then
 * re-checks the condition, which no longer holds; SQLite runs one writer at a time). A first publication is not an
 * update, so updated_at is the publication time, as ArticleService.publish does.
 */
export async function claimDueArticle(db: Db, id: number, now: string) {
  return db
    .updateTable('articles')
    .set((eb) => ({ status: 'published', updated_at: sql<string>`published_at`, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('status', '=', 'scheduled')
    .where('published_at', '<=', now)
    .returning(['id', 'slug', 'published_at'])
    .executeTakeFirst();
}

export async function insertPublishRun(
  db: Db,
  run: { articleId: number; scheduledFor: string; ranAt: string; lateMs: number; trigger: PublishTrigger },
): Promise<void> {
  await db
    .insertInto('publish_runs')
    .values({ article_id: run.articleId, scheduled_for: run.scheduledFor, ran_at: run.ranAt, late_ms: run.lateMs, trigger: run.trigger })
    .execute();
}

/** Scheduled articles from now on (and any overdue ones not yet picked up), soonest first. */
export async function upcomingScheduled(db: Db, limit: number) {
  return db
    .selectFrom('articles')
    .select(['id', 'title', 'slug', 'published_at'])
    .where('status', '=', 'scheduled')
    .orderBy('published_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Runs at least `minLateMs` late since `since`, newest first, with the article's headline. */
export async function lateRuns(db: Db, since: string, minLateMs: number, limit: number) {
  return db
    .selectFrom('publish_runs')
    .innerJoin('articles', 'articles.id', 'publish_runs.article_id')
    .select([
      'publish_runs.id',
      'publish_runs.article_id',
      'articles.title',
      'publish_runs.scheduled_for',
      'publish_runs.ran_at',
      'publish_runs.late_ms',
      'publish_runs.trigger',
    ])
    .where('publish_runs.ran_at', '>=', since)
    .where('publish_runs.late_ms', '>=', minLateMs)
    .orderBy('publish_runs.ran_at', 'desc')
    .orderBy('publish_runs.id', 'desc')
    .limit(limit)
    .execute();
}
