import { absoluteUrl, type FeedLink, feedLinks } from '../feeds/feed.js';
import type { PageMeta, SiteChrome } from '../views/chrome.js';
import { jsonLdText } from './json-ld.js';

/** The default publisher logo shipped in assets/logo.png (used until the site's own logo is set). */
export const LOGO = { width: 512, height: 512, alt: '' } as const;

/** The publisher logo, absolute: the site's logo (a setting) or the default PNG. */
export function publisherLogo(chrome: Pick<SiteChrome, 'siteUrl' | 'logo'> & { assets: Pick<SiteChrome['assets'], 'logo'> }): {
  url: string;
  width: number;
  height: number;
} {
  if (chrome.logo) return { url: absoluteUrl(chrome.siteUrl, chrome.logo.url), width: chrome.logo.width, height: chrome.logo.height };
  return { url: chrome.siteUrl + chrome.assets.logo, width: LOGO.width, height: LOGO.height };
}

/** A `<meta>` element: Open Graph uses `property`, everything else `name`. */
export type MetaTag = { property: string; content: string } | { name: string; content: string };

/** Everything a page's `<head>` says about it, as data: Layout only renders this. */
export interface HeadTags {
  title: string;
  description: string;
  canonical: string;
  robots: string | null;
  feeds: FeedLink[];
  meta: MetaTag[];
  /** JSON text, already escaped for embedding in a script element. */
  jsonLd: string[];
}

/** The document title: the page's, then the site's ("Headline – Dateline"), or the site's alone. */
export function documentTitle(chrome: Pick<SiteChrome, 'siteTitle'>, meta: Pick<PageMeta, 'title'>): string {
  return meta.title === chrome.siteTitle ? chrome.siteTitle : `${meta.title} – ${chrome.siteTitle}`;
}

/** The site's own feeds, linked from every page. */
export function siteFeedLinks(chrome: Pick<SiteChrome, 'siteUrl' | 'siteTitle'>): FeedLink[] {
  return feedLinks(chrome.siteUrl, '/', chrome.siteTitle);
}

export function headTags(chrome: SiteChrome, meta: PageMeta): HeadTags {
  const canonical = meta.canonicalUrl || chrome.siteUrl + meta.canonicalPath;
  const description = meta.description || chrome.tagline;
  const image = meta.image ? { ...meta.image, url: absoluteUrl(chrome.siteUrl, meta.image.url) } : { ...publisherLogo(chrome), alt: chrome.siteTitle };
  const og = (property: string, content: string | number | null | undefined): MetaTag[] =>
    content === null || content === undefined || content === '' ? [] : [{ property, content: String(content) }];
  const article = meta.article;
  const tags: MetaTag[] = [
    ...og('og:type', meta.ogType ?? 'website'),
    ...og('og:site_name', chrome.siteTitle),
    ...og('og:title', meta.title),
    ...og('og:description', description),
    ...og('og:url', canonical),
    ...og('og:image', image.url),
    ...og('og:image:width', image.width),
    ...og('og:image:height', image.height),
    ...og('og:image:alt', image.alt),
    ...(article
      ? [
          ...og('article:published_time', article.publishedTime),
          ...og('article:modified_time', article.modifiedTime),
          ...og('article:section', article.section),
          ...article.authors.flatMap((url) => og('article:author', url)),
          ...article.tags.flatMap((tag) => og('article:tag', tag)),
        ]
      : []),
    // A large card only for a page's own image; the square logo fits the small one.
    { name: 'twitter:card', content: meta.image ? 'summary_large_image' : 'summary' },
  ];
  const siteFeeds = siteFeedLinks(chrome);
  const extraFeeds = (meta.feeds ?? []).filter((feed) => !siteFeeds.some((site) => site.href === feed.href));
  return {
    title: documentTitle(chrome, meta),
    description,
    canonical,
    robots: meta.noindex ? (meta.nofollow ? 'noindex, nofollow' : 'noindex, follow') : null,
    feeds: [...siteFeeds, ...extraFeeds],
    meta: tags,
    jsonLd: (meta.structuredData ?? []).map(jsonLdText),
  };
}
