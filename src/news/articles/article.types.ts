import type { Actor } from '../staff/policy.js';
import type { ArticleStatus, ArticleVisibility } from '../vocabulary.js';

/** What the rest of the app sees of an article: plain data, no rows or queries. */
export interface FeaturedImage {
  url: string;
  alt: string;
  caption: string;
  credit: string;
  width: number | null;
  height: number | null;
  /** For media-library images: `url 320w, url 640w, …` (WebP variants), filled in when articles are read. */
  srcset?: string;
}

export interface SectionRef {
  id: number;
  slug: string;
  name: string;
}

export interface TagRef {
  id: number;
  slug: string;
  name: string;
}

export interface AuthorRef {
  id: number;
  slug: string;
  displayName: string;
}

/**
 * Enough to show an article in a list: cards, archives, related stories. A password-protected story's summary never
 * carries its text: its standfirst is PROTECTED_STANDFIRST, and it has no image and no comment count.
 */
export interface ArticleSummary {
  id: number;
  slug: string;
  title: string;
  standfirst: string;
  status: ArticleStatus;
  visibility: ArticleVisibility;
  /** Shown first on the front page (WordPress's sticky posts). */
  pinned: boolean;
  publishedAt: string | null;
  updatedAt: string;
  path: string;
  section: SectionRef | null;
  authors: AuthorRef[];
  image: FeaturedImage | null;
  /** Approved reader comments. */
  commentCount: number;
}

export interface Article extends ArticleSummary {
  body: string;
  createdAt: string;
  sections: SectionRef[];
  tags: TagRef[];
  commentsOpen: boolean;
  seoTitle: string;
  seoDescription: string;
  /** The canonical URL the story declares (absolute http(s)); '' for its own address. */
  seoCanonical: string;
  /** Ask search engines not to index it (`noindex`); it is left out of the sitemaps, not out of feeds or search. */
  seoNoindex: boolean;
  version: number;
  /**
   * A password-protected story read without its password: body, standfirst, SEO description, image and comment count
   * are withheld (empty, PROTECTED_STANDFIRST, empty, null, 0), so nothing built from it can show them.
   */
  locked: boolean;
}

/** A story as a feed carries it: the summary's fields plus the body and the tags. */
export interface ArticleWithBody extends ArticleSummary {
  body: string;
  seoDescription: string;
  tags: TagRef[];
}

/** The front page's lists: `top` (the lead, then Latest) and one list per section block, in the blocks' order. */
export interface FrontPageStories {
  top: ArticleSummary[];
  blocks: ArticleSummary[][];
}

/** What a writer or an importer supplies to create or change an article. */
export interface ArticleInput {
  title: string;
  slug?: string;
  standfirst?: string;
  body?: string;
  primarySectionId?: number | null;
  /** Other sections besides the primary one. */
  sectionIds?: number[];
  tagIds?: number[];
  /** People in byline order. */
  authorIds?: number[];
  image?: FeaturedImage | null;
  commentsOpen?: boolean;
  seoTitle?: string;
  seoDescription?: string;
  /** An absolute http(s) URL, or '' for the story's own address; anything else is refused (`details.seoCanonical`). */
  seoCanonical?: string;
  seoNoindex?: boolean;
  /** Shown first on the front page. Default false. */
  pinned?: boolean;
  /** Who may read it once published. Default 'public'. */
  visibility?: ArticleVisibility;
  /**
   * The password readers must give, required (non-blank, at most 255 characters) when the visibility is 'password'.
   * Stored as given, never shown on the site; changing it ends every reader's unlock.
   */
  password?: string | null;
}

/**
 * Who is reading the public site: the signed-in staff member, if any (a private story is theirs to read when the
 * policy lets them write it), and the unlock token they carry for a password-protected story (the site reads it
 * from that story's cookie).
 */
export interface ArticleReader {
  staff: Actor | null;
  unlockToken?: (articleId: number) => string | undefined;
}

/** Someone with no account and no cookies: what feeds, sitemaps and cached pages are built for. */
export const ANONYMOUS_READER: ArticleReader = { staff: null };

/** What lists, feeds and locked pages say instead of a password-protected story's standfirst. */
export const PROTECTED_STANDFIRST = 'This story is protected by a password.';

/** A story's place in an archive's newest-first order (published_at, then id): where a keyset page starts. */
export interface ListingCursor {
  publishedAt: string;
  id: number;
}

/**
 * Which page of an archive: the Nth (`/page/N/`, served by offset over the index), or the stories just older or
 * newer than a cursor (keyset pages, whose cost does not grow with their depth).
 */
export type ArchiveWindow = { page: number } | { before: ListingCursor } | { after: ListingCursor };

/** One page of an archive. No total: counting an archive costs what the archive holds; the links need only "more". */
export interface ArchiveSlice<T> {
  items: T[];
  /** The page number it was asked by; null for a keyset page. */
  page: number | null;
  /** Stories newer than the first of these exist (false on the first page). */
  hasNewer: boolean;
  /** Stories older than the last of these exist. */
  hasOlder: boolean;
}
