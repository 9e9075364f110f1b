import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { Clock } from '../shared/clock.js';
import { invalid } from '../shared/errors.js';
import {
  type MonthCount,
  type SlugLastmod,
  listingPage,
  listingSummary,
  newestPublishedUpdate,
  publishedBetween,
  publishedMonths,
  publishedPagesPage,
  publishedPagesSummary,
  publishedWithin,
  sectionLastmods,
} from './archive.repository.js';
import { articlePath } from './permalink.js';

export type { MonthCount, SlugLastmod };

/** A published article's address and when it last changed. */
export interface ArticleLocation {
  id: number;
  title: string;
  path: string;
  publishedAt: string;
  updatedAt: string;
}

/** What exists in each part of the archive: enough to page the sitemaps and date them without loading them. */
export interface ArchiveOverview {
  months: MonthCount[];
  tags: { count: number; lastmod: string | null };
  authors: { count: number; lastmod: string | null };
  pages: { count: number; lastmod: string | null };
  /** Newest change to any published article (the front page's lastmod). */
  newest: string | null;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export interface ArchiveServiceDeps {
  db: Kysely<Database>;
  settings: SettingsService;
  clock: Clock;
}

/** The published archive as a whole, for sitemaps: months, tags, bylines and pages, with when each last changed. */
export class ArchiveService {
  constructor(private readonly deps: ArchiveServiceDeps) {}

  async overview(): Promise<ArchiveOverview> {
    const [months, tags, authors, pages, newest] = await Promise.all([
      publishedMonths(this.deps.db),
      listingSummary(this.deps.db, 'tag'),
      listingSummary(this.deps.db, 'author'),
      publishedPagesSummary(this.deps.db),
      newestPublishedUpdate(this.deps.db),
    ]);
    return { months, tags, authors, pages, newest };
  }

  /** The newest change to any published article, or null when nothing is published. */
  newest(): Promise<string | null> {
    return newestPublishedUpdate(this.deps.db);
  }

  /** Articles first published in a UTC month ('YYYY-MM'), oldest first, a page at a time. */
  async articlesInMonth(month: string, offset: number, limit: number): Promise<ArticleLocation[]> {
    const match = MONTH.exec(month);
    if (!match) throw invalid(`"${month}" is not a month (YYYY-MM)`);
    const year = Number(match[1]);
    const monthIndex = Number(match[2]) - 1;
    const from = new Date(Date.UTC(year, monthIndex, 1)).toISOString();
    const to = new Date(Date.UTC(year, monthIndex + 1, 1)).toISOString();
    return this.locations(await publishedBetween(this.deps.db, from, to, limit, offset));
  }

  /** Articles published in the last `hours` (up to now: a story scheduled ahead is not out yet), newest first. */
  async publishedInLast(hours: number, limit: number): Promise<ArticleLocation[]> {
    const now = this.deps.clock.now();
    const from = new Date(now.getTime() - hours * 3600_000).toISOString();
    return this.locations(await publishedWithin(this.deps.db, from, now.toISOString(), limit));
  }

  /** Per section id, the newest change among the published articles filed in it (subsections not included). */
  sectionLastmods(): Promise<Map<number, string>> {
    return sectionLastmods(this.deps.db);
  }

  tags(offset: number, limit: number): Promise<SlugLastmod[]> {
    return listingPage(this.deps.db, 'tag', limit, offset);
  }

  authors(offset: number, limit: number): Promise<SlugLastmod[]> {
    return listingPage(this.deps.db, 'author', limit, offset);
  }

  pages(offset: number, limit: number): Promise<SlugLastmod[]> {
    return publishedPagesPage(this.deps.db, limit, offset);
  }

  private async locations(rows: Awaited<ReturnType<typeof publishedBetween>>): Promise<ArticleLocation[]> {
    if (!rows.length) return [];
    const { timeZone } = await this.deps.settings.get();
    return rows.map((row) => ({
      id: row.id,
      title: row.title,
      path: articlePath(row.slug, row.published_at!, timeZone),
      publishedAt: row.published_at!,
      updatedAt: row.updated_at,
    }));
  }
}
