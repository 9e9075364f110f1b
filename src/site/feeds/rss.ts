import type { Feed, FeedImage } from './feed.js';
import { htmlEscape, xmlEscape } from './xml.js';

/** RFC 822 date-time (RSS 2.0's format), always in UTC: `Mon, 09 Feb 2026 12:00:20 +0000`. */
export function rfc822(iso: string): string {
  return new Date(iso).toUTCString().replace('GMT', '+0000');
}

/**
 * The channel image's width and height: RSS 2.0 allows at most 144 × 400, so a larger logo is declared at its size
 * scaled down to fit (same proportions; readers draw it at that size), never scaled up.
 */
function rssImageSize(image: FeedImage): { width: number; height: number } {
  const scale = Math.min(1, 144 / image.width, 400 / image.height);
  return { width: Math.max(1, Math.round(image.width * scale)), height: Math.max(1, Math.round(image.height * scale)) };
}

/** The channel's `<image>`: the publisher logo, linking to the feed's page. */
function channelImage(feed: Feed): string {
  if (!feed.logo) return '';
  const { width, height } = rssImageSize(feed.logo);
  return `
    <image>
      <url>${xmlEscape(feed.logo.url)}</url>
      <title>${xmlEscape(feed.title)}</title>
      <link>${xmlEscape(feed.homePageUrl)}</link>
      <width>${width}</width>
      <height>${height}</height>
    </image>`;
}

/**
 * An RSS 2.0 document. `description` is the summary (plain text, entity-encoded as RSS readers expect HTML there);
 * `content:encoded` carries the full HTML when the feed has it. GUIDs are not permalinks: they never change.
 */
export function renderRss(feed: Feed): string {
  const items = feed.items
    .map((item) => {
      const lines = [
        `<title>${xmlEscape(item.title)}</title>`,
        `<link>${xmlEscape(item.url)}</link>`,
        `<guid isPermaLink="false">${xmlEscape(item.id)}</guid>`,
        `<pubDate>${rfc822(item.published)}</pubDate>`,
        ...item.authors.map((author) => `<dc:creator>${xmlEscape(author.name)}</dc:creator>`),
        ...item.categories.map((category) => `<category>${xmlEscape(category)}</category>`),
        `<description>${xmlEscape(htmlEscape(item.summary))}</description>`,
        ...(item.contentHtml === null ? [] : [`<content:encoded>${xmlEscape(item.contentHtml)}</content:encoded>`]),
      ];
      return `
    <item>
      ${lines.join('\n      ')}
    </item>`;
    })
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>${xmlEscape(feed.title)}</title>
    <link>${xmlEscape(feed.homePageUrl)}</link>
    <atom:link href="${xmlEscape(feed.urls.rss)}" rel="self" type="application/rss+xml"/>
    <description>${xmlEscape(feed.description)}</description>
    <language>${xmlEscape(feed.language)}</language>
    <lastBuildDate>${rfc822(feed.updated)}</lastBuildDate>
    <generator>Dateline</generator>${channelImage(feed)}${items}
  </channel>
</rss>
`;
}
