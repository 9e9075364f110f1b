// Every HTML entity WordPress may leave in a title or comment (&laquo;, &hellip;, &#8217;…), each ended by its `;`.
import { decodeHTMLStrict as decodeEntities } from 'entities';
import type { ImportedComment, ImportedLink, ImportedPage, ImportedPerson, ImportedSection, ImportedTag } from '../../news/imports/import.types.js';
import { isValidSlug, normalizeSlug, slugify } from '../../news/shared/slug.js';
import type { CommentKind, CommentStatus } from '../../news/vocabulary.js';
import type { WxrAuthor, WxrCategory, WxrComment, WxrItem, WxrTag } from './wxr.types.js';

/**
 * WordPress's records in Dateline's terms, one pure function each: what the import writes and what the report says
 * about them. Nothing here reads files or writes to the database (wxr-import.ts does).
 */

/** 'YYYY-MM-DD HH:MM:SS' (WordPress, UTC) -> ISO-8601; null for missing or zero dates. */
export function wpDateToIso(value: string | null | undefined): string | null {
  if (!value || value.startsWith('0000-00-00')) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(value.trim());
  if (!match) return null;
  const date = new Date(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}.000Z`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** The old site's key for import_items: its address without a trailing slash. */
export function sourceKey(link: string): string {
  return link.trim().replace(/\/+$/, '').toLowerCase();
}

/**
 * A Dateline slug for a WordPress one: WordPress stores unicode slugs percent-encoded (%e6%97%a5…); Dateline keeps
 * them decoded (日本), so the story keeps its address. One Dateline cannot keep (an underscore, a capital, too long
 * for Dateline's limits) becomes the slug of itself or of the title, or `{kind}-{id}`; the old address keeps working
 * through legacy_links whatever the slug becomes. `altered` says when it differs (NFC composition alone does not).
 */
export function slugFor(wpSlug: string, title: string, fallback: string): { slug: string; altered: boolean } {
  let decoded = wpSlug;
  try {
    decoded = decodeURIComponent(wpSlug);
  } catch {
    // Not valid percent-encoding: use it as it is.
  }
  decoded = normalizeSlug(decoded);
  if (isValidSlug(decoded)) return { slug: decoded, altered: false };
  const slug = slugify(decoded) || slugify(title) || fallback;
  return { slug, altered: wpSlug !== '' };
}

/** The path (and query, for `/?p=12` forms) of an old address on the old site, or null when it is not on it. */
export function oldPath(link: string, site: string): string | null {
  try {
    const url = new URL(link);
    const base = new URL(site);
    if (url.host.toLowerCase() !== base.host.toLowerCase()) return null;
    const path = safeDecode(url.pathname).replace(/\/{2,}/g, '/') + url.search;
    return path === '/' ? null : path;
  } catch {
    return null;
  }
}

export function personFrom(author: WxrAuthor, standInId: number): ImportedPerson {
  const name = author.displayName.trim() || [author.firstName, author.lastName].filter(Boolean).join(' ') || author.login;
  return {
    oldId: author.id ?? standInId,
    slug: slugFor(author.login, name, `author-${author.id ?? -standInId}`).slug,
    displayName: name,
    bio: '',
  };
}

/** `termId` is WordPress's, or the stand-in the import gave a category without one (WXR 1.0). */
export function sectionFrom(category: WxrCategory & { termId: number }, idOfNicename: ReadonlyMap<string, number>): ImportedSection {
  return {
    oldId: category.termId,
    slug: slugFor(category.nicename, category.name, `section-${category.termId}`).slug,
    name: plainText(category.name) || category.nicename,
    description: plainText(category.description),
    parentOldId: category.parent ? (idOfNicename.get(category.parent) ?? null) : null,
  };
}

export function tagFrom(tag: WxrTag & { termId: number }): ImportedTag {
  return {
    oldId: tag.termId,
    slug: slugFor(tag.slug, tag.name, `tag-${tag.termId}`).slug,
    name: plainText(tag.name) || tag.slug,
    description: plainText(tag.description),
  };
}

const COMMENT_STATUSES: Record<string, CommentStatus> = {
  '1': 'approved',
  approve: 'approved',
  '0': 'pending',
  hold: 'pending',
  spam: 'spam',
  trash: 'trash',
  'post-trashed': 'trash',
};

/** A comment, or the reason it is left out. */
export function commentFrom(comment: WxrComment, articleOldId: number): ImportedComment | { skip: string } {
  const status = COMMENT_STATUSES[comment.approved.trim()];
  if (!status) return { skip: `its status "${comment.approved}" is not one Dateline knows` };
  const kind: CommentKind = comment.type === 'pingback' || comment.type === 'trackback' ? comment.type : 'comment';
  if (comment.type && comment.type !== 'comment' && kind === 'comment') return { skip: `it is a "${comment.type}", a plugin's own kind of comment` };
  const createdAt = wpDateToIso(comment.dateGmt) ?? wpDateToIso(comment.date);
  if (!createdAt) return { skip: 'it has no date' };
  return {
    oldId: comment.id,
    articleOldId,
    parentOldId: comment.parent > 0 ? comment.parent : null,
    status,
    kind,
    authorName: plainText(comment.author) || 'Anonymous',
    authorEmail: comment.authorEmail.trim(),
    authorUrl: /^https?:\/\//i.test(comment.authorUrl.trim()) ? comment.authorUrl.trim() : '',
    authorIp: comment.authorIp.trim(),
    createdAt,
    body: commentText(comment.content),
  };
}

