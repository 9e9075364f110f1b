import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ANONYMOUS_READER } from '../../news/articles/article.types.js';
import { feedLogo } from '../chrome-loader.js';
import { absolutizeHtml, commentGuid, excerpt, type Feed, type FeedItem, feedUrls, newestUpdate } from '../feeds/feed.js';
import { FORMAT_SUFFIXES, sendFeed } from '../feeds/send-feed.js';
import { normalizeSlug } from '../../news/shared/slug.js';
import { ArticleParams, requestedArticlePath } from '../site.schemas.js';
import type { SiteDeps } from '../deps.js';

const FEED_SIZE = 30;

/**
 * Feeds of approved comments, the whole site's and one per article, through the same Feed model and renderers as
 * the story feeds: `/comments/feed/` and `{article}comments/feed/`, each also in Atom (`atom/`) and JSON (`json/`).
 */
export const commentFeedRoutes: FastifyPluginAsyncTypebox<SiteDeps> = async (app, deps) => {
  const { services, siteUrl } = deps;

  async function buildFeed(head: Pick<Feed, 'title' | 'description'> & { homePath: string; basePath: string }, articleId?: number): Promise<Feed> {
    const [comments, settings] = await Promise.all([services.comments.latestApproved(FEED_SIZE, articleId), services.settings.get()]);
    const articleIds = [...new Set(comments.map((c) => c.article_id))];
    // Only public stories ('open'): the comments of a private or protected story are never in a feed.
    const articles = new Map((await services.articles.publishedSummaries(articleIds)).map((a) => [a.id, a]));
    const items = comments.flatMap((comment): FeedItem[] => {
      const article = articles.get(comment.article_id);
      if (!article) return [];
      return [
        {
          id: commentGuid(siteUrl, article.id, comment.id),
          url: `${siteUrl}${article.path}#comment-${comment.id}`,
          title: `Comment on “${article.title}” by ${comment.author_name}`,
          published: comment.created_at,
          updated: comment.updated_at,
          authors: [{ name: comment.author_name }],
          summary: excerpt(comment.body, 300),
          contentHtml: absolutizeHtml(comment.body_html, siteUrl),
          categories: [],
        },
      ];
    });
    return {
      ...head,
      homePageUrl: siteUrl + head.homePath,
      urls: feedUrls(siteUrl, head.basePath),
      language: settings.language,
      updated: newestUpdate(items, services.clock.now().toISOString()),
      publisher: { name: settings.siteTitle, url: `${siteUrl}/` },
      logo: await feedLogo(services, deps.assets, siteUrl),
      items,
    };
  }

  for (const [format, suffix] of FORMAT_SUFFIXES) {
    app.get(`/comments/feed/${suffix}`, async (request, reply) => {
      const { siteTitle } = await services.settings.get();
      const feed = await buildFeed({
        title: `Comments on ${siteTitle}`,
        description: `The latest reader comments on ${siteTitle}`,
        homePath: '/',
        basePath: '/comments/',
      });
      return sendFeed(request, reply, feed, format);
    });

    app.get(`/:year/:month/:day/:slug/comments/feed/${suffix}`, { schema: { params: ArticleParams } }, async (request, reply) => {
      // Feeds are read by no one in particular: a private story is missing, a protected one has no comment feed.
      const article = await services.articles.forReader({ slug: normalizeSlug(request.params.slug) }, ANONYMOUS_READER);
      if (!article || article.locked) return reply.callNotFound();
      if (requestedArticlePath(request.params) !== article.path) return reply.redirect(`${article.path}comments/feed/${suffix}`, 301);
      const feed = await buildFeed(
        {
          title: `Comments on “${article.title}”`,
          description: `Reader comments on “${article.title}”`,
          homePath: article.path,
          basePath: `${article.path}comments/`,
        },
        article.id,
      );
      return sendFeed(request, reply, feed, format);
    });
  }
};
