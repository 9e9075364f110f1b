import { xmlEscape } from '../feeds/xml.js';

/**
 * Sitemap documents (sitemaps.org protocol 0.9) and the Google News extension. Pure functions of absolute URLs and
 * ISO times; the routes decide what goes in them.
 */

/**
 * How many URLs one sitemap file holds, and the protocol's byte limit (50 MB uncompressed). The protocol allows 50,000
 * URLs; Dateline serves 1,000 so that a file renders in a few milliseconds whatever the archive's size (a file's cost
 * is its URLs: reading them through the index and dating each path in the site's time zone, ~10 µs a URL), a month's
 * file is usually whole (a 100,000-story archive over ten years has ~830 a month) and a crawler refetches little when
 * one story changes. Routes read `maxUrls` on every request, so tests can lower it to exercise paging. With slugs of
 * at most 200 characters a full file stays far below the byte limit (see the tests), so files are paged by count.
 */
export const SITEMAP_LIMITS = { maxUrls: 1_000, maxBytes: 50 * 1024 * 1024 };

export const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
export const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';

export interface SitemapEntry {
  loc: string;
  lastmod?: string | null;
}

export interface NewsEntry {
  loc: string;
  title: string;
  publishedAt: string;
}

/** W3C Datetime at second precision in UTC (`2026-02-09T12:00:20Z`): what the sitemap schema and crawlers accept. */
export function w3cDate(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function lastmodLine(lastmod: string | null | undefined): string {
  return lastmod ? `<lastmod>${w3cDate(lastmod)}</lastmod>` : '';
}

/** A `<urlset>` of pages. */
export function renderUrlset(entries: SitemapEntry[]): string {
  const urls = entries.map((entry) => `\n  <url><loc>${xmlEscape(entry.loc)}</loc>${lastmodLine(entry.lastmod)}</url>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${SITEMAP_NS}">${urls}\n</urlset>\n`;
}

/** A `<sitemapindex>` listing child sitemaps. */
export function renderSitemapIndex(entries: SitemapEntry[]): string {
  const sitemaps = entries.map((entry) => `\n  <sitemap><loc>${xmlEscape(entry.loc)}</loc>${lastmodLine(entry.lastmod)}</sitemap>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="${SITEMAP_NS}">${sitemaps}\n</sitemapindex>\n`;
}

/** Google News wants an ISO 639 code; the only regional forms it takes are zh-cn and zh-tw. */
export function newsLanguage(languageTag: string): string {
  const tag = languageTag.toLowerCase();
  if (tag === 'zh-cn' || tag === 'zh-hans' || tag === 'zh-hans-cn') return 'zh-cn';
  if (tag === 'zh-tw' || tag === 'zh-hant' || tag === 'zh-hant-tw') return 'zh-tw';
  return tag.split('-')[0] ?? tag;
}

/** A Google News sitemap: the recent articles, each with its publication, date and title. */
export function renderNewsSitemap(entries: NewsEntry[], publication: { name: string; language: string }): string {
  const name = xmlEscape(publication.name);
  const language = xmlEscape(newsLanguage(publication.language));
  const urls = entries
    .map(
      (entry) => `
  <url>
    <loc>${xmlEscape(entry.loc)}</loc>
    <news:news>
      <news:publication>
        <news:name>${name}</news:name>
        <news:language>${language}</news:language>
      </news:publication>
      <news:publication_date>${w3cDate(entry.publishedAt)}</news:publication_date>
      <news:title>${xmlEscape(entry.title)}</news:title>
    </news:news>
  </url>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${SITEMAP_NS}" xmlns:news="${NEWS_NS}">${urls}\n</urlset>\n`;
}

/** A sitemap file's name for one page of a group: `tags.xml`, `tags-2.xml`, … */
export function sitemapFileName(group: string, page: number): string {
  return page === 1 ? `${group}.xml` : `${group}-${page}.xml`;
}

const FILE = /^(articles-\d{4}-(?:0[1-9]|1[0-2])|sections|tags|authors|pages)(?:-([2-9]|[1-9]\d+))?\.xml$/;

/** The group and page a sitemap file name stands for, or null (page 1 is only ever the name without a number). */
export function parseSitemapFileName(file: string): { group: string; page: number } | null {
  const match = FILE.exec(file);
  if (!match) return null;
  return { group: match[1]!, page: match[2] ? Number(match[2]) : 1 };
}

/** The newest of some ISO times, or null. */
export function newest(times: (string | null | undefined)[]): string | null {
  return times.reduce<string | null>((max, time) => (time && (!max || time > max) ? time : max), null);
}