/** A page; `body` is already converted. */
export function pageFrom(item: WxrItem, body: string, slug: string): ImportedPage {
  const publishedAt = wpDateToIso(item.postDateGmt) ?? wpDateToIso(item.postDate);
  const updatedAt = wpDateToIso(item.postModifiedGmt) ?? publishedAt ?? new Date(0).toISOString();
  // Dateline's export numbers pages past its articles when their ids collide, and keeps their own in `_dateline_id`.
  const ownId = metaId(item, '_dateline_id');
  const parentId = ownId === null ? null : metaId(item, '_dateline_parent_id');
  return {
    oldId: ownId ?? item.id,
    slug,
    title: plainText(item.title) || 'Untitled',
    body,
    status: item.status === 'publish' ? 'published' : 'draft',
    publishedAt: item.status === 'publish' ? publishedAt : null,
    createdAt: publishedAt ?? updatedAt,
    updatedAt,
    parentOldId: ownId !== null ? parentId : item.postParent > 0 ? item.postParent : null,
    sortOrder: item.menuOrder,
  };
}

function metaId(item: WxrItem, key: string): number | null {
  const value = Number(item.meta.find((entry) => entry.key === key)?.value.trim() ?? '');
  return Number.isInteger(value) && value > 0 ? value : null;
}

/** Old addresses of an archive: a section (`/category/parent/child/`), tag or author, with their pages and feeds. */
export function archiveLink(path: string, kind: 'section' | 'tag' | 'person', oldId: number): ImportedLink {
  return { path, kind, oldId, includeSubpaths: true };
}

/** The path of a category's old archive, from its ancestors' nicenames (WordPress's default /category/ base). */
export function categoryPath(category: WxrCategory, byNicename: ReadonlyMap<string, WxrCategory>): string {
  const trail: string[] = [];
  let current: WxrCategory | undefined = category;
  for (let depth = 0; current && depth < 50; depth++) {
    trail.unshift(current.nicename);
    current = current.parent ? byNicename.get(current.parent) : undefined;
  }
  return `/category/${trail.map((part) => safeDecode(part)).join('/')}/`;
}

/** WordPress's text fields (titles, names) may hold entities and inline HTML; Dateline's are plain text. */
export function plainText(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
}

/** A comment's HTML (WordPress allows a few tags in comments) as the plain text Dateline stores, paragraphs kept. */
export function commentText(html: string): string {
  const withBreaks = html.replace(/<br\s*\/?>/gi, '\n').replace(/<\/p>\s*<p[^>]*>/gi, '\n\n');
  return decodeEntities(withBreaks.replace(/<[^>]*>/g, ''))
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
