import { parseFeed } from '@rowanmanning/feed-parser';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { describe, expect, it } from 'vitest';
import type { ArticleWithBody } from '../../news/articles/article.types.js';
import { articleFeedItem, articleSummary } from './article-feed.js';
import { renderAtom } from './atom.js';
import { absolutizeHtml, excerpt, type Feed, feedLinks, feedUrls } from './feed.js';
import { renderJsonFeed } from './json-feed.js';
import { renderRss, rfc822 } from './rss.js';

const SITE = 'https://news.example';

function feed(overrides: Partial<Feed> = {}): Feed {
  return {
    title: 'Tom & Jerry <News>',
    description: 'All the "news"',
    homePageUrl: `${SITE}/`,
    urls: feedUrls(SITE, '/'),
    language: 'en-GB',
    updated: '2026-02-09T12:00:00.000Z',
    publisher: { name: 'Tom & Jerry', url: `${SITE}/` },
    items: [
      {
        id: `${SITE}/?p=7`,
        url: `${SITE}/2026/02/09/a/`,
        title: 'A <b>bold</b> claim & more\u0001',
        published: '2026-02-09T11:00:00.000Z',
        updated: '2026-02-09T12:00:00.000Z',
        authors: [{ name: 'Ana', url: `${SITE}/author/ana/` }, { name: 'Bo' }],
        summary: 'Plain <text> & such',
        contentHtml: '<p>Hello <a href="https://x.example/?a=1&amp;b=2">there</a></p>',
        categories: ['World', 'R&D'],
      },
    ],
    ...overrides,
  };
}

describe('feed helpers', () => {
  it('makes root-relative URLs absolute and leaves the rest alone', () => {
    const html =
      '<p><a href="/a/">a</a> <a href="https://x.example/">x</a> <a href="//cdn.example/y">y</a> <a href="#top">t</a> <a href="mailto:a@b.c">m</a></p>' +
      '<img src="/m/1.png" srcset="/m/1.png 1x, /m/2.png 2x, https://x.example/3.png 3x" alt=""><blockquote cite="/source/">q</blockquote>';
    expect(absolutizeHtml(html, SITE)).toBe(
      `<p><a href="${SITE}/a/">a</a> <a href="https://x.example/">x</a> <a href="//cdn.example/y">y</a> <a href="#top">t</a> <a href="mailto:a@b.c">m</a></p>` +
        `<img src="${SITE}/m/1.png" srcset="${SITE}/m/1.png 1x, ${SITE}/m/2.png 2x, https://x.example/3.png 3x" alt=""><blockquote cite="${SITE}/source/">q</blockquote>`,
    );
  });

  it('cuts excerpts at a word boundary', () => {
    expect(excerpt('short', 10)).toBe('short');
    expect(excerpt('one two three four five', 12)).toBe('one two…');
    expect(excerpt('  spaced \n text ', 50)).toBe('spaced text');
  });

  it('names three formats for each feed, for autodiscovery', () => {
    expect(feedUrls(SITE, '/tag/x/')).toEqual({ rss: `${SITE}/tag/x/feed/`, atom: `${SITE}/tag/x/feed/atom/`, json: `${SITE}/tag/x/feed/json/` });
    expect(feedLinks(SITE, '/', 'Site').map((l) => `${l.type} ${l.title}`)).toEqual([
      'application/rss+xml Site (RSS)',
      'application/atom+xml Site (Atom)',
      'application/feed+json Site (JSON Feed)',
    ]);
  });

  it('formats RSS dates as RFC 822 in UTC', () => {
    expect(rfc822('2026-02-09T01:02:03.456Z')).toBe('Mon, 09 Feb 2026 01:02:03 +0000');
  });
});

describe('article feed items', () => {
  const article: ArticleWithBody = {
    id: 42,
    slug: 'a',
    title: 'A',
    standfirst: '',
    status: 'published',
    visibility: 'public',
    pinned: false,
    publishedAt: '2026-02-09T10:00:00.000Z',
    updatedAt: '2026-02-09T11:00:00.000Z',
    path: '/2026/02/09/a/',
    section: { id: 1, slug: 'world', name: 'World' },
    authors: [{ id: 3, slug: 'ana', displayName: 'Ana' }],
    image: null,
    commentCount: 0,
    body: `<p>${'word '.repeat(100)}</p><p><a href="/x/">x</a></p>`,
    seoDescription: '',
    tags: [
      { id: 1, slug: 'world', name: 'World' },
      { id: 2, slug: 'tech', name: 'Tech' },
    ],
  };

  it('uses the ?p= address as the id and summarises from the body when there is no standfirst', () => {
    const item = articleFeedItem(article, { siteUrl: SITE, fullContent: true });
    expect(item.id).toBe(`${SITE}/?p=42`);
    expect(item.url).toBe(`${SITE}/2026/02/09/a/`);
    expect(item.summary.length).toBeLessThanOrEqual(301);
    expect(item.summary).toMatch(/^word word .*…$/);
    expect(item.contentHtml).toContain(`<a href="${SITE}/x/">x</a>`);
    expect(item.categories).toEqual(['World', 'Tech']);
    expect(item.authors).toEqual([{ name: 'Ana', url: `${SITE}/author/ana/` }]);
    expect(articleFeedItem(article, { siteUrl: SITE, fullContent: false }).contentHtml).toBeNull();
    expect(articleSummary({ ...article, seoDescription: 'SEO', standfirst: 'Stand' })).toBe('SEO');
  });
});

