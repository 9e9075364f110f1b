import { convertWordPressContent, type ContentContext } from './wp-content.js';
import type { ContentConverter, MediaUrls } from './wxr-articles.js';
import { uploadKey } from './wxr-media.js';
import type { WxrSummary } from './wxr-reader.js';

/**
 * The content conversion with what the first pass learnt of the file: reusable blocks and attachments (for
 * galleries and `wp-image-N` images). Uploads keep their old URLs until media are imported, and each says so.
 */
export const convertItemContent: ContentConverter = (item, summary, media) => {
  const converted = convertWordPressContent(item.content, contextFor(summary, media), { postId: item.id });
  return { html: converted.html, notes: converted.notes.map((note) => `${note.kind}: ${note.detail}`) };
};

const contexts = new WeakMap<WxrSummary, { media: MediaUrls; context: ContentContext }>();

function contextFor(summary: WxrSummary, media: MediaUrls): ContentContext {
  const known = contexts.get(summary);
  if (known?.media === media) return known.context;
  const byParent = new Map<number, number[]>();
  for (const [id, attachment] of summary.attachments) {
    if (attachment.parent > 0) byParent.set(attachment.parent, [...(byParent.get(attachment.parent) ?? []), id]);
  }
  const context: ContentContext = {
    reusableBlock: (id) => summary.reusableBlocks.get(id),
    mediaUrl: (url) => media.get(uploadKey(url) ?? '') ?? null,
    attachment: (id) => {
      const found = summary.attachments.get(id);
      return found?.url ? { url: found.url, alt: found.alt ?? '', caption: found.caption, title: found.title } : undefined;
    },
    attachmentsOf: (postId) => byParent.get(postId) ?? [],
    baseUrl: summary.site.link,
  };
  contexts.set(summary, { media, context });
  return context;
}
