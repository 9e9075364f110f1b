import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
// The one import from news/: its vocabulary, a leaf module (see the rule in docs/architecture.md).
import type {
  ArticleStatus,
  ArticleVisibility,
  CommentKind,
  CommentPolicy,
  CommentStatus,
  DemoItemKind,
  ImportedKind,
  ImportJobState,
  PageStatus,
  PasswordLinkPurpose,
  PublishTrigger,
  ReportReason,
  RevisionKind,
  UserRole,
  WebhookDeliveryStatus,
} from '../../news/vocabulary.js';

/**
 * Kysely table types: the single description of what the database holds. Timestamps are ISO-8601 UTC strings on
 * both dialects (PostgreSQL stores timestamptz; the connection parses it back to the same string form), booleans are
 * booleans (SQLite stores 0/1; see dialect.ts). The sets of values a column takes (statuses, roles, reasons) are the
 * domain's words, in news/vocabulary.ts.
 */
export type Timestamp = string;
type Bool = ColumnType<boolean, boolean | undefined, boolean>;

export interface PeopleTable {
  id: Generated<number>;
  slug: string;
  display_name: string;
  bio: string;
  avatar_url: string | null;
  created_at: Timestamp;
}

export interface SectionsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: string;
  parent_id: number | null;
  sort_order: number;
  comment_policy: CommentPolicy;
  created_at: Timestamp;
}

export interface TagsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: string;
  created_at: Timestamp;
}

/** Where a merged or deleted tag went (migration 0016); to_tag_id null when it was deleted without a replacement. */
export interface TagMovesTable {
  from_tag_id: number;
  to_tag_id: number | null;
  moved_at: Timestamp;
}

export interface ArticlesTable {
  id: Generated<number>;
  slug: string;
  title: string;
  standfirst: string;
  body: string;
  status: ArticleStatus;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Set when first published (or the time a scheduled article is due). */
  published_at: Timestamp | null;
  primary_section_id: number | null;
  featured_image_url: string | null;
  featured_image_alt: string;
  featured_image_caption: string;
  featured_image_credit: string;
  featured_image_width: number | null;
  featured_image_height: number | null;
  comments_open: Bool;
  /** Approved comments, and threads listed on the article page (migration 0025). Kept by comment.repository.ts. */
  comment_count: ColumnType<number, number | undefined, number>;
  comment_thread_count: ColumnType<number, number | undefined, number>;
  seo_title: string;
  seo_description: string;
  /** The canonical URL the story declares (absolute http(s)), or '' for its own address (migration 0020). */
  seo_canonical: ColumnType<string, string | undefined, string>;
  /** Ask search engines not to index it; left out of the sitemaps (migration 0020). */
  seo_noindex: Bool;
  /** Optimistic-concurrency version, bumped by every save. */
  version: number;
  /** The staff account that created it (migration 0013); with the byline, what makes it a writer's own. */
  created_by: ColumnType<number | null, number | null | undefined, number | null>;
  /** Set while the article is in the trash (never public then); null otherwise. */
  trashed_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  trashed_by: ColumnType<number | null, number | null | undefined, number | null>;
  /** Shown first on the front page (WordPress's sticky posts; migration 0017). */
  pinned: Bool;
  /** Who may read it once published (migration 0017): see ARTICLE_VISIBILITIES. */
  visibility: ColumnType<ArticleVisibility, ArticleVisibility | undefined, ArticleVisibility>;
  /**
   * The password readers give when the visibility is 'password', as given (WordPress exports it in plain text and
   * Dateline exports it again). Never rendered on the site; unlock cookies are signed over a hash of it.
   */
  password: ColumnType<string | null, string | null | undefined, string | null>;
  /** The feed GUID an imported story keeps when its old id could not be (migration 0018); null: Dateline's own. */
  guid: ColumnType<string | null, string | null | undefined, string | null>;
}

/**
 * Copies of a link's article's status, visibility and published_at (migration 0023), which listings read in index
 * order. Triggers write them whenever a link is inserted or its article's columns change; no query sets them.
 */
export interface ListingCopy {
  status: ColumnType<ArticleStatus, never, never>;
  visibility: ColumnType<ArticleVisibility, never, never>;
  published_at: ColumnType<string | null, never, never>;
}

export interface ArticleSectionsTable extends ListingCopy {
  article_id: number;
  section_id: number;
}

/** Each section with itself and every section above it (migration 0030; kept by triggers on sections). */
export interface SectionAncestorsTable {
  section_id: ColumnType<number, never, never>;
  ancestor_id: ColumnType<number, never, never>;
}

/**
 * An article under a section: in it or in a section below it (migration 0030), with the listing copies; a
 * section's archive reads it in index order. Triggers write every row; no query does.
 */
