/**
 * The domain's words: the fixed sets of values its records take (statuses, policies, roles, reasons, kinds). One
 * list each, read by the services, the faces (forms, schemas, views) and the database schema's column types.
 *
 * A leaf: this module imports nothing. It is the one module in news/ that platform/ may import
 * (platform/db/schema.ts types its columns with these words); everything else in platform/ knows no news.
 */

export const ARTICLE_STATUSES = ['draft', 'pending', 'scheduled', 'published'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

/**
 * Who may read a published article: everyone; only staff who may write it (to anyone else it does not exist); or
 * readers who give its password (everyone sees its headline in lists, nobody its text without the password).
 */
export const ARTICLE_VISIBILITIES = ['public', 'private', 'password'] as const;
export type ArticleVisibility = (typeof ARTICLE_VISIBILITIES)[number];

/** Whether readers may comment on a section's articles, and whether their comments wait for a moderator. */
export const COMMENT_POLICIES = ['open', 'premoderated', 'closed'] as const;
export type CommentPolicy = (typeof COMMENT_POLICIES)[number];

export const PAGE_STATUSES = ['draft', 'published'] as const;
export type PageStatus = (typeof PAGE_STATUSES)[number];

/** Staff roles, most powerful first; news/staff/roles.ts describes them and news/staff/policy.ts decides what each may do. */
export const USER_ROLES = ['admin', 'editor', 'author', 'contributor'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const COMMENT_STATUSES = ['pending', 'approved', 'spam', 'trash'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

/** What a comment is: a reader's comment, or a notice from another site that it linked here (kept by imports). */
export const COMMENT_KINDS = ['comment', 'pingback', 'trackback'] as const;
export type CommentKind = (typeof COMMENT_KINDS)[number];
/** What an old address (legacy_links) or an imported record (import_items) refers to. */
export const IMPORTED_KINDS = ['article', 'page', 'section', 'tag', 'person', 'media', 'comment'] as const;
export type ImportedKind = (typeof IMPORTED_KINDS)[number];
/**
 * Where an import run from the newsroom is: waiting for a worker, reading the whole file through (and unpacking the
 * uploads), writing, and its end. A crashed worker's job stays 'validating' or 'importing' until its lease lapses.
 */
export const IMPORT_JOB_STATES = ['queued', 'validating', 'importing', 'done', 'failed'] as const;
export type ImportJobState = (typeof IMPORT_JOB_STATES)[number];
/** What the demo seed created and recorded in demo_items, so `dateline demo remove` removes exactly that. */
export const DEMO_ITEM_KINDS = ['article', 'page', 'section', 'tag', 'person', 'media', 'comment'] as const;
export type DemoItemKind = (typeof DEMO_ITEM_KINDS)[number];

/** Why a reader reported a comment. */
export const REPORT_REASONS = ['spam', 'abuse', 'off-topic', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

/** What a single-use password link is for: an administrator's reset, or the invitation of a new account. */
export const PASSWORD_LINK_PURPOSES = ['reset', 'invite'] as const;
export type PasswordLinkPurpose = (typeof PASSWORD_LINK_PURPOSES)[number];

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivering', 'succeeded', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** What made an article revision: a save, an autosave, a publication, a restore of an older revision. */
export const REVISION_KINDS = ['save', 'autosave', 'publish', 'restore'] as const;
export type RevisionKind = (typeof REVISION_KINDS)[number];

/** Why the scheduler ran: at the app's start (catching up on what fell due while it was down), or a periodic tick. */
export const PUBLISH_TRIGGERS = ['start', 'tick'] as const;
export type PublishTrigger = (typeof PUBLISH_TRIGGERS)[number];
