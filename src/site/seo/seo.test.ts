import { describe, expect, it } from 'vitest';
import type { Article } from '../../news/articles/article.types.js';
import type { SiteChrome } from '../views/chrome.js';
import { headTags, LOGO } from './head.js';
import { jsonLdText } from './json-ld.js';
import { archivePageMeta, articlePageMeta, frontPageMeta, sectionTrail, staticPageMeta } from './page-meta.js';

const SITE = 'https://news.example';

const chrome: SiteChrome = {
  siteTitle: 'The Daily',
  tagline: 'News & views',
  language: 'en',
  timeZone: 'UTC',
  dateFormat: 'long',
  siteUrl: SITE,
  sections: [{ slug: 'world', name: 'World', children: [{ slug: 'americas', name: 'Americas', children: [] }] }],
  pages: [],
  assets: { css: '/assets/site.css', icon: '/assets/favicon.svg', logo: '/assets/logo.abc.png' },
  logo: null,
  noindexPaginatedArchives: true,
  now: '2026-02-09T12:00:00.000Z',
};

const article: Article = {
  id: 7,
  slug: 'a',
  title: 'Talks </script><script>alert(1)</script> resume',
  standfirst: 'Both sides meet.',
  status: 'published',
  visibility: 'public',
  pinned: false,
  publishedAt: '2026-02-09T10:00:00.000Z',
  updatedAt: '2026-02-09T11:00:00.000Z',
  path: '/2026/02/09/a/',
  section: { id: 2, slug: 'americas', name: 'Americas' },
  authors: [{ id: 1, slug: 'ana', displayName: 'Ana' }],
  image: { url: '/media/a.jpg', alt: 'A table', caption: '', credit: '', width: 1200, height: 675 },
  commentCount: 0,
  body: '<p>Body.</p>',
  createdAt: '2026-02-09T09:00:00.000Z',
  sections: [
    { id: 2, slug: 'americas', name: 'Americas' },
    { id: 3, slug: 'politics', name: 'Politics' },
  ],
  tags: [{ id: 1, slug: 'diplomacy', name: 'Diplomacy' }],
  commentsOpen: true,
  seoTitle: '',
  seoDescription: '',
  seoCanonical: '',
  seoNoindex: false,
  version: 2,
  locked: false,
};

const metaMap = (tags: ReturnType<typeof headTags>['meta']) =>
  tags.reduce<Record<string, string[]>>((map, tag) => {
    const key = 'property' in tag ? tag.property : tag.name;
    (map[key] ??= []).push(tag.content);
    return map;
  }, {});

describe('JSON-LD embedding', () => {
  it('escapes everything that could end or bend a script element, and parses back to the same data', () => {
    const data = { name: '</script><!-- & <b>\u2028\u2029' };
    const text = jsonLdText(data);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(text).toContain('\\u003c/script\\u003e\\u003c!-- \\u0026');
    expect(JSON.parse(text)).toEqual(data);
  });
});

