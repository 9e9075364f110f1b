import type { IdMode, ImportedArticle } from '../../news/imports/import.types.js';
import type { ArticleStatus } from '../../news/vocabulary.js';
import { plainText, slugFor, wpDateToIso } from './wxr-mapping.js';
import { uploadKey } from './wxr-media.js';
import { wpSeoOf } from './wp-seo.js';
import type { WxrSummary } from './wxr-reader.js';
import type { WxrItem, WxrMeta } from './wxr.types.js';

/** WordPress content -> a Dateline body (sanitised), and what the conversion changed, in words for the report. */
export type ContentConverter = (item: WxrItem, summary: WxrSummary, media: MediaUrls) => { html: string; notes: string[] };

/** Old upload key (its path under wp-content/uploads) -> the media library's URL, for what the import brought in. */
export type MediaUrls = ReadonlyMap<string, string>;

/** WordPress's ids of the terms and people, by the names items use for them. */
export interface ItemTermIds {
  categoryByNicename: ReadonlyMap<string, number>;
  tagBySlug: ReadonlyMap<string, number>;
  personByLogin: ReadonlyMap<string, number>;
}

const STATUSES: Record<string, ArticleStatus> = {
  publish: 'published',
  future: 'scheduled',
  draft: 'draft',
  pending: 'pending',
  private: 'published',
  trash: 'draft',
};

/** SEO fields the common plugins keep in post meta: Yoast first, then Rank Math (canonical and noindex: wp-seo.ts). */
const SEO_TITLE_KEYS = ['_yoast_wpseo_title', 'rank_math_title'];
const SEO_DESCRIPTION_KEYS = ['_yoast_wpseo_metadesc', 'rank_math_description'];

/** A WordPress post as a Dateline story, with notes on what the import changed. */
export function articleFrom(
  item: WxrItem,
  summary: WxrSummary,
  ids: ItemTermIds,
  idMode: IdMode,
  convert: ContentConverter,
  media: MediaUrls,
): { article: ImportedArticle; notes: string[] } {
  const notes: string[] = [];
  const title = plainText(item.title);
  if (!title) notes.push('it has no title; it is called “Untitled”');
  const { slug, altered } = slugFor(item.postName, title, `post-${item.id}`);
  if (altered) notes.push(`its slug "${item.postName}" became "${slug}"`);
  // A trashed post keeps the status it had before in `_wp_trash_meta_status` (WordPress's own key).
  const trashedFrom = item.status === 'trash' ? meta(item.meta, ['_wp_trash_meta_status']) : null;
  const wpStatus = trashedFrom && STATUSES[trashedFrom] ? trashedFrom : item.status;
  const status = STATUSES[wpStatus] ?? 'draft';
  if (!STATUSES[wpStatus]) notes.push(`its status "${item.status}" is not one Dateline knows; it is a draft`);
  const date = wpDateToIso(item.postDateGmt) ?? wpDateToIso(item.postDate);
  const modified = wpDateToIso(item.postModifiedGmt) ?? wpDateToIso(item.postModified) ?? date ?? new Date(0).toISOString();
  const converted = convert(item, summary, media);
  notes.push(...converted.notes);
  const sectionOldIds = item.terms.filter((term) => term.domain === 'category').flatMap((term) => idList(ids.categoryByNicename.get(term.nicename)));
  const tagOldIds = item.terms.filter((term) => term.domain === 'post_tag').flatMap((term) => idList(ids.tagBySlug.get(term.nicename)));
  const thumbnail = Number(meta(item.meta, ['_thumbnail_id']));
  const image = Number.isInteger(thumbnail) && thumbnail > 0 ? summary.attachments.get(thumbnail) : undefined;
  if (thumbnail > 0 && !image) notes.push(`its featured image (attachment ${thumbnail}) is not in the file`);
  const seo = wpSeoOf(item.meta, item.link);
  notes.push(...seo.notes);
  return {
    notes,
    article: {
      oldId: item.id,
      slug,
      title: title || 'Untitled',
      standfirst: plainText(item.excerpt),
      body: converted.html,
      status,
      publishedAt: status === 'published' || status === 'scheduled' ? date : null,
      createdAt: date ?? modified,
      updatedAt: modified,
      trashed: item.status === 'trash',
      commentsOpen: item.commentStatus === 'open',
      sectionOldIds,
      tagOldIds,
      authorOldIds: bylineOf(item, ids),
      seoTitle: meta(item.meta, SEO_TITLE_KEYS) ?? '',
      seoDescription: meta(item.meta, SEO_DESCRIPTION_KEYS) ?? '',
      seoCanonical: seo.canonical,
      seoNoindex: seo.noindex,
      // A story keeps its id in an empty site, so its ?p=ID GUID is the same; otherwise the old GUID is kept.
      guid: idMode === 'remap' && item.guid ? item.guid : null,
      featuredImageUrl: image?.url ? (media.get(uploadKey(image.url) ?? '') ?? image.url) : null,
      featuredImageAlt: image?.alt ?? '',
      featuredImageCaption: image ? plainText(image.caption) : '',
      pinned: item.isSticky,
      // WordPress's private posts are published for staff only; a password wins over public, as in WordPress.
      // Dateline's export marks a private story that is not published (WordPress has no such thing) in its own key.
      visibility: wpStatus === 'private' || meta(item.meta, ['_dateline_visibility']) === 'private' ? 'private' : item.postPassword ? 'password' : 'public',
      password: wpStatus !== 'private' && item.postPassword ? item.postPassword : null,
    },
  };
}

/** The first of the keys that has a value; a template with the plugins' variables (`%%title%% %%sep%%`) is no value. */
function meta(entries: readonly WxrMeta[], keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = entries.find((entry) => entry.key === key)?.value.trim();
    if (value && !/%%\w+%%|%\w+%/.test(value)) return value;
  }
  return null;
}

/** The byline: `dc:creator`, or every person in order when Dateline's export listed them (`_dateline_byline`). */
function bylineOf(item: WxrItem, ids: ItemTermIds): number[] {
  const listed = meta(item.meta, ['_dateline_byline']);
  if (listed) {
    const found = listed.split(',').flatMap((login) => idList(ids.personByLogin.get(login.trim())));
    if (found.length) return found;
  }
  return idList(ids.personByLogin.get(item.creator));
}

function idList(id: number | undefined): number[] {
  return id === undefined ? [] : [id];
}
