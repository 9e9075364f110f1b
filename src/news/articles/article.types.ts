import type { ArticleStatus } from '../vocabulary.js';

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

/** Enough to show an article in a list: cards, archives, related stories. */
export interface ArticleSummary {
  id: number;
  slug: string;
  title: string;
  standfirst: string;
  status: ArticleStatus;
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
  version: number;
}

/** A story as a feed carries it: the summary's fields plus the body and the tags. */
export interface ArticleWithBody extends ArticleSummary {
  body: string;
  seoDescription: string;
  tags: TagRef[];
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
}