describe('page metadata', () => {
  it('describes an article: Open Graph article with its image, NewsArticle and breadcrumbs with the section’s ancestors', () => {
    const meta = articlePageMeta(chrome, article);
    const head = headTags(chrome, meta);
    const tags = metaMap(head.meta);
    expect(head.canonical).toBe(`${SITE}/2026/02/09/a/`);
    expect(head.description).toBe('Both sides meet.');
    expect(tags['og:type']).toEqual(['article']);
    expect(tags['og:url']).toEqual([`${SITE}/2026/02/09/a/`]);
    expect(tags['og:image']).toEqual([`${SITE}/media/a.jpg`]);
    expect(tags['og:image:width']).toEqual(['1200']);
    expect(tags['og:image:height']).toEqual(['675']);
    expect(tags['og:image:alt']).toEqual(['A table']);
    expect(tags['twitter:card']).toEqual(['summary_large_image']);
    expect(tags['article:published_time']).toEqual(['2026-02-09T10:00:00.000Z']);
    expect(tags['article:section']).toEqual(['Americas']);
    expect(tags['article:tag']).toEqual(['Diplomacy']);
    expect(head.feeds.map((f) => f.href)).toContain(`${SITE}/2026/02/09/a/comments/feed/atom/`);

    const [news, crumbs] = head.jsonLd.map((text) => JSON.parse(text) as Record<string, unknown>);
    expect(news).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: article.title,
      datePublished: '2026-02-09T10:00:00.000Z',
      dateModified: '2026-02-09T11:00:00.000Z',
      author: [{ '@type': 'Person', name: 'Ana', url: `${SITE}/author/ana/` }],
      image: [`${SITE}/media/a.jpg`],
      publisher: { '@type': 'Organization', name: 'The Daily', logo: { '@type': 'ImageObject', url: `${SITE}/assets/logo.abc.png`, width: LOGO.width } },
      articleSection: ['Americas', 'Politics'],
      keywords: ['Diplomacy'],
      mainEntityOfPage: { '@type': 'WebPage', '@id': `${SITE}/2026/02/09/a/` },
    });
    expect(
      (crumbs as { itemListElement: { name: string; item: string; position: number }[] }).itemListElement.map((c) => [c.position, c.name, c.item]),
    ).toEqual([
      [1, 'Home', `${SITE}/`],
      [2, 'World', `${SITE}/section/world/`],
      [3, 'Americas', `${SITE}/section/americas/`],
      [4, article.title, `${SITE}/2026/02/09/a/`],
    ]);
  });

  it('names the canonical URL a story declares, and asks not to be indexed when it says so', () => {
    const plain = headTags(chrome, articlePageMeta(chrome, article));
    expect(plain.robots).toBeNull();
    const declared = headTags(chrome, articlePageMeta(chrome, { ...article, seoCanonical: 'https://partner.example/original/', seoNoindex: true }));
    expect(declared.canonical).toBe('https://partner.example/original/');
    expect(metaMap(declared.meta)['og:url']).toEqual(['https://partner.example/original/']);
    expect(declared.robots).toBe('noindex, follow');
  });

  it('falls back to the publisher logo and a small card when a page has no image, and to the tagline for a description', () => {
    const head = headTags(chrome, { title: 'Somewhere', canonicalPath: '/somewhere/' });
    const tags = metaMap(head.meta);
    expect(head.description).toBe('News & views');
    expect(tags['og:type']).toEqual(['website']);
    expect(tags['og:image']).toEqual([`${SITE}/assets/logo.abc.png`]);
    expect(tags['og:image:width']).toEqual([String(LOGO.width)]);
    expect(tags['twitter:card']).toEqual(['summary']);
    expect(head.title).toBe('Somewhere – The Daily');
    expect(head.robots).toBeNull();
    expect(head.feeds.map((f) => f.href)).toEqual([`${SITE}/feed/`, `${SITE}/feed/atom/`, `${SITE}/feed/json/`]);
    const noImageArticle = metaMap(headTags(chrome, articlePageMeta(chrome, { ...article, image: null })).meta);
    expect(noImageArticle['twitter:card']).toEqual(['summary']);
  });

  it('gives the front page WebSite with a SearchAction, and the publisher', () => {
    const [site, org] = headTags(chrome, frontPageMeta(chrome)).jsonLd.map((text) => JSON.parse(text) as Record<string, unknown>);
    expect(site).toMatchObject({
      '@type': 'WebSite',
      url: `${SITE}/`,
      name: 'The Daily',
      potentialAction: {
        '@type': 'SearchAction',
        target: { '@type': 'EntryPoint', urlTemplate: `${SITE}/search?q={search_term_string}` },
        'query-input': 'required name=search_term_string',
      },
    });
    expect(org).toMatchObject({ '@type': 'Organization', logo: { url: `${SITE}/assets/logo.abc.png` } });
  });

  it("uses the site's own logo (a setting) as the publisher logo and the image of pages without one", () => {
    const withLogo = { ...chrome, logo: { url: '/media/2026/11/ab/original.png', srcset: '', width: 600, height: 60 } };
    const org = headTags(withLogo, frontPageMeta(withLogo)).jsonLd.map((text) => JSON.parse(text) as Record<string, unknown>)[1];
    expect(org).toMatchObject({ logo: { '@type': 'ImageObject', url: `${SITE}/media/2026/11/ab/original.png`, width: 600, height: 60 } });
    const news = JSON.parse(headTags(withLogo, articlePageMeta(withLogo, article)).jsonLd[0]!) as { publisher: { logo: unknown } };
    expect(news.publisher.logo).toMatchObject({ url: `${SITE}/media/2026/11/ab/original.png`, width: 600, height: 60 });
    const tags = metaMap(headTags(withLogo, { title: 'Somewhere', canonicalPath: '/somewhere/' }).meta);
    expect(tags['og:image']).toEqual([`${SITE}/media/2026/11/ab/original.png`]);
    expect(tags['og:image:alt']).toEqual(['The Daily']);
  });

  it('marks archive pages after the first noindex while the setting is on, and gives section archives breadcrumbs', () => {
    const input = { name: 'Americas', description: '', basePath: '/section/americas/', canonicalPath: '/section/americas/page/2/', page: 2 };
    expect(archivePageMeta(chrome, input).noindex).toBe(true);
    expect(archivePageMeta(chrome, { ...input, page: 1, canonicalPath: '/section/americas/' }).noindex).toBe(false);
    expect(archivePageMeta({ ...chrome, noindexPaginatedArchives: false }, input).noindex).toBe(false);
    expect(headTags(chrome, archivePageMeta(chrome, input)).robots).toBe('noindex, follow');
    expect(archivePageMeta(chrome, input).structuredData).toEqual([]);
    const withTrail = archivePageMeta(chrome, { ...input, trail: [{ name: 'World', path: '/section/world/' }] });
    const crumbs = withTrail.structuredData![0] as { itemListElement: { name: string }[] };
    expect(crumbs.itemListElement.map((c) => c.name)).toEqual(['Home', 'World', 'Americas']);
    expect(withTrail.feeds?.[0]).toEqual({ type: 'application/rss+xml', href: `${SITE}/section/americas/feed/`, title: 'Americas – The Daily (RSS)' });
  });

  it('finds a section’s ancestors in the menu tree and describes static pages from their text', () => {
    expect(sectionTrail(chrome.sections, 'americas').map((s) => s.slug)).toEqual(['world', 'americas']);
    expect(sectionTrail(chrome.sections, 'nowhere')).toEqual([]);
    expect(staticPageMeta(chrome, { slug: 'about', title: 'About', body: '<p>We <b>report</b> &amp; explain.</p>' }).description).toBe('We report & explain.');
  });
});
