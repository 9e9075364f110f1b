import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Kysely table types: the single description of what the database holds. Timestamps are ISO-8601 UTC strings on
 * both dialects (PostgreSQL stores timestamptz; the connection parses it back to the same string form), booleans are
 * booleans (SQLite stores 0/1; see dialect.ts).
 */
export type Timestamp = string;
type Bool = ColumnType<boolean, boolean | undefined, boolean>;

export const ARTICLE_STATUSES = ['draft', 'pending', 'scheduled', 'published'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];
export const COMMENT_POLICIES = ['open', 'premoderated', 'closed'] as const;
export type CommentPolicy = (typeof COMMENT_POLICIES)[number];
export const PAGE_STATUSES = ['draft', 'published'] as const;
export type PageStatus = (typeof PAGE_STATUSES)[number];

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
  seo_title: string;
  seo_description: string;
  /** Optimistic-concurrency version, bumped by every save. */
  version: number;
}

export interface ArticleSectionsTable {
  article_id: number;
  section_id: number;
}

export interface ArticleTagsTable {
  article_id: number;
  tag_id: number;
}

export interface ArticleAuthorsTable {
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
}

export interface RedirectsTable {
  id: Generated<number>;
  from_path: string;
  to_path: string;
  created_at: Timestamp;
}

export interface SettingsTable {
  key: string;
  /** JSON text. */
  value: string;
}

export interface Database {
  people: PeopleTable;
  sections: SectionsTable;
  tags: TagsTable;
  articles: ArticlesTable;
  article_sections: ArticleSectionsTable;
  article_tags: ArticleTagsTable;
  article_authors: ArticleAuthorsTable;
  pages: PagesTable;
  redirects: RedirectsTable;
  settings: SettingsTable;
}

export type ArticleRow = Selectable<ArticlesTable>;
export type NewArticleRow = Insertable<ArticlesTable>;
export type ArticleUpdate = Updateable<ArticlesTable>;
export type PersonRow = Selectable<PeopleTable>;
export type SectionRow = Selectable<SectionsTable>;
export type TagRow = Selectable<TagsTable>;
export type PageRow = Selectable<PagesTable>;
export type RedirectRow = Selectable<RedirectsTable>;