export interface SectionListingsTable extends ListingCopy {
  article_id: ColumnType<number, never, never>;
  section_id: ColumnType<number, never, never>;
}

export interface ArticleTagsTable extends ListingCopy {
  article_id: number;
  tag_id: number;
}

export interface ArticleAuthorsTable extends ListingCopy {
  article_id: number;
  person_id: number;
  position: number;
}

export interface PagesTable {
  id: Generated<number>;
  slug: string;
  title: string;
  body: string;
  status: PageStatus;
  created_at: Timestamp;
  updated_at: Timestamp;
  published_at: Timestamp | null;
  /** The page above this one (migration 0017); null at the top, and when that page is deleted. */
  parent_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** Order among the pages with the same parent, smallest first. */
  sort_order: ColumnType<number, number | undefined, number>;
}

export interface RedirectsTable {
  id: Generated<number>;
  from_path: string;
  to_path: string;
  /** Also redirects every path under from_path to the same place under to_path (migration 0014). */
  include_subpaths: Bool;
  created_at: Timestamp;
}

export interface SettingsTable {
  key: string;
  /** JSON text. */
  value: string;
}

export interface CommentsTable {
  id: Generated<number>;
  article_id: number;
  parent_id: number | null;
  status: CommentStatus;
  body: string;
  body_html: string;
  author_name: string;
  author_email: string;
  author_url: ColumnType<string, string | undefined, string>;
  author_ip: ColumnType<string, string | undefined, string>;
  user_agent: ColumnType<string, string | undefined, string>;
  user_id: number | null;
  is_staff: Bool;
  notify_replies: Bool;
  spam_score: number | null;
  /** JSON list of {phase, reason}. */
  reasons: string;
  report_count: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  edited_at: Timestamp | null;
  status_changed_at: Timestamp;
  /** comment | pingback | trackback (migration 0018). */
  kind: ColumnType<CommentKind, CommentKind | undefined, CommentKind>;
  /** The thread's top-level comment; null on a top-level comment (migration 0025). Kept by comment.repository.ts. */
  root_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** On a top-level comment: the approved comments in its thread, itself included (migration 0025). */
  thread_size: ColumnType<number, number | undefined, number>;
}

export interface CommentReportsTable {
  id: Generated<number>;
  comment_id: number;
  reason: ReportReason;
  note: string;
  reporter_key: string;
  created_at: Timestamp;
}

export interface SpamModelsTable {
  name: string;
  model_json: string;
  examples_learned: number;
  updated_at: Timestamp;
}

/** A staff account. The email is stored lowercased; the password only as an argon2id PHC string. */
export interface UsersTable {
  id: Generated<number>;
  email: string;
  display_name: string;
  password_hash: string;
  role: UserRole;
  /** The person whose byline this user writes under; unique, set null if the person is deleted. */
  person_id: number | null;
  active: Bool;
  created_at: Timestamp;
  last_login_at: Timestamp | null;
}

/** A signed-in browser. `id` is the SHA-256 hex of the cookie's token: a leaked table cannot be replayed. */
export interface SessionsTable {
  id: string;
  user_id: number;
  created_at: Timestamp;
  /** Sliding: last_seen_at + the idle lifetime. */
  expires_at: Timestamp;
  last_seen_at: Timestamp;
  ip: string;
  user_agent: string;
}

/** A single-use link to choose a password (migration 0011): a reset, or the invitation of a new account. */
export interface PasswordResetLinksTable {
  id: Generated<number>;
  user_id: number;
  /** SHA-256 hex of the link's token; the token itself is never stored. */
  token_hash: string;
  purpose: PasswordLinkPurpose;
  /** The administrator who issued it; null for the command line. */
  created_by: number | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  /** Set when a newer link for the account, or its deactivation, made this one worthless. */
  revoked_at: Timestamp | null;
}

/** One log of who did what, for moderation and editorial actions alike. */
export interface AuditLogTable {
  id: Generated<number>;
  /** Null for the system or the command line, or when the user was deleted. */
  actor_user_id: number | null;
  /** Dotted verb such as 'user.login', 'user.created', 'comment.approved'. */
  action: string;
  subject_type: string;
  subject_id: string | null;
  /** JSON text. */
  before_json: string | null;
  /** JSON text. */
  after_json: string | null;
  ip: string | null;
  created_at: Timestamp;
}

/** Which notification emails have gone out about a comment (each at most once). */
export interface CommentNotificationsTable {
  comment_id: number;
  /** What was sent, e.g. 'reply': the parent's author was told of this reply. */
  kind: string;
  created_at: Timestamp;
}

