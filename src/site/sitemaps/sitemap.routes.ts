import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { type SectionNode, descendantIds, flattenTree } from '../../news/taxonomy/section-tree.js';
import { authorPath, sectionPath, staticPagePath, tagPath } from '../../news/shared/paths.js';
import { sendCacheable } from '../http-cache.js';
import type { SiteDeps } from '../deps.js';
import {
  SITEMAP_LIMITS,
  type SitemapEntry,
  newest,
  parseSitemapFileName,
  renderNewsSitemap,
  renderSitemapIndex,
  renderUrlset,
  sitemapFileName,
} from './sitemap-xml.js';

/** Google News takes articles from the last two days, at most 1,000 per sitemap. */
export const NEWS_WINDOW_HOURS = 48;
export const NEWS_MAX_ARTICLES = 1000;

const XML = 'application/xml; charset=utf-8';
const MAX_AGE = 300;

/**
 * Sitemaps and robots.txt. `/sitemap.xml` is an index of child sitemaps under `/sitemaps/`: articles by UTC month of
 * publication, sections (with the front page), tags, authors and static pages, each paged at SITEMAP_LIMITS.maxUrls.
 * `/sitemaps/news.xml` is the Google News sitemap. Every response carries validators and answers 304 when unchanged.
 */
export const sitemapRoutes: FastifyPluginAsyncTypebox<SiteDeps> = async (app, deps) => {
  const { services, siteUrl } = deps;
  const pagesOf = (count: number) => Math.ceil(count / SITEMAP_LIMITS.maxUrls);
  const offsetOf = (page: number) => (page - 1) * SITEMAP_LIMITS.maxUrls;

  function sendXml(request: FastifyRequest, reply: FastifyReply, body: string, lastModified: string | null) {
    return sendCacheable(request, reply, { body, type: XML, lastModified, maxAge: MAX_AGE });
  }

  /** The front page and every section, with the newest change among the stories each archive lists. */
  async function sectionEntries(): Promise<SitemapEntry[]> {
    const [tree, lastmods, front] = await Promise.all([services.taxonomy.sectionTree(), services.archive.sectionLastmods(), services.archive.newest()]);
    const lastmodOf = (node: SectionNode) => newest(descendantIds(node).map((id) => lastmods.get(id)));
    return [{ loc: `${siteUrl}/`, lastmod: front }, ...flattenTree(tree).map((node) => ({ loc: siteUrl + sectionPath(node.slug), lastmod: lastmodOf(node) }))];
  }

  app.get('/sitemap.xml', async (request, reply) => {
    const [overview, tree] = await Promise.all([services.archive.overview(), services.taxonomy.sectionTree()]);
    const children: SitemapEntry[] = [];
    const group = (name: string, count: number, lastmod: string | null) => {
      for (let page = 1; page <= pagesOf(count); page++) children.push({ loc: `${siteUrl}/sitemaps/${sitemapFileName(name, page)}`, lastmod });
    };
    // The front page and each section; their newest change is the newest of any public story (the front page's).
    group('sections', 1 + flattenTree(tree).length, overview.newest);
    for (const month of overview.months) group(`articles-${month.month}`, month.count, month.lastmod);
    group('tags', overview.tags.count, overview.tags.lastmod);
    group('authors', overview.authors.count, overview.authors.lastmod);
    group('pages', overview.pages.count, overview.pages.lastmod);
    return sendXml(request, reply, renderSitemapIndex(children), newest(children.map((c) => c.lastmod)));
  });

  app.get('/sitemaps/news.xml', async (request, reply) => {
    const [settings, articles] = await Promise.all([services.settings.get(), services.archive.publishedInLast(NEWS_WINDOW_HOURS, NEWS_MAX_ARTICLES)]);
    const body = renderNewsSitemap(
      articles.map((article) => ({ loc: siteUrl + article.path, title: article.title, publishedAt: article.publishedAt })),
      { name: settings.siteTitle, language: settings.language },
    );
    return sendXml(request, reply, body, newest(articles.map((a) => a.updatedAt)));
  });

  app.get('/sitemaps/:file', { schema: { params: Type.Object({ file: Type.String({ maxLength: 100 }) }) } }, async (request, reply) => {
    const parsed = parseSitemapFileName(request.params.file);
    if (!parsed) return reply.callNotFound();
    const { group, page } = parsed;
    const limit = SITEMAP_LIMITS.maxUrls;
    let entries: SitemapEntry[];
    if (group.startsWith('articles-')) {
      const articles = await services.archive.articlesInMonth(group.slice('articles-'.length), offsetOf(page), limit);
      entries = articles.map((article) => ({ loc: siteUrl + article.path, lastmod: article.updatedAt }));
    } else if (group === 'sections') {
      entries = (await sectionEntries()).slice(offsetOf(page), offsetOf(page) + limit);
    } else {
      const list =
        group === 'tags'
          ? await services.archive.tags(offsetOf(page), limit)
          : group === 'authors'
            ? await services.archive.authors(offsetOf(page), limit)
            : await services.archive.pages(offsetOf(page), limit);
      const pathOf = group === 'tags' ? tagPath : group === 'authors' ? authorPath : staticPagePath;
      entries = list.map((item) => ({ loc: siteUrl + pathOf(item.slug), lastmod: item.lastmod }));
    }
    // The protocol wants at least one URL per file; an empty page is not a sitemap the index lists.
    if (!entries.length) return reply.callNotFound();
    return sendXml(request, reply, renderUrlset(entries), newest(entries.map((e) => e.lastmod)));
  });

  app.get('/robots.txt', async (request, reply) => {
    const body = [
      'User-agent: *',
      'Allow: /',
      'Disallow: /newsroom/',
      'Disallow: /search',
      '',
      `Sitemap: ${siteUrl}/sitemap.xml`,
      `Sitemap: ${siteUrl}/sitemaps/news.xml`,
      '',
    ].join('\n');
    return sendCacheable(request, reply, { body, type: 'text/plain; charset=utf-8', lastModified: null, maxAge: 3600 });
  });
};
