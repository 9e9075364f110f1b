import { type Feed, type FeedPerson, isSquarish } from './feed.js';
import { xmlEscape } from './xml.js';

/** RFC 3339 date-time, as Atom requires (ISO-8601 UTC from the database already is one). */
export function rfc3339(iso: string): string {
  return new Date(iso).toISOString();
}

function person(tag: 'author', who: FeedPerson): string {
  const uri = who.url ? `<uri>${xmlEscape(who.url)}</uri>` : '';
  return `<${tag}><name>${xmlEscape(who.name)}</name>${uri}</${tag}>`;
}

/**
 * An Atom 1.0 (RFC 4287) document. The summary is text; the content, when the feed carries it, is escaped HTML
 * (type="html"). Entry ids are the same never-changing ids as the RSS GUIDs.
 */
export function renderAtom(feed: Feed): string {
  const entries = feed.items
    .map((item) => {
      const lines = [
        `<id>${xmlEscape(item.id)}</id>`,
        `<title type="text">${xmlEscape(item.title)}</title>`,
        `<link rel="alternate" type="text/html" href="${xmlEscape(item.url)}"/>`,
        `<published>${rfc3339(item.published)}</published>`,
        `<updated>${rfc3339(item.updated)}</updated>`,
        ...item.authors.map((author) => person('author', author)),
        ...item.categories.map((category) => `<category term="${xmlEscape(category)}"/>`),
        `<summary type="text">${xmlEscape(item.summary)}</summary>`,
        ...(item.contentHtml === null ? [] : [`<content type="html">${xmlEscape(item.contentHtml)}</content>`]),
      ];
      return `
  <entry>
    ${lines.join('\n    ')}
  </entry>`;
    })
    .join('');
  // Atom's icon should be square (1:1) and its logo wider (2:1): the publisher logo goes where its shape fits.
  const logoTag = feed.logo && isSquarish(feed.logo) ? 'icon' : 'logo';
  const logo = feed.logo ? `\n  <${logoTag}>${xmlEscape(feed.logo.url)}</${logoTag}>` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xmlEscape(feed.language)}">
  <id>${xmlEscape(feed.urls.atom)}</id>
  <title type="text">${xmlEscape(feed.title)}</title>
  <subtitle type="text">${xmlEscape(feed.description)}</subtitle>
  <updated>${rfc3339(feed.updated)}</updated>
  <link rel="alternate" type="text/html" href="${xmlEscape(feed.homePageUrl)}"/>
  <link rel="self" type="application/atom+xml" href="${xmlEscape(feed.urls.atom)}"/>
  ${person('author', feed.publisher)}
  <generator>Dateline</generator>${logo}${entries}
</feed>
`;
}