describe('feed renderers', () => {
  it('renders RSS that parses back to the same fields, escaping text once and HTML in the description twice', () => {
    const xml = renderRss(feed());
    expect(xml).not.toContain('\u0001');
    expect(xml).toContain('<description>Plain &amp;lt;text&amp;gt; &amp;amp; such</description>');
    const parsed = parseFeed(xml);
    expect(parsed.title).toBe('Tom & Jerry <News>');
    const [item] = parsed.items;
    expect(item!.title).toBe('A <b>bold</b> claim & more');
    expect(item!.id).toBe(`${SITE}/?p=7`);
    expect(item!.content).toContain('<a href="https://x.example/?a=1&b=2">there</a>');
    expect(xml).toContain('<content:encoded>&lt;p&gt;Hello &lt;a href=&quot;https://x.example/?a=1&amp;amp;b=2&quot;&gt;');
    expect(item!.authors.map((a) => a.name)).toEqual(['Ana', 'Bo']);
    expect(item!.categories.map((c) => c.term)).toEqual(['World', 'R&D']);
  });

  it('renders Atom with the feed-level author and text summaries', () => {
    const xml = renderAtom(feed());
    const parsed = parseFeed(xml);
    expect(parsed.meta.type).toBe('atom');
    expect(parsed.authors[0]?.name).toBe('Tom & Jerry');
    expect(parsed.language).toBe('en-GB');
    expect(parsed.items[0]?.description).toBe('Plain <text> & such');
    expect(parsed.items[0]?.updated?.toISOString()).toBe('2026-02-09T12:00:00.000Z');
    expect(xml).toContain('<category term="R&amp;D"/>');
  });

  it('renders JSON Feed 1.1 with content_text when there is no HTML', () => {
    const json = JSON.parse(renderJsonFeed(feed({ items: feed().items.map((i) => ({ ...i, contentHtml: null })) })));
    const parsed = parseJsonFeed(json);
    expect(parsed.language).toBe('en-GB');
    expect(parsed.items?.[0]?.content_text).toBe('Plain <text> & such');
    expect(parsed.items?.[0]?.authors).toEqual([{ name: 'Ana', url: `${SITE}/author/ana/` }, { name: 'Bo' }]);
  });

  it('puts a square logo in Atom’s icon and JSON Feed’s icon, a wide one in Atom’s logo only, and sizes RSS’s image within 144 × 400', () => {
    const square = feed({ logo: { url: `${SITE}/media/square.png`, width: 500, height: 520 } });
    expect(parseAtomFeed(renderAtom(square))).toMatchObject({ icon: `${SITE}/media/square.png` });
    expect(parseAtomFeed(renderAtom(square)).logo).toBeUndefined();
    expect(parseFeed(renderAtom(square)).image?.url).toBe(`${SITE}/media/square.png`);
    expect(parseJsonFeed(JSON.parse(renderJsonFeed(square)))).toMatchObject({ icon: `${SITE}/media/square.png` });
    expect(parseRssFeed(renderRss(square)).image).toEqual({
      url: `${SITE}/media/square.png`,
      title: 'Tom & Jerry <News>',
      link: `${SITE}/`,
      width: 144,
      height: 150,
    });

    const wide = feed({ logo: { url: `${SITE}/media/wide.png`, width: 640, height: 120 } });
    expect(parseAtomFeed(renderAtom(wide))).toMatchObject({ logo: `${SITE}/media/wide.png` });
    expect(parseAtomFeed(renderAtom(wide)).icon).toBeUndefined();
    expect(parseFeed(renderAtom(wide)).image?.url).toBe(`${SITE}/media/wide.png`);
    const json = JSON.parse(renderJsonFeed(wide));
    expect(json).not.toHaveProperty('icon');
    expect(parseJsonFeed(json).title).toBe('Tom & Jerry <News>');
    expect(parseRssFeed(renderRss(wide)).image).toMatchObject({ url: `${SITE}/media/wide.png`, width: 144, height: 27 });

    // Small enough already: given as it is, never scaled up; a tall one is limited by its height.
    expect(parseRssFeed(renderRss(feed({ logo: { url: `${SITE}/s.png`, width: 88, height: 31 } }))).image).toMatchObject({ width: 88, height: 31 });
    expect(parseRssFeed(renderRss(feed({ logo: { url: `${SITE}/t.png`, width: 100, height: 1000 } }))).image).toMatchObject({ width: 40, height: 400 });
  });

  it('renders empty feeds that still parse', () => {
    for (const xml of [renderRss(feed({ items: [] })), renderAtom(feed({ items: [] }))]) expect(parseFeed(xml).items).toEqual([]);
    expect(JSON.parse(renderJsonFeed(feed({ items: [] }))).items).toEqual([]);
    expect(parseJsonFeed(JSON.parse(renderJsonFeed(feed({ items: [] })))).title).toBe('Tom & Jerry <News>');
  });
});
