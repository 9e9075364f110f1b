import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.js';
import type { DomainEventBus } from './events.js';
import { SessionService } from '../platform/security/sessions.js';
import type { Signer } from '../platform/security/signer.js';
import { ArchiveService } from './articles/archive.service.js';
import { ArticleService } from './articles/article.service.js';
import { CommentService } from './comments/comment.service.js';
import { EditorialService } from './editorial/editorial.service.js';
import { SpamFilter } from './comments/spam-filter.js';
import { ModerationService } from './comments/moderation.service.js';
import { AuditService } from './audit/audit.service.js';
import { PageService } from './pages/page.service.js';
import { PeopleService } from './people/people.service.js';
import { RedirectService } from './redirects/redirect.service.js';
import { SearchIndexer } from './search/search.indexer.js';
import { fullTextIndex } from './search/fulltext.js';
import { SearchService } from './search/search.service.js';
import { SettingsService } from './settings/settings.service.js';
import type { Clock } from './shared/clock.js';
import { PasswordResetService } from './staff/password-reset.service.js';
import { UserService } from './staff/user.service.js';
import { createSecretBox } from './staff/two-factor.crypto.js';
import { TwoFactorService } from './staff/two-factor.service.js';
import { TaxonomyService } from './taxonomy/taxonomy.service.js';
import { WebhookService } from './webhooks/webhook.service.js';
import { DashboardService } from './stats/dashboard.service.js';
import { CorrectionService } from './corrections/correction.service.js';
import { MediaService } from './media/media.service.js';
import { ImportService } from './imports/import.service.js';
import { ExportService } from './imports/export.service.js';
import { LegacyLinkService } from './imports/legacy-link.service.js';
import { DemoService } from './demo/demo.service.js';
import { ImportJobService } from './imports/import-job.service.js';
import type { ImportLimits } from './imports/import-job.types.js';
import type { MediaStorage } from '../platform/storage/media-storage.js';
import type { WorkDirs } from '../platform/storage/work-dirs.js';
import { DEFAULT_IMPORT_LIMITS } from '../config.js';

/** The domain's use cases, wired once per app. Routes, the CLI and the seed all go through these. */
export interface NewsServices {
  articles: ArticleService;
  /** Drafts, revisions, presence, the newsroom's article list and notes (the workflow around ArticleService). */
  editorial: EditorialService;
  /** The published archive as a whole (months, tags, bylines, pages), for sitemaps. */
  archive: ArchiveService;
  taxonomy: TaxonomyService;
  people: PeopleService;
  pages: PageService;
  redirects: RedirectService;
  settings: SettingsService;
  search: SearchService;
  /** Keeps the search index in step with articles (in their transactions and on their events); rebuilds it. */
  searchIndexer: SearchIndexer;
  /** Staff accounts and passwords. */
  staff: UserService;
  /** Single-use links to choose a password: admin-issued resets and invitations. */
  passwordResets: PasswordResetService;
  /** Optional TOTP two-factor sign-in for staff accounts, with recovery codes. */
  twoFactor: TwoFactorService;
  /** Staff sign-in sessions (platform/security). */
  sessions: SessionService;
  /** Who did what: moderation and editorial actions. */
  audit: AuditService;
  /** Reader comments and the learned spam filter. */
  comments: CommentService;
  moderation: ModerationService;
  spamFilter: SpamFilter;
  /** Webhook endpoints (admin) and the delivery queue; the sending is done by WebhookDispatcher. */
  webhooks: WebhookService;
  /** The newsroom dashboard's counts: work waiting, the schedule and late runs, activity per day. */
  dashboard: DashboardService;
  /** Dated correction notes on articles (the article's foot, /corrections/ and its feed). */
  corrections: CorrectionService;
  events: DomainEventBus;
  clock: Clock;
  /** The media library (uploads, variants, alt/caption/credit); also gives article summaries their srcsets. */
  media: MediaService;
  /** Writes imported records (from interop/: WordPress first) idempotently, keyed by the source's ids. */
  imports: ImportService;
  /** Reads the whole site a batch at a time for an export (interop/ writes the format: WXR). */
  exports: ExportService;
  /** Old addresses and ids of imported items -> their addresses now. */
  legacyLinks: LegacyLinkService;
  /** The demo site's rows (recorded by the seed): whether they are all the site holds, and their removal. */
  demo: DemoService;
  /** Imports started from the newsroom: background jobs (queue, claim, progress, report), their uploaded files. */
  importJobs: ImportJobService;
}

