import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { LATE_AFTER_MS } from '../scheduling/publication-scheduler.js';
import type { PublishTrigger } from '../vocabulary.js';
import { lateRuns, upcomingScheduled } from '../scheduling/schedule.repository.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { Clock } from '../shared/clock.js';
import { dateFormatter } from '../shared/date-format.js';
import { type HourCount, articleStatusCounts, commentsPerHour, publishedPerHour } from './stats.repository.js';

export interface UpcomingPublication {
  articleId: number;
  title: string;
  /** When it is due; in the past only until the scheduler's next tick picks it up. */
  scheduledFor: string;
}

export interface LateRun {
  articleId: number;
  title: string;
  scheduledFor: string;
  ranAt: string;
  lateMs: number;
  trigger: PublishTrigger;
}

export interface DayCount {
  /** The calendar day in the site's time zone, 'YYYY-MM-DD'. */
  day: string;
  articles: number;
  comments: number;
}

export interface DashboardOverview {
  drafts: number;
  pending: number;
  scheduled: number;
  upcoming: UpcomingPublication[];
  lateRuns: LateRun[];
  /** Oldest first; exactly `days` entries, today (site time zone) last. */
  perDay: DayCount[];
  timeZone: string;
}

export interface DashboardServiceDeps {
  db: Kysely<Database>;
  settings: SettingsService;
  clock: Clock;
}

/** What the newsroom dashboard shows: work waiting, the schedule and late runs, and the last month's activity. */
export class DashboardService {
  constructor(private readonly deps: DashboardServiceDeps) {}

  async overview(options: { days?: number; upcomingLimit?: number } = {}): Promise<DashboardOverview> {
    const days = options.days ?? 30;
    const { timeZone } = await this.deps.settings.get();
    const [statuses, upcoming, late, perDay] = await Promise.all([
      articleStatusCounts(this.deps.db),
      this.upcoming(options.upcomingLimit ?? 20),
      this.lateRuns(30, 10),
      this.perDay(days, timeZone),
    ]);
    return {
      drafts: statuses.get('draft') ?? 0,
      pending: statuses.get('pending') ?? 0,
      scheduled: statuses.get('scheduled') ?? 0,
      upcoming,
      lateRuns: late,
      perDay,
      timeZone,
    };
  }

  /** Scheduled articles, soonest first. */
  async upcoming(limit = 20): Promise<UpcomingPublication[]> {
    const rows = await upcomingScheduled(this.deps.db, limit);
    return rows.map((row) => ({ articleId: row.id, title: row.title, scheduledFor: row.published_at ?? '' }));
  }

  /** Scheduled publications that ran LATE_AFTER_MS or more after their time in the last `days`, newest first. */
  async lateRuns(days = 30, limit = 10): Promise<LateRun[]> {
    const since = new Date(this.deps.clock.now().getTime() - days * 86_400_000).toISOString();
    const rows = await lateRuns(this.deps.db, since, LATE_AFTER_MS, limit);
    return rows.map((row) => ({
      articleId: row.article_id,
      title: row.title,
      scheduledFor: row.scheduled_for,
      ranAt: row.ran_at,
      lateMs: Number(row.late_ms),
      trigger: row.trigger,
    }));
  }

  /**
   * Articles published and comments received per day over the last `days` days in the site's time zone, today
   * included. The database counts per UTC hour; the hours are put into local days here (exact for whole-hour
   * offsets; a zone with a half-hour offset moves at most half an hour's counts into the next day).
   */
  async perDay(days: number, timeZone: string): Promise<DayCount[]> {
    const now = this.deps.clock.now();
    const dayOf = (date: Date) => dateFormatter('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
    const keys: string[] = [];
    for (let i = days - 1; i >= 0; i--) {
      // 24-hour steps back from now; a day met twice (a DST change) is listed once.
      const key = dayOf(new Date(now.getTime() - i * 86_400_000));
      if (keys.at(-1) !== key) keys.push(key);
    }
    // A day either side of the range, so the first local day is complete whatever the offset.
    const from = new Date(now.getTime() - (days + 1) * 86_400_000).toISOString();
    const to = now.toISOString();
    const [articles, comments] = await Promise.all([publishedPerHour(this.deps.db, from, to), commentsPerHour(this.deps.db, from, to)]);
    const counts = new Map(keys.map((day) => [day, { day, articles: 0, comments: 0 }]));
    const add = (rows: HourCount[], field: 'articles' | 'comments') => {
      for (const row of rows) {
        const entry = counts.get(dayOf(new Date(`${row.hour}:00:00.000Z`)));
        if (entry) entry[field] += row.count;
      }
    };
    add(articles, 'articles');
    add(comments, 'comments');
    return [...counts.values()];
  }
}
