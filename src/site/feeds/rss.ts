import { xmlEscape } from './xml.js';

/** An RSS 2.0 document. All URLs are absolute; dates are RFC 822 as the spec requires. */
export interface RssFeed {
  title: string;
  /** The page the feed is about. */
  link: string;
  /** This feed's own URL (atom:link rel="self"). */
  selfUrl: string;
  description: string;
  language: string;
  items: RssItem[];
}

export interface RssItem {
  title: string;
  link: string;
  /** Never changes for the same item, whatever else does. */
  guid: string;
  guidIsPermaLink: boolean;
  published: string;
  creator: string;
  /** Full HTML content (escaped into the XML). */
  html: string;
}

export function rfc822(iso: string): string {
  return new Date(iso).toUTCString().replace('GMT', '+0000');
}

export function renderRss(feed: RssFeed): string {
  const newest = feed.items.reduce<string | null>((max, item) => (!max || item.published > max ? item.published : max), null);
  const items = feed.items
    .map(
      (item) => `
    <item>
      <title>${xmlEscape(item.title)}</title>
      <link>${xmlEscape(item.link)}</link>
      <guid isPermaLink="${item.guidIsPermaLink}">${xmlEscape(item.guid)}</guid>
      <pubDate>${rfc822(item.published)}</pubDate>
      <dc:creator>${xmlEscape(item.creator)}</dc:creator>
      <description>${xmlEscape(item.html)}</description>
      <content:encoded>${xmlEscape(item.html)}</content:encoded>
    </item>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>${xmlEscape(feed.title)}</title>
    <link>${xmlEscape(feed.link)}</link>
    <atom:link href="${xmlEscape(feed.selfUrl)}" rel="self" type="application/rss+xml"/>
    <description>${xmlEscape(feed.description)}</description>
    <language>${xmlEscape(feed.language)}</language>${newest ? `\n    <lastBuildDate>${rfc822(newest)}</lastBuildDate>` : ''}
    <generator>Dateline</generator>${items}
  </channel>
</rss>
`;
}
