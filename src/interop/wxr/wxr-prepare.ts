import type { IdMode, ImportedArticle, ImportedComment, ImportedLink, ImportedPage } from '../../news/imports/import.types.js';
import { articleFrom, type ItemTermIds, type MediaUrls } from './wxr-articles.js';
import { convertItemContent } from './wxr-content.js';
import { commentFrom, oldPath, pageFrom, slugFor } from './wxr-mapping.js';
import { readWxr, type WxrInput, type WxrProgress, type WxrSummary } from './wxr-reader.js';
import type { WxrItem } from './wxr.types.js';

/** One record the import leaves out or changes on the way in, by its WordPress id (the report's notes). */
export interface ReportNote {
  kind: string;
  wordpressId: number | null;
  action: 'skipped' | 'altered';
  reason: string;
}

/** What the second pass needs to turn an item into records, learnt before it starts; plain data (a worker gets a copy). */
export interface PrepareContext {
  summary: WxrSummary;
  ids: ItemTermIds;
  idMode: IdMode;
  /** Old upload key -> library URL, from the media pass; whether there was one (attachments are then done). */
  mediaUrls: MediaUrls;
  mediaImported: boolean;
}

/** An item as records for ImportService, with what happened to it on the way. */
export interface PreparedItem {
  article: ImportedArticle | null;
  page: ImportedPage | null;
  comments: ImportedComment[];
  links: ImportedLink[];
  notes: ReportNote[];
  /** Comments the item carried, imported or not (for the progress bar). */
  commentCount: number;
}

/** Post types that are not content of their own, and why they are not imported as such. */
const NOT_IMPORTED: Record<string, string> = {
  nav_menu_item: 'navigation menus are not in Dateline yet (they come with the editors’ screens)',
  wp_block: 'a reusable block: expanded into the posts that use it',
  attachment:
    'neither a copy of the uploads folder (--media-dir, or the newsroom’s uploads zip) nor --fetch-media was given, or this was a dry run: the file keeps its old URL',
  revision: 'an old revision',
  customize_changeset: 'theme settings',
  custom_css: 'theme settings',
  wp_global_styles: 'theme settings',
  wp_template: 'theme settings',
  wp_template_part: 'theme settings',
  wp_navigation: 'navigation menus are not in Dateline yet (they come with the editors’ screens)',
  oembed_cache: 'a cached embed',
};

/** An item as the records it becomes: a story or a page with its comments and old address, or a reason to skip it. */
export function prepareItem(item: WxrItem, context: PrepareContext): PreparedItem {
  const prepared: PreparedItem = { article: null, page: null, comments: [], links: [], notes: [], commentCount: item.comments.length };
  const skip = (kind: string, id: number, reason: string) => prepared.notes.push({ kind, wordpressId: id, action: 'skipped', reason });
  const alter = (kind: string, reason: string) => prepared.notes.push({ kind, wordpressId: item.id, action: 'altered', reason });
  const path = oldPath(item.link, context.summary.site.link);
  if (item.postType === 'attachment' && context.mediaImported) {
    // Counted in the media pass; its attachment page's old address leads to the file.
    if (path) prepared.links.push({ path, kind: 'media', oldId: item.id, includeSubpaths: false });
    return prepared;
  }
  const skipped = skipReason(item);
  if (skipped) {
    skip(item.postType === 'attachment' ? 'media' : item.postType, item.id, skipped);
    return prepared;
  }
  if (item.postType === 'page') {
    const { slug, altered } = slugFor(item.postName, item.title, `page-${item.id}`);
    if (altered) alter('page', `its slug "${item.postName}" became "${slug}"`);
    const converted = convertItemContent(item, context.summary, context.mediaUrls);
    for (const note of converted.notes) alter('page', note);
    prepared.page = pageFrom(item, converted.html, slug);
    for (const comment of item.comments) skip('comment', comment.id, 'it is on a page; Dateline has comments on stories only');
    if (path) prepared.links.push({ path, kind: 'page', oldId: item.id, includeSubpaths: false });
    return prepared;
  }
  const mapped = articleFrom(item, context.summary, context.ids, context.idMode, convertItemContent, context.mediaUrls);
  for (const note of mapped.notes) alter('article', note);
  prepared.article = mapped.article;
  for (const comment of item.comments) {
    const record = commentFrom(comment, item.id);
    if ('skip' in record) skip('comment', comment.id, record.skip);
    else prepared.comments.push(record);
  }
  if (path) prepared.links.push({ path, kind: 'article', oldId: item.id, includeSubpaths: false });
  return prepared;
}

/** Why an item is not imported as a story or page, or null when it is. */
function skipReason(item: WxrItem): string | null {
  if (item.postType === 'post' || item.postType === 'page') {
    if (item.status === 'auto-draft') return 'an automatic draft WordPress made and nobody wrote';
    if (item.status === 'inherit') return 'a revision';
    return null;
  }
  return NOT_IMPORTED[item.postType] ?? `a "${item.postType}" item, a type of content Dateline does not have`;
}

/** A run of prepared items and how far into the file they come from. */
export interface PreparedBatch {
  items: PreparedItem[];
  progress: WxrProgress;
}

/** Items are handed over in runs of about this many bytes of content, so a worker's messages are few but small. */
export const BATCH_CONTENT_BYTES = 512 * 1024;

/** The second pass in this thread: the file's items, read and prepared a run at a time. */
export async function* prepareInThisThread(input: WxrInput, context: PrepareContext): AsyncGenerator<PreparedBatch> {
  const reader = readWxr(input);
  let items: PreparedItem[] = [];
  let bytes = 0;
  const progress = (): WxrProgress => ({ bytesRead: reader.bytesRead, totalBytes: reader.totalBytes, line: reader.position.line });
  for await (const entry of reader) {
    if (entry.kind !== 'item') continue;
    items.push(prepareItem(entry.item, context));
    bytes += entry.item.content.length;
    if (bytes >= BATCH_CONTENT_BYTES) {
      yield { items, progress: progress() };
      items = [];
      bytes = 0;
    }
  }
  yield { items, progress: progress() };
}
