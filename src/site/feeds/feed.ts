/**
 * The one feed model. Routes build a Feed from services' data; rss.ts, atom.ts and json-feed.ts render the same Feed,
 * so every format carries the same items, ids and dates. All URLs in a Feed are absolute and all times ISO-8601 UTC.
 */
export type FeedFormat = 'rss' | 'atom' | 'json';

export const FEED_FORMATS: readonly FeedFormat[] = ['rss', 'atom', 'json'];

export const FEED_CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  json: 'application/feed+json',
};

const FORMAT_NAMES: Record<FeedFormat, string> = { rss: 'RSS', atom: 'Atom', json: 'JSON Feed' };

export interface FeedPerson {
  name: string;
  url?: string;
}

export interface FeedItem {
  /** Never changes for the same item, whatever else does (slug, date, title): readers dedupe by it. */
  id: string;
  url: string;
  title: string;
  published: string;
  updated: string;
  authors: FeedPerson[];
  /** Plain text. */
  summary: string;
  /** Full HTML content with absolute URLs, or null when the feed carries summaries only. */
  contentHtml: string | null;
  categories: string[];
  /** A lead image (absolute URL). */
  image?: string;
}

/** An image with its size in pixels; the URL is absolute. */
export interface FeedImage {
  url: string;
  width: number;
  height: number;
}

export interface Feed {
  title: string;
  description: string;
  /** The HTML page this feed is about. */
  homePageUrl: string;
  /** This feed's own address in each format: each renderer names its own as "self" and may link the others. */
  urls: Record<FeedFormat, string>;
  /** BCP 47 language tag. */
  language: string;
  /** When anything in the feed last changed: the newest item's update (or now, for an empty feed). */
  updated: string;
  /** Who publishes the feed (Atom requires an author when an entry has none). */
  publisher: FeedPerson;
  /** The publisher logo: each format puts it where its shape fits (see isSquarish). */
  logo?: FeedImage;
  items: FeedItem[];
}

/**
 * Square enough for the places that want a 1:1 image (Atom's icon, JSON Feed's icon): width over height within
 * 0.9–1.1, so a logo cropped a few pixels off square still counts.
 */
export function isSquarish(image: FeedImage): boolean {
  const ratio = image.width / image.height;
  return ratio >= 0.9 && ratio <= 1.1;
}

/** A feed's three addresses from the path it hangs off: `/section/world/` -> `/section/world/feed/`, `…/feed/atom/`, `…/feed/json/`. */
export function feedUrls(siteUrl: string, basePath: string): Record<FeedFormat, string> {
  const rss = `${siteUrl}${basePath}feed/`;
  return { rss, atom: `${rss}atom/`, json: `${rss}json/` };
}

/** A `<link rel="alternate">` for autodiscovery. */
export interface FeedLink {
  type: string;
  href: string;
  title: string;
}

/** Autodiscovery links for the three formats of one feed. */
export function feedLinks(siteUrl: string, basePath: string, title: string): FeedLink[] {
  const urls = feedUrls(siteUrl, basePath);
  return FEED_FORMATS.map((format) => ({ type: FEED_CONTENT_TYPES[format], href: urls[format], title: `${title} (${FORMAT_NAMES[format]})` }));
}

/** The id of an article in every feed: the WordPress-style `/?p=ID` address, which never changes and still resolves. */
export function articleGuid(siteUrl: string, articleId: number): string {
  return `${siteUrl}/?p=${articleId}`;
}

/** A comment's id: its article's id plus the comment's (WordPress's form), so it survives the article moving. */
export function commentGuid(siteUrl: string, articleId: number, commentId: number): string {
  return `${articleGuid(siteUrl, articleId)}#comment-${commentId}`;
}

/** The newest of the items' updates, or `fallback` for an empty feed. */
export function newestUpdate(items: { updated: string }[], fallback: string): string {
  return items.reduce<string | null>((max, item) => (!max || item.updated > max ? item.updated : max), null) ?? fallback;
}

/** Resolves a path against the site (absolute URLs pass through). */
export function absoluteUrl(siteUrl: string, url: string): string {
  if (url.startsWith('/') && !url.startsWith('//')) return siteUrl + url;
  return url;
}

/**
 * Makes root-relative URLs in sanitised HTML absolute (src, href, cite, srcset): a feed reader shows the content on
 * another site, where `/media/…` would point nowhere. Other URLs (absolute, mailto:, fragments) are left alone.
 */
export function absolutizeHtml(html: string, siteUrl: string): string {
  return html.replace(/\b(src|href|cite|srcset)="([^"]*)"/gi, (_all, name: string, value: string) => {
    if (name.toLowerCase() === 'srcset') {
      const rewritten = value
        .split(',')
        .map((candidate) => candidate.replace(/^(\s*)(\S+)/, (_m, space: string, url: string) => space + absoluteUrl(siteUrl, url)))
        .join(',');
      return `${name}="${rewritten}"`;
    }
    return `${name}="${absoluteUrl(siteUrl, value)}"`;
  });
}

/** Plain text cut to at most `max` characters at a word boundary, with an ellipsis when cut. */
export function excerpt(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–-]+$/, '')}…`;
}
