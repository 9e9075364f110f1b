import { utcHour } from '../../platform/db/dialect.js';
import type { Db } from '../../platform/db/types.js';

/** Counts for the newsroom dashboard. Small results only: counts, and per-hour buckets over a bounded range. */

/** Articles per status tab, 'trash' for those in the trash: the figures migration 0026's triggers keep. */
export async function articleStatusCounts(db: Db): Promise<Map<string, number>> {
  const rows = await db.selectFrom('article_status_counts').select(['bucket', 'n']).execute();
  return new Map(rows.map((row) => [row.bucket, Number(row.n)]));
}

export interface HourCount {
  /** UTC hour, 'YYYY-MM-DDTHH'. */
  hour: string;
  count: number;
}

/** Published articles per UTC hour of publication, from <= published_at <= to. */
export async function publishedPerHour(db: Db, from: string, to: string): Promise<HourCount[]> {
  const hour = utcHour(db, 'articles.published_at');
  const rows = await db
    .selectFrom('articles')
    .select((eb) => [hour.as('hour'), eb.fn.countAll<number>().as('n')])
    .where('articles.status', '=', 'published')
    .where('articles.published_at', '>=', from)
    .where('articles.published_at', '<=', to)
    .groupBy(hour)
    .execute();
  return rows.map((row) => ({ hour: row.hour, count: Number(row.n) }));
}

/** Readers' comments per UTC hour received (spam and trash left out), from <= created_at <= to. */
export async function commentsPerHour(db: Db, from: string, to: string): Promise<HourCount[]> {
  const hour = utcHour(db, 'comments.created_at');
  const rows = await db
    .selectFrom('comments')
    .select((eb) => [hour.as('hour'), eb.fn.countAll<number>().as('n')])
    .where('comments.status', 'in', ['pending', 'approved'])
    .where('comments.created_at', '>=', from)
    .where('comments.created_at', '<=', to)
    .groupBy(hour)
    .execute();
  return rows.map((row) => ({ hour: row.hour, count: Number(row.n) }));
}
