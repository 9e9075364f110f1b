import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { Db } from '../../platform/db/types.js';
import type { AuditService } from '../audit/audit.service.js';
import type { MediaItem } from '../media/media.types.js';
import type { Clock } from '../shared/clock.js';
import { DATE_FORMATS, type DateFormat } from '../shared/date-format.js';
import { DomainError, invalid } from '../shared/errors.js';
import { ShortCache } from '../shared/short-cache.js';

/** Site-wide settings with their defaults; stored as JSON values in the settings table. */
export interface SiteSettings {
  siteTitle: string;
  tagline: string;
  /** A media library item shown in the site header (with the title as its alt text) and used as the publisher logo; null: the text title and the default logo. */
  logo: number | null;
  /** IANA time zone used for dates in URLs and on pages. */
  timeZone: string;
  /** BCP 47 language tag for <html lang> and feeds. */
  language: string;
  /** How the site writes dates for readers (see formatDisplayDate). */
  dateFormat: DateFormat;
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
  logo: null,
  timeZone: 'UTC',
  language: 'en',
  dateFormat: 'long',
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

/** Each setting's check: null when the value is fine, otherwise what is wrong ("must be …"). */
const VALIDATORS: { [K in keyof SiteSettings]: (value: unknown) => string | null } = {
  siteTitle: (v) => (typeof v === 'string' && v.trim().length > 0 && v.length <= 120 ? null : 'must be 1–120 characters'),
  tagline: (v) => (typeof v === 'string' && v.length <= 200 ? null : 'must be at most 200 characters'),
  logo: (v) => (v === null || (Number.isInteger(v) && (v as number) > 0) ? null : 'must be an image from the media library, or none'),
  timeZone: (v) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: String(v) });
      return typeof v === 'string' ? null : 'must be a time zone name';
    } catch {
      return 'must be an IANA time zone such as Europe/London';
    }
  },
  language: (v) => (typeof v === 'string' && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(v) ? null : 'must be a language tag such as en or en-GB'),
  dateFormat: (v) => (DATE_FORMATS.includes(v as DateFormat) ? null : `must be one of ${DATE_FORMATS.join(', ')}`),
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

/** What is wrong with each of these values, by setting name ("must be …"); empty when all are fine. */
export function settingProblems(changes: Record<string, unknown>): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const [key, value] of Object.entries(changes)) {
    const validate = Object.hasOwn(VALIDATORS, key) ? VALIDATORS[key as keyof SiteSettings] : undefined;
    const problem = validate ? validate(value) : 'is not a setting';
    if (problem) problems[key] = problem;
  }
  return problems;
}

/** Who changed the settings, for the audit log; the command line passes none. */
export interface SettingsActor {
  userId: number | null;
  ip?: string | null;
}

export interface SettingsServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit?: AuditService;
  /** Resolves the logo's media id. */
  media?: { get(id: number): Promise<MediaItem> };
}

export class SettingsService {
  // Read on every page: a short cache keeps that off the database (see ShortCache for how changes spread).
  private readonly cache: ShortCache<SiteSettings>;
  private readonly logoCache: ShortCache<MediaItem | null>;

  constructor(private readonly deps: SettingsServiceDeps) {
    this.cache = new ShortCache(deps.clock, 5_000);
    this.logoCache = new ShortCache(deps.clock, 5_000);
  }

  async get(): Promise<SiteSettings> {
    return this.cache.get(() => this.load());
  }

  /** The logo's media item, or null when there is none (or it was deleted from the library since). */
  async logo(): Promise<MediaItem | null> {
    return this.logoCache.get(async () => {
      const { logo } = await this.get();
      if (logo === null || !this.deps.media) return null;
      try {
        return await this.deps.media.get(logo);
      } catch (error) {
        if (error instanceof DomainError && error.code === 'not_found') return null;
        throw error;
      }
    });
  }

  private async load(db: Db = this.deps.db): Promise<SiteSettings> {
    const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
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

  /**
   * Checks every value (nothing is saved unless all are fine: an `invalid` error whose details are the problems by
   * setting name), saves them, and records 'settings.changed' with the before and after of the keys that changed.
   */
  async update(changes: Partial<SiteSettings>, actor: SettingsActor = { userId: null }): Promise<SiteSettings> {
    const problems = settingProblems(changes);
    if (!problems.logo && typeof changes.logo === 'number') {
      const image = await this.deps.db.selectFrom('media').select('id').where('id', '=', changes.logo).executeTakeFirst();
      if (!image) problems.logo = 'must be an image from the media library: there is no image with that id';
    }
    if (Object.keys(problems).length) {
      throw invalid(
        Object.entries(problems)
          .map(([key, problem]) => `${key} ${problem}`)
          .join('; '),
        problems,
      );
    }
    await this.deps.db.transaction().execute(async (trx) => {
      const current = await this.load(trx);
      const changed = (Object.keys(changes) as (keyof SiteSettings)[]).filter((key) => JSON.stringify(current[key]) !== JSON.stringify(changes[key]));
      if (!changed.length) return;
      for (const key of changed) {
        const value = JSON.stringify(changes[key]);
        await trx
          .insertInto('settings')
          .values({ key, value })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
          .execute();
      }
      await this.deps.audit?.record(
        {
          actorId: actor.userId,
          action: 'settings.changed',
          subjectType: 'settings',
          before: Object.fromEntries(changed.map((key) => [key, current[key]])),
          after: Object.fromEntries(changed.map((key) => [key, changes[key]])),
          ip: actor.ip ?? null,
        },
        trx,
      );
    });
    this.cache.clear();
    this.logoCache.clear();
    return this.get();
  }
}
