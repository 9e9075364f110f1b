/**
 * Schema.org structured data as plain objects (JSON-LD), and the one safe way to put it in a page. Pure functions:
 * the page-meta builders decide which objects a page gets; Layout renders them.
 */

export type JsonLd = Record<string, unknown>;

const CONTEXT = 'https://schema.org';

/**
 * JSON text that is safe inside `<script type="application/ld+json">`: no `<`, `>` or `&` (so no `</script>` or
 * `<!--` can end or bend the block) and no U+2028/U+2029. JSON parsers read the \u escapes back as the same text.
 */
export function jsonLdText(data: JsonLd): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export interface Publisher {
  name: string;
  url: string;
  logo: { url: string; width: number; height: number };
}

export function organizationLd(publisher: Publisher): JsonLd {
  return {
    '@context': CONTEXT,
    '@type': 'Organization',
    name: publisher.name,
    url: publisher.url,
    logo: { '@type': 'ImageObject', url: publisher.logo.url, width: publisher.logo.width, height: publisher.logo.height },
  };
}

/** The site, with a SearchAction so search engines can offer a search box that lands on /search. */
export function webSiteLd(input: { name: string; url: string; description: string; language: string; searchUrlTemplate: string }): JsonLd {
  return {
    '@context': CONTEXT,
    '@type': 'WebSite',
    name: input.name,
    url: input.url,
    description: input.description,
    inLanguage: input.language,
    potentialAction: {
      '@type': 'SearchAction',
      target: { '@type': 'EntryPoint', urlTemplate: input.searchUrlTemplate },
      'query-input': 'required name=search_term_string',
    },
  };
}

export interface NewsArticleInput {
  url: string;
  headline: string;
  description: string;
  datePublished: string | null;
  dateModified: string;
  authors: { name: string; url: string }[];
  /** Absolute image URLs. */
  images: string[];
  sections: string[];
  keywords: string[];
  language: string;
  publisher: Publisher;
}

export function newsArticleLd(input: NewsArticleInput): JsonLd {
  const { logo, ...publisher } = input.publisher;
  return {
    '@context': CONTEXT,
    '@type': 'NewsArticle',
    mainEntityOfPage: { '@type': 'WebPage', '@id': input.url },
    url: input.url,
    headline: input.headline,
    ...(input.description ? { description: input.description } : {}),
    ...(input.images.length ? { image: input.images } : {}),
    ...(input.datePublished ? { datePublished: input.datePublished } : {}),
    dateModified: input.dateModified,
    author: input.authors.map((author) => ({ '@type': 'Person', name: author.name, url: author.url })),
    publisher: {
      '@type': 'Organization',
      ...publisher,
      logo: { '@type': 'ImageObject', url: logo.url, width: logo.width, height: logo.height },
    },
    ...(input.sections.length ? { articleSection: input.sections.length === 1 ? input.sections[0] : input.sections } : {}),
    ...(input.keywords.length ? { keywords: input.keywords } : {}),
    inLanguage: input.language,
  };
}

/** A trail of pages from the home page down, each with its absolute URL. */
export function breadcrumbLd(crumbs: { name: string; url: string }[]): JsonLd {
  return {
    '@context': CONTEXT,
    '@type': 'BreadcrumbList',
    itemListElement: crumbs.map((crumb, index) => ({ '@type': 'ListItem', position: index + 1, name: crumb.name, item: crumb.url })),
  };
}
