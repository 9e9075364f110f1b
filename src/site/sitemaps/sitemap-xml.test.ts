import { describe, expect, it } from 'vitest';
import { sitemapSchemasAvailable, xmllint, xmllintAvailable } from '../../../test/helpers/xmllint.js';
import {
  SITEMAP_LIMITS,
  newest,
  newsLanguage,
  parseSitemapFileName,
  renderNewsSitemap,
  renderSitemapIndex,
  renderUrlset,
  sitemapFileName,
  w3cDate,
} from './sitemap-xml.js';

describe('sitemap documents', () => {
  it('names and parses paged files, with page 1 only ever unnumbered', () => {
    expect(sitemapFileName('tags', 1)).toBe('tags.xml');
    expect(sitemapFileName('articles-2026-02', 3)).toBe('articles-2026-02-3.xml');
    expect(parseSitemapFileName('articles-2026-02-3.xml')).toEqual({ group: 'articles-2026-02', page: 3 });
    expect(parseSitemapFileName('articles-2026-02.xml')).toEqual({ group: 'articles-2026-02', page: 1 });
    expect(parseSitemapFileName('sections-12.xml')).toEqual({ group: 'sections', page: 12 });
    for (const bad of ['tags-1.xml', 'tags-0.xml', 'tags-02.xml', 'articles-2026-00.xml', 'articles-26-01.xml', 'news-2.xml', 'x.xml']) {
      expect(parseSitemapFileName(bad), bad).toBeNull();
    }
  });

  it('writes dates as W3C Datetime in UTC and picks the newest', () => {
    expect(w3cDate('2026-02-09T12:00:20.123Z')).toBe('2026-02-09T12:00:20Z');
    expect(newest(['2026-01-01T00:00:00.000Z', null, '2026-03-01T00:00:00.000Z', undefined])).toBe('2026-03-01T00:00:00.000Z');
    expect(newest([null])).toBeNull();
  });

  it('gives Google News an ISO 639 language code', () => {
    expect(newsLanguage('en-GB')).toBe('en');
    expect(newsLanguage('pt-BR')).toBe('pt');
    expect(newsLanguage('zh-TW')).toBe('zh-tw');
    expect(newsLanguage('zh-Hans')).toBe('zh-cn');
  });

  it('escapes URLs and titles and stays valid against the schemas', () => {
    const urlset = renderUrlset([{ loc: 'https://news.example/tag/r-d/?a=1&b=<2>', lastmod: '2026-02-09T12:00:00.000Z' }, { loc: 'https://news.example/' }]);
    expect(urlset).toContain('<loc>https://news.example/tag/r-d/?a=1&amp;b=&lt;2&gt;</loc><lastmod>2026-02-09T12:00:00Z</lastmod>');
    const index = renderSitemapIndex([{ loc: 'https://news.example/sitemaps/tags.xml', lastmod: '2026-02-09T12:00:00.000Z' }]);
    const news = renderNewsSitemap([{ loc: 'https://news.example/a/', title: 'Tom & <Jerry>', publishedAt: '2026-02-09T12:00:00.000Z' }], {
      name: 'The "Daily" & Co',
      language: 'en',
    });
    expect(news).toContain('<news:name>The &quot;Daily&quot; &amp; Co</news:name>');
    expect(news).toContain('<news:title>Tom &amp; &lt;Jerry&gt;</news:title>');
    if (!sitemapSchemasAvailable) return;
    expect(xmllint(urlset, 'sitemap.xsd').ok).toBe(true);
    expect(xmllint(index, 'siteindex.xsd').ok).toBe(true);
    expect(xmllint(news).ok).toBe(true);
    // The check has teeth: a bad date or an empty file fails the schema.
    expect(xmllint(urlset.replace('2026-02-09T12:00:00Z', '9 February 2026'), 'sitemap.xsd').ok).toBe(false);
    expect(xmllint(renderUrlset([]), 'sitemap.xsd').ok).toBe(false);
  });

  it('keeps a full file of the longest possible URLs under the 50 MB limit', () => {
    // Slugs are at most 200 characters; a long site URL and a dated path on top.
    const loc = `https://news.some-very-long-newspaper-domain.example/2026/02/09/${'a'.repeat(200)}/`;
    const xml = renderUrlset(Array.from({ length: SITEMAP_LIMITS.maxUrls }, () => ({ loc, lastmod: '2026-02-09T12:00:00.000Z' })));
    expect(Buffer.byteLength(xml)).toBeLessThan(SITEMAP_LIMITS.maxBytes);
    if (xmllintAvailable) expect(xmllint(xml).ok).toBe(true);
  });
});
