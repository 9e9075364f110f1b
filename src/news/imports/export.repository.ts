import type { Db } from '../../platform/db/types.js';
import type { ArticleStatus, ArticleVisibility, CommentKind, CommentStatus, PageStatus } from '../vocabulary.js';
import { authorsOf as authorsOfMany, tagsOfMany } from '../articles/article.repository.js';

/**
 * What an export reads of the site, format-neutral (interop/wxr/wxr-writer.ts turns it into WXR): the people, terms,
 * and the articles and pages a page at a time (keyset pagination on the id), each article with its sections, tags,
 * byline and comments, so an export of any size holds one batch in memory.
 */

export interface ExportPerson {
  id: number;
  slug: string;
  displayName: string;
}

export interface ExportSection {
  id: number;
  slug: string;
  name: string;
  description: string;
  parentId: number | null;
}

export interface ExportTag {
  id: number;
  slug: string;
  name: string;
  description: string;
}

export interface ExportTerm {
  id: number;
  slug: string;
  name: string;
}

export interface ExportComment {
  id: number;
  parentId: number | null;
  status: CommentStatus;
  kind: CommentKind;
  authorName: string;
  authorEmail: string;
  authorUrl: string;
  authorIp: string;
  body: string;
  createdAt: string;
}

export interface ExportArticle {
  id: number;
  slug: string;
  title: string;
  standfirst: string;
  body: string;
  status: ArticleStatus;
  visibility: ArticleVisibility;
  password: string | null;
  pinned: boolean;
  commentsOpen: boolean;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  trashed: boolean;
  guid: string | null;
  seoTitle: string;
  seoDescription: string;
  seoCanonical: string;
  seoNoindex: boolean;
  featuredImage: { url: string; alt: string; caption: string } | null;
  /** The primary section first. */
  sections: ExportTerm[];
  tags: ExportTerm[];
  /** The byline, in order. */
  authors: ExportTerm[];
  comments: ExportComment[];
}

export interface ExportPage {
  id: number;
  slug: string;
  title: string;
  body: string;
  status: PageStatus;
  parentId: number | null;
  sortOrder: number;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}

/** The ids' extent, for a format (WXR) whose items share one id space: articles' and pages' ids may collide. */
export interface ExportIdRange {
  maxArticleId: number;
  maxPageId: number;
  /** Some page has the id of some article. */
  pageIdsCollide: boolean;
}

const iso = (value: string | Date | null): string | null => (value === null ? null : new Date(value).toISOString());

export async function exportIdRange(db: Db): Promise<ExportIdRange> {
  const articles = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.max('id').as('max'))
    .executeTakeFirst();
  const pages = await db
    .selectFrom('pages')
    .select((eb) => eb.fn.max('id').as('max'))
    .executeTakeFirst();
  const collision = await db
    .selectFrom('pages')
    .select('pages.id')
    .where('pages.id', 'in', db.selectFrom('articles').select('articles.id'))
    .limit(1)
    .executeTakeFirst();
  return { maxArticleId: Number(articles?.max ?? 0), maxPageId: Number(pages?.max ?? 0), pageIdsCollide: collision !== undefined };
}

export async function exportPeople(db: Db): Promise<ExportPerson[]> {
  const rows = await db.selectFrom('people').select(['id', 'slug', 'display_name']).orderBy('id').execute();
  return rows.map((row) => ({ id: row.id, slug: row.slug, displayName: row.display_name }));
}

export async function exportSections(db: Db): Promise<ExportSection[]> {
  const rows = await db.selectFrom('sections').select(['id', 'slug', 'name', 'description', 'parent_id']).orderBy('id').execute();
  return rows.map((row) => ({ id: row.id, slug: row.slug, name: row.name, description: row.description, parentId: row.parent_id }));
}

export async function exportTags(db: Db): Promise<ExportTag[]> {
  return db.selectFrom('tags').select(['id', 'slug', 'name', 'description']).orderBy('id').execute();
}

/** Up to `limit` articles (trashed ones too) with ids above `afterId`, in id order, with what belongs to them. */
export async function exportArticles(db: Db, afterId: number, limit: number): Promise<ExportArticle[]> {
  const rows = await db.selectFrom('articles').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();
  if (!rows.length) return [];
  const ids = rows.map((row) => row.id);
  const sections = await db
    .selectFrom('article_sections')
    .innerJoin('sections', 'sections.id', 'article_sections.section_id')
    .select(['article_sections.article_id', 'sections.id', 'sections.slug', 'sections.name'])
    .where('article_sections.article_id', 'in', ids)
    .orderBy('sections.id')
    .execute();
  // The article repository's own batch lookups: tags in name order, bylines in position order.
  const tagsOf = await tagsOfMany(db, ids);
  const authorsOf = await authorsOfMany(db, ids);
  const comments = await db
    .selectFrom('comments')
    .select(['id', 'article_id', 'parent_id', 'status', 'kind', 'author_name', 'author_email', 'author_url', 'author_ip', 'body', 'created_at'])
    .where('article_id', 'in', ids)
    .orderBy('id')
    .execute();
  const group = <T extends { article_id: number }>(list: T[]) => {
    const map = new Map<number, T[]>();
    for (const item of list) map.set(item.article_id, [...(map.get(item.article_id) ?? []), item]);
    return map;
  };
  const sectionsOf = group(sections);
  const commentsOf = group(comments);
  return rows.map((row) => {
    const own = sectionsOf.get(row.id) ?? [];
    const primary = own.filter((s) => s.id === row.primary_section_id);
    return {
      id: row.id,
      slug: row.slug,
      title: row.title,
      standfirst: row.standfirst,
      body: row.body,
      status: row.status,
      visibility: row.visibility,
      password: row.password,
      pinned: Boolean(row.pinned),
      commentsOpen: Boolean(row.comments_open),
      createdAt: iso(row.created_at)!,
      updatedAt: iso(row.updated_at)!,
      publishedAt: iso(row.published_at),
      trashed: row.trashed_at !== null,
      guid: row.guid,
      seoTitle: row.seo_title,
      seoDescription: row.seo_description,
      seoCanonical: row.seo_canonical,
      seoNoindex: Boolean(row.seo_noindex),
      featuredImage: row.featured_image_url ? { url: row.featured_image_url, alt: row.featured_image_alt, caption: row.featured_image_caption } : null,
      sections: [...primary, ...own.filter((s) => s.id !== row.primary_section_id)].map((s) => ({ id: s.id, slug: s.slug, name: s.name })),
      tags: tagsOf.get(row.id) ?? [],
      authors: (authorsOf.get(row.id) ?? []).map((a) => ({ id: a.id, slug: a.slug, name: a.displayName })),
      comments: (commentsOf.get(row.id) ?? []).map((c) => ({
        id: c.id,
        parentId: c.parent_id,
        status: c.status,
        kind: c.kind,
        authorName: c.author_name,
        authorEmail: c.author_email,
        authorUrl: c.author_url,
        authorIp: c.author_ip,
        body: c.body,
        createdAt: iso(c.created_at)!,
      })),
    };
  });
}

/** Up to `limit` pages with ids above `afterId`, in id order. */
export async function exportPages(db: Db, afterId: number, limit: number): Promise<ExportPage[]> {
  const rows = await db.selectFrom('pages').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    title: row.title,
    body: row.body,
    status: row.status,
    parentId: row.parent_id,
    sortOrder: row.sort_order,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    publishedAt: iso(row.published_at),
  }));
}