/** Where uploads go (the app passes DATA_DIR/media) and how large one may be; without a storage, uploads are refused. */
export interface MediaOptions {
  storage?: MediaStorage | null;
  maxBytes?: number;
}

/** Where imports from the newsroom keep their uploads (the app passes DATA_DIR/imports) and how large they may be. */
export interface ImportOptions {
  workDirs?: WorkDirs | null;
  limits?: ImportLimits;
}

/** What the domain is built on: the database, the event bus, time, the app's signer, the media store, import uploads. */
export interface NewsServicesDeps {
  db: Kysely<Database>;
  events: DomainEventBus;
  clock: Clock;
  signer: Signer;
  media?: MediaOptions;
  imports?: ImportOptions;
}

/** Builds every service once, each from a named set of the others (see each service's `…Deps`). */
export function createNewsServices({ db, events, clock, signer, media: mediaOptions = {}, imports: importOptions = {} }: NewsServicesDeps): NewsServices {
  const searchIndex = fullTextIndex(db);
  const searchIndexer = new SearchIndexer({ db, index: searchIndex });
  searchIndexer.listen(events);
  const audit = new AuditService({ db, clock });
  const media = new MediaService({ db, clock, storage: mediaOptions.storage ?? null, maxBytes: mediaOptions.maxBytes ?? 15 * 1024 * 1024, audit });
  const settings = new SettingsService({ db, clock, audit, media });
  const articles = new ArticleService({ db, events, settings, clock, writeHook: searchIndexer, images: media, signer });
  const redirects = new RedirectService({ db, clock });
  const taxonomy = new TaxonomyService({ db, clock, audit, redirects, searchIndexer });
  const sessions = new SessionService({ db, clock });
  const passwordResets = new PasswordResetService({ db, clock, sessions, audit });
  const spamFilter = new SpamFilter({ db, clock });
  return {
    articles,
    editorial: new EditorialService({ db, articles, taxonomy, settings, audit, clock }),
    archive: new ArchiveService({ db, settings, clock }),
    taxonomy,
    people: new PeopleService({ db, clock }),
    pages: new PageService({ db, clock }),
    redirects,
    settings,
    search: new SearchService({ db, index: searchIndex, articles, taxonomy, settings, clock }),
    searchIndexer,
    staff: new UserService({ db, clock, sessions, audit, passwordResets }),
    passwordResets,
    sessions,
    twoFactor: new TwoFactorService({ db, clock, audit, sessions, settings, box: createSecretBox(signer.deriveKey('two-factor-secrets')), signer }),
    audit,
    comments: new CommentService({ db, events, settings, clock, signer, spamFilter }),
    moderation: new ModerationService({ db, events, clock, audit, spamFilter }),
    spamFilter,
    webhooks: new WebhookService({ db, clock, audit }),
    dashboard: new DashboardService({ db, settings, clock }),
    corrections: new CorrectionService({ db, events, audit, settings, clock }),
    imports: new ImportService({ db, clock, searchIndexer, media }),
    exports: new ExportService({ db }),
    legacyLinks: new LegacyLinkService({ db, articles, media }),
    demo: new DemoService({ db, clock, audit, media, searchIndexer }),
    importJobs: new ImportJobService({ db, clock, audit, workDirs: importOptions.workDirs ?? null, limits: importOptions.limits ?? DEFAULT_IMPORT_LIMITS }),
    events,
    clock,
    media,
  };
}