/** A receiver an admin configured: where to POST which events, and the secret that signs them. */
export interface WebhookEndpointsTable {
  id: Generated<number>;
  url: string;
  description: ColumnType<string, string | undefined, string>;
  /** Shown to admins (their receiver verifies with it); needed in the clear to sign. */
  secret: string;
  /** JSON list of event names. */
  events: string;
  active: Bool;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One event for one endpoint: the durable queue the worker claims from, and the delivery log. */
export interface WebhookDeliveriesTable {
  id: Generated<number>;
  endpoint_id: number;
  /** The payload's `id` and the Dateline-Delivery header. */
  uuid: string;
  event: string;
  /** The exact JSON body sent on every attempt. */
  payload: string;
  status: WebhookDeliveryStatus;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  /** While 'delivering': when the claim lapses and another worker may take over. */
  locked_until: Timestamp | null;
  last_status_code: number | null;
  last_error: string | null;
  last_duration_ms: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  delivered_at: Timestamp | null;
}

/**
 * Site search: one document per published article, kept by news/search. The full-text index beside it is per dialect
 * (an FTS5 table on SQLite; on PostgreSQL the article_search_vectors table, see migration 0015) and only the search
 * repository touches it.
 */
export interface ArticleSearchDocumentsTable {
  article_id: number;
  title: string;
  standfirst: string;
  /** Tag names, comma-separated. */
  tags: string;
  /** Author names in byline order, comma-separated. */
  authors: string;
  body_text: string;
  published_at: Timestamp;
  article_version: number;
}

/** One scheduled publication the scheduler made: when it was due, when it ran, how late (news/scheduling). */
export interface PublishRunsTable {
  id: Generated<number>;
  article_id: number;
  scheduled_for: Timestamp;
  ran_at: Timestamp;
  late_ms: number;
  trigger: PublishTrigger;
}

/** A dated correction note on an article (plain text). */
export interface CorrectionsTable {
  id: Generated<number>;
  article_id: number;
  body: string;
  created_at: Timestamp;
  user_id: number | null;
}

/** One imported record: (source site, kind, old id) -> the Dateline id, and a fingerprint of what the source said. */
export interface ImportItemsTable {
  source: string;
  kind: ImportedKind;
  old_id: number;
  new_id: number;
  fingerprint: string;
  imported_at: Timestamp;
}

/** An old address -> the item it meant, resolved when requested (migration 0018). */
export interface LegacyLinksTable {
  id: Generated<number>;
  from_path: string;
  target_kind: ImportedKind;
  target_id: number;
  include_subpaths: Bool;
  created_at: Timestamp;
}

/**
 * One row the demo seed created (migration 0019): its kind and id, the row's own created_at (so a later row that
 * reuses the id, as an import keeping WordPress ids can, is not taken for it) and, for articles, pages and comments,
 * a fingerprint of their content as seeded (so staff edits are noticed).
 */
export interface DemoItemsTable {
  kind: DemoItemKind;
  item_id: number;
  item_created_at: Timestamp;
  fingerprint: string | null;
  recorded_at: Timestamp;
}

/**
 * An import started from the newsroom, run in the background (migration 0021). The files are on disk in `work_dir`
 * (a folder under DATA_DIR/imports); byte counts are bigint columns (read back as numbers).
 */
export interface ImportJobsTable {
  id: Generated<number>;
  state: ImportJobState;
  /** The source format; 'wxr' (WordPress) is the only one so far. */
  format: ColumnType<string, string | undefined, string>;
  work_dir: string;
  export_name: string;
  export_file: string;
  export_bytes: number;
  uploads_name: string | null;
  uploads_file: string | null;
  uploads_bytes: number | null;
  dry_run: Bool;
  fetch_media: Bool;
  bytes_read: ColumnType<number, number | undefined, number>;
  bytes_total: number | null;
  items: ColumnType<number, number | undefined, number>;
  comments: ColumnType<number, number | undefined, number>;
  /** The report as JSON, once done. */
  report: string | null;
  error: string | null;
  created_by: number | null;
  /** Claims so far; a job whose worker died is claimed again until MAX_ATTEMPTS. */
  attempts: ColumnType<number, number | undefined, number>;
  /** While validating or importing: the worker's lease; once it lapses another worker may take the job over. */
  locked_until: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
}

export interface Database {
  people: PeopleTable;
  sections: SectionsTable;
  tags: TagsTable;
  tag_moves: TagMovesTable;
  articles: ArticlesTable;
  article_sections: ArticleSectionsTable;
  section_ancestors: SectionAncestorsTable;
  section_listings: SectionListingsTable;
  article_tags: ArticleTagsTable;
  article_authors: ArticleAuthorsTable;
  pages: PagesTable;
  redirects: RedirectsTable;
  settings: SettingsTable;
  comments: CommentsTable;
  comment_reports: CommentReportsTable;
  spam_models: SpamModelsTable;
  users: UsersTable;
  sessions: SessionsTable;
  password_reset_links: PasswordResetLinksTable;
  audit_log: AuditLogTable;
  comment_notifications: CommentNotificationsTable;
  article_search_documents: ArticleSearchDocumentsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  publish_runs: PublishRunsTable;
  corrections: CorrectionsTable;
  import_items: ImportItemsTable;
  legacy_links: LegacyLinksTable;
  demo_items: DemoItemsTable;
  import_jobs: ImportJobsTable;
  media: MediaTable;
  article_revisions: ArticleRevisionsTable;
  article_editors: ArticleEditorsTable;
  article_notes: ArticleNotesTable;
  user_two_factor: UserTwoFactorTable;
  user_recovery_codes: UserRecoveryCodesTable;
  sitemap_months: SitemapMonthsTable;
  sitemap_listings: SitemapListingsTable;
  article_status_counts: ArticleStatusCountsTable;
  comment_status_counts: CommentStatusCountsTable;
  tag_article_counts: TagArticleCountsTable;
  section_article_counts: SectionArticleCountsTable;
}

/** Kept by triggers (migration 0024): per UTC month, the public, indexable published stories and their newest change. */
export interface SitemapMonthsTable {
  /** 'YYYY-MM'. */
  month: string;
  article_count: number;
  lastmod: Timestamp;
}

/** Kept by triggers (migration 0024): per section, tag or byline, the public published stories it lists. */
export interface SitemapListingsTable {
  kind: 'section' | 'tag' | 'author';
  item_id: number;
  article_count: number;
  lastmod: Timestamp;
}

/** Kept by triggers (migration 0026): articles per tag. */
export interface TagArticleCountsTable {
  tag_id: number;
  n: number;
}

/** Kept by triggers (migration 0029): articles per section (article_sections rows, whatever the article's status). */
export interface SectionArticleCountsTable {
  section_id: number;
  n: number;
}

/** Kept by triggers (migration 0026): articles per status tab, 'trash' for those in the trash. */
export interface ArticleStatusCountsTable {
  bucket: string;
  n: number;
}

/** Kept by triggers (migration 0026): comments per status on articles not in the trash. */
export interface CommentStatusCountsTable {
  status: string;
  n: number;
}

/** The media library (migration 0010). */
export interface MediaTable {
  id: Generated<number>;
  storage_key: string;
  original_filename: string;
  content_type: string;
  bytes: number;
  width: number;
  height: number;
  alt: string;
  caption: string;
  credit: string;
  /** JSON: [{ "width": 640, "key": "…/640.webp" }, …], narrowest first. */
  variants: string;
  uploaded_by: number | null;
  created_at: string;
  updated_at: string;
}

export type MediaRow = Selectable<MediaTable>;
export type ArticleRow = Selectable<ArticlesTable>;
export type NewArticleRow = Insertable<ArticlesTable>;
export type ArticleUpdate = Updateable<ArticlesTable>;
export type PersonRow = Selectable<PeopleTable>;
export type SectionRow = Selectable<SectionsTable>;
export type TagRow = Selectable<TagsTable>;
export type PageRow = Selectable<PagesTable>;
export type RedirectRow = Selectable<RedirectsTable>;
export type CommentRow = Selectable<CommentsTable>;
export type UserRow = Selectable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type WebhookEndpointRow = Selectable<WebhookEndpointsTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;

/** One save of an article (migration 0008): a JSON snapshot of every editable field, body included. */
export interface ArticleRevisionsTable {
  id: Generated<number>;
  article_id: number;
  /** The article's version this save produced. */
  version: number;
  user_id: number | null;
  kind: RevisionKind;
  snapshot: string;
  created_at: Timestamp;
}

/** Who has an article's edit form open: refreshed on opening it and on every autosave. */
export interface ArticleEditorsTable {
  article_id: number;
  user_id: number;
  last_seen_at: Timestamp;
}

/** A note an editor left when sending an article back to its writer. */
export interface ArticleNotesTable {
  id: Generated<number>;
  article_id: number;
  user_id: number | null;
  body: string;
  created_at: Timestamp;
}

/**
 * A staff account's authenticator (migration 0012). Two-factor sign-in is on for the user when a row exists with
 * `enabled_at` set; a row without it is a set-up that was never confirmed.
 */
export interface UserTwoFactorTable {
  user_id: number;
  /** AES-256-GCM ciphertext of the base32 TOTP secret (news/staff/two-factor.crypto.ts); never the secret itself. */
  secret_ciphertext: string;
  enabled_at: Timestamp | null;
  /** The newest TOTP time step accepted; a code for this step or an older one is refused. */
  last_used_step: number | null;
  created_at: Timestamp;
}

/** One-time recovery codes for two-factor sign-in: SHA-256 hashes only; `used_at` is set when one is spent. */
export interface UserRecoveryCodesTable {
  id: Generated<number>;
  user_id: number;
  code_hash: string;
  used_at: Timestamp | null;
  created_at: Timestamp;
}
