import type { Article } from '../../news/articles/article.types.js';
import { bodyText } from '../../news/articles/body-sanitizer.js';
import type { StaticPage } from '../../news/pages/page.service.js';
import { authorPath, sectionPath, staticPagePath } from '../../news/shared/paths.js';
import { articleSummary } from '../feeds/article-feed.js';
import { absoluteUrl, excerpt, feedLinks } from '../feeds/feed.js';
import type { NavSection, PageMeta, SiteChrome } from '../views/chrome.js';
import { publisherLogo } from './head.js';
import { type JsonLd, type Publisher, breadcrumbLd, newsArticleLd, organizationLd, webSiteLd } from './json-ld.js';

/**
 * What each kind of page says about itself to search engines and link previews: title, description, canonical path,
 * robots, feeds, Open Graph and structured data. Pure functions of the data the page already has.
 */

const DESCRIPTION_LENGTH = 160;

export interface Crumb {
  name: string;
  path: string;
}

export function publisherOf(chrome: SiteChrome): Publisher {
  return {
    name: chrome.siteTitle,
    url: `${chrome.siteUrl}/`,
    logo: publisherLogo(chrome),
  };
}

/** The sections from the root down to the one with this slug (for breadcrumbs), or [] when it is not in the menu tree. */
export function sectionTrail(sections: NavSection[], slug: string): NavSection[] {
  for (const node of sections) {
    if (node.slug === slug) return [node];
    const below = sectionTrail(node.children, slug);
    if (below.length) return [node, ...below];
  }
  return [];
}

function breadcrumbs(chrome: SiteChrome, crumbs: Crumb[]): JsonLd {
  return breadcrumbLd([{ name: 'Home', path: '/' }, ...crumbs].map((crumb) => ({ name: crumb.name, url: chrome.siteUrl + crumb.path })));
}

export function frontPageMeta(chrome: SiteChrome): PageMeta {
  const publisher = publisherOf(chrome);
  return {
    title: chrome.siteTitle,
    description: chrome.tagline,
    canonicalPath: '/',
    structuredData: [
      webSiteLd({
        name: chrome.siteTitle,
        url: `${chrome.siteUrl}/`,
        description: chrome.tagline,
        language: chrome.language,
        searchUrlTemplate: `${chrome.siteUrl}/search?q={search_term_string}`,
      }),
      organizationLd(publisher),
    ],
  };
}

export function articlePageMeta(chrome: SiteChrome, article: Article): PageMeta {
  const url = chrome.siteUrl + article.path;
  const description = articleSummary(article);
  const trail = article.section ? sectionTrail(chrome.sections, article.section.slug) : [];
  // A section missing from the menu tree still gets its own crumb.
  const sectionCrumbs = trail.length || !article.section ? trail : [{ slug: article.section.slug, name: article.section.name, children: [] }];
  const image = article.image ? { url: article.image.url, alt: article.image.alt, width: article.image.width, height: article.image.height } : null;
  const sections = [...new Set([...(article.section ? [article.section.name] : []), ...article.sections.map((s) => s.name)])];
  const authors = article.authors.map((author) => ({ name: author.displayName, url: chrome.siteUrl + authorPath(author.slug) }));
  return {
    title: article.seoTitle || article.title,
    description,
    canonicalPath: article.path,
    // What the story's SEO fields say (Yoast's and Rank Math's canonical and noindex, kept by imports).
    ...(article.seoCanonical ? { canonicalUrl: article.seoCanonical } : {}),
    noindex: article.seoNoindex,
    ogType: 'article',
    image,
    article: {
      publishedTime: article.publishedAt,
      modifiedTime: article.updatedAt,
      section: article.section?.name ?? null,
      tags: article.tags.map((tag) => tag.name),
      authors: authors.map((author) => author.url),
    },
    feeds: feedLinks(chrome.siteUrl, `${article.path}comments/`, `Comments on “${article.title}”`),
    structuredData: [
      newsArticleLd({
        url,
        headline: article.title,
        description,
        datePublished: article.publishedAt,
        dateModified: article.updatedAt,
        authors,
        images: image ? [absoluteUrl(chrome.siteUrl, image.url)] : [],
        sections,
        keywords: article.tags.map((tag) => tag.name),
        language: chrome.language,
        publisher: publisherOf(chrome),
      }),
      breadcrumbs(chrome, [
        ...sectionCrumbs.map((section) => ({ name: section.name, path: sectionPath(section.slug) })),
        { name: article.title, path: article.path },
      ]),
    ],
  };
}

export interface ArchiveMetaInput {
  /** The archive's name (section, tag or person). */
  name: string;
  description: string;
  basePath: string;
  /** Canonical path of this page of the archive. */
  canonicalPath: string;
  /** The page number; null for a keyset page (older stories, by cursor). */
  page: number | null;
  /** For sections: the sections above this one, root first; they make the archive's breadcrumb trail. */
  trail?: Crumb[];
}

export function archivePageMeta(chrome: SiteChrome, input: ArchiveMetaInput): PageMeta {
  const title = input.page === null ? `${input.name} (older stories)` : input.page > 1 ? `${input.name} (page ${input.page})` : input.name;
  const feedTitle = `${input.name} – ${chrome.siteTitle}`;
  return {
    title,
    description: input.description || `The latest stories: ${input.name}, from ${chrome.siteTitle}.`,
    canonicalPath: input.canonicalPath,
    noindex: input.page !== 1 && chrome.noindexPaginatedArchives,
    feeds: feedLinks(chrome.siteUrl, input.basePath, feedTitle),
    structuredData: input.trail ? [breadcrumbs(chrome, [...input.trail, { name: input.name, path: input.basePath }])] : [],
  };
}

export function staticPageMeta(chrome: SiteChrome, page: Pick<StaticPage, 'slug' | 'title' | 'body'>): PageMeta {
  return { title: page.title, description: excerpt(bodyText(page.body), DESCRIPTION_LENGTH) || undefined, canonicalPath: staticPagePath(page.slug) };
}
