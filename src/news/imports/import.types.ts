import type { ArticleStatus, ArticleVisibility, CommentKind, CommentStatus, ImportedKind, PageStatus } from '../vocabulary.js';

/**
 * Records as an import hands them to Dateline, whatever the source format (interop/ maps WordPress's onto these).
 * `oldId` is the source's id; references to other records use the source's ids too (`sectionOldIds`), and the import
 * service turns them into Dateline's. Timestamps are ISO-8601 UTC.
 */
export interface ImportedPerson {
  oldId: number;
  slug: string;
  displayName: string;
  bio: string;
}

export interface ImportedSection {
  oldId: number;
  slug: string;
  name: string;
  description: string;
  parentOldId: number | null;
}

export interface ImportedTag {
  oldId: number;
  slug: string;
  name: string;
  description: string;
}

export interface ImportedArticle {
  oldId: number;
  slug: string;
  title: string;
  standfirst: string;
  body: string;
  status: ArticleStatus;
  /** Set for published and scheduled stories (a scheduled one goes out at this time). */
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** In the trash on the old site: kept, in Dateline's trash. */
  trashed: boolean;
  commentsOpen: boolean;
  /** The first is the primary section. */
  sectionOldIds: number[];
  tagOldIds: number[];
  /** The byline, in order. */
  authorOldIds: number[];
  seoTitle: string;
  seoDescription: string;
  /** An absolute http(s) URL, or '' (its own address); anything else is written as ''. */
  seoCanonical: string;
  /** Hidden from search engines (noindex; out of the sitemaps). */
  seoNoindex: boolean;
  /** The old feed GUID, kept when the story's id cannot be. */
  guid: string | null;
  featuredImageUrl: string | null;
  featuredImageAlt: string;
  featuredImageCaption: string;
  /** First on the front page (WordPress's sticky posts). */
  pinned: boolean;
  visibility: ArticleVisibility;
  /** Set when the visibility is 'password'. */
  password: string | null;
}

export interface ImportedPage {
  oldId: number;
  slug: string;
  title: string;
  body: string;
  status: PageStatus;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** The parent page's old id; parents are set once every page of the file is in (ImportService.pageParents). */
  parentOldId: number | null;
  sortOrder: number;
}

export interface ImportedComment {
  oldId: number;
  articleOldId: number;
  /** null at the top of a thread. */
  parentOldId: number | null;
  status: CommentStatus;
  kind: CommentKind;
  authorName: string;
  authorEmail: string;
  authorUrl: string;
  authorIp: string;
  createdAt: string;
  /** Plain text as the reader wrote it; the service renders it as Dateline renders comments. */
  body: string;
}

/** A media file from the old site (an attachment), read from a copy of its uploads when it is imported. */
export interface ImportedMedia {
  oldId: number;
  filename: string;
  alt: string;
  caption: string;
  createdAt: string | null;
  /** What says the file changed: e.g. its upload path, size and modification time. */
  version: string;
}

/** An old address and what it meant: answered with 301 to the item's address of the moment, while it is public. */
export interface ImportedLink {
  path: string;
  kind: ImportedKind;
  oldId: number;
  /** Also `…/page/N/` and `…/feed/` under it. */
  includeSubpaths: boolean;
}

/** What happened to one record. */
export type ImportOutcome = 'imported' | 'updated' | 'unchanged';

export interface ImportOutcomes {
  imported: number;
  updated: number;
  unchanged: number;
}

/**
 * How ids are chosen: into an empty site the source's ids are kept (so `/?p=ID`, feed GUIDs and API ids keep their
 * meaning); into a site with content of its own they are new, and import_items remembers old -> new.
 */
export type IdMode = 'keep' | 'remap';
