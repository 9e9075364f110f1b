import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { Clock } from '../shared/clock.js';
import { invalid } from '../shared/errors.js';
import { ShortCache } from '../shared/short-cache.js';

/** Site-wide settings with their defaults; stored as JSON values in the settings table. */
export interface SiteSettings {
  siteTitle: string;
  tagline: string;
  /** IANA time zone used for dates in URLs and on pages. */
  timeZone: string;
  /** BCP 47 language tag for <html lang> and feeds. */
  language: string;
  postsPerPage: number;
  /** Replies nest this deep; deeper replies attach at the deepest level. */
  commentsThreadDepth: number;
  commentsNewestFirst: boolean;
  /** Top-level comments per page on an article. */
  commentsPerPage: number;
  /** Close comments this many days after publication; 0 never closes them. */
  commentsCloseAfterDays: number;
  /** A comment with more links than this is held for moderation. */
  commentsMaxLinks: number;
  /** Hold a comment unless its author has an approved comment already. */
  commentsRequirePriorApproval: boolean;
  /** Words, emails or IPs (one per line) that send a comment to spam. */
  commentsDisallowedList: string;
  /** Words, emails or IPs (one per line) that hold a comment for moderation. */
  commentsModerationList: string;
  /** Distinct readers' reports that send an approved comment back to moderation. */
  commentsReportThreshold: number;
  /** Spam and trash are deleted this many days after they got that status. */
  commentsPurgeAfterDays: number;
  /** Feeds carry each story's full text; false gives only a summary and a link. */
  feedFullContent: boolean;
  /** Ask search engines not to index archive pages after the first (they still follow the links). */
  noindexPaginatedArchives: boolean;
  /** Pre-publish checklist: publishing or scheduling is refused without a primary section. */
  requirePrimarySection: boolean;
  /** ... without a standfirst. */
  requireStandfirst: boolean;
  /** ... unless every image in the body, and the featured image, has alt text. */
  requireImageAlt: boolean;
  /** ... without a featured image. */
  requireFeaturedImage: boolean;
}

export const DEFAULT_SETTINGS: SiteSettings = {
  siteTitle: 'Dateline',
  tagline: 'Independent news, told plainly',
  timeZone: 'UTC',
  language: 'en',
  postsPerPage: 10,
  commentsThreadDepth: 5,
  commentsNewestFirst: false,
  commentsPerPage: 50,
  commentsCloseAfterDays: 0,
  commentsMaxLinks: 2,
  commentsRequirePriorApproval: true,
  commentsDisallowedList: '',
  commentsModerationList: '',
  commentsReportThreshold: 3,
  commentsPurgeAfterDays: 30,
  feedFullContent: true,
  noindexPaginatedArchives: true,
  requirePrimarySection: true,
  requireStandfirst: true,
  requireImageAlt: true,
  requireFeaturedImage: false,
};

const wholeNumber = (min: number, max: number) => (v: unknown) =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max ? null : `must be a whole number from ${min} to ${max}`;
const flag = (v: unknown) => (typeof v === 'boolean' ? null : 'must be true or false');
const list = (v: unknown) => (typeof v === 'string' && v.length <= 20_000 ? null : 'must be text of at most 20,000 characters');

const VALIDATORS: { [K in keyof SiteSettings]: (value: unknown) => string | null } = {
  siteTitle: (v) => (typeof v === 'string' && v.trim().length > 0 && v.length <= 120 ? null : 'must be 1–120 characters'),
  tagline: (v) => (typeof v === 'string' && v.length <= 200 ? null : 'must be at most 200 characters'),
  timeZone: (v) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: String(v) });
      return typeof v === 'string' ? null : 'must be a time zone name';
    } catch {
      return 'must be an IANA time zone such as Europe/London';
    }
  },
  language: (v) => (typeof v === 'string' && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(v) ? null : 'must be a language tag such as en or en-GB'),
  postsPerPage: wholeNumber(1, 100),
  commentsThreadDepth: wholeNumber(1, 10),
  commentsNewestFirst: flag,
  commentsPerPage: wholeNumber(5, 500),
  commentsCloseAfterDays: wholeNumber(0, 3650),
  commentsMaxLinks: wholeNumber(0, 50),
  commentsRequirePriorApproval: flag,
  commentsDisallowedList: list,
  commentsModerationList: list,
  commentsReportThreshold: wholeNumber(1, 100),
  commentsPurgeAfterDays: wholeNumber(1, 3650),
  feedFullContent: flag,
  noindexPaginatedArchives: flag,
  requirePrimarySection: flag,
  requireStandfirst: flag,
  requireImageAlt: flag,
  requireFeaturedImage: flag,
};

export class SettingsService {
  // Read on every page: a short cache keeps that off the database (see ShortCache for how changes spread).
  private readonly cache: ShortCache<SiteSettings>;

  constructor(
    private readonly db: Kysely<Database>,
    clock: Clock,
  ) {
    this.cache = new ShortCache(clock, 5_000);
  }

  async get(): Promise<SiteSettings> {
    return this.cache.get(() => this.load());
  }

  private async load(): Promise<SiteSettings> {
    const rows = await this.db.selectFrom('settings').select(['key', 'value']).execute();
    const stored: Partial<Record<string, unknown>> = {};
    for (const row of rows) {
      try {
        stored[row.key] = JSON.parse(row.value);
      } catch {
        // A hand-edited, unparsable value falls back to the default rather than breaking every page.
      }
    }
    const value = { ...DEFAULT_SETTINGS };
    for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof SiteSettings)[]) {
      if (key in stored && VALIDATORS[key](stored[key]) === null) (value as Record<string, unknown>)[key] = stored[key];
    }
    return value;
  }

  async update(changes: Partial<SiteSettings>): Promise<SiteSettings> {
    const errors: Record<string, string> = {};
    for (const [key, value] of Object.entries(changes)) {
      const validate = VALIDATORS[key as keyof SiteSettings];
      const problem = validate ? validate(value) : 'is not a setting';
      if (problem) errors[key] = `${key} ${problem}`;
    }
    if (Object.keys(errors).length) throw invalid(Object.values(errors).join('; '), errors);
    await this.db.transaction().execute(async (trx) => {
      for (const [key, value] of Object.entries(changes)) {
        await trx
          .insertInto('settings')
          .values({ key, value: JSON.stringify(value) })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) }))
          .execute();
      }
    });
    this.cache.clear();
    return this.get();
  }
}
