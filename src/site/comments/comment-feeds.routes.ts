import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { renderRss, type RssFeed } from '../feeds/rss.js';
import { ArticleParams } from '../site.schemas.js';
import type { SiteDeps } from '../site.routes.js';

const FEED_SIZE = 30;

/** RSS feeds of approved comments: the whole site's, and one per article. */
export const commentFeedRoutes: FastifyPluginAsyncTypebox<SiteDeps> = async (app, deps) => {
  const { services, siteUrl } = deps;

  async function feedOf(articleId?: number): Promise<Omit<RssFeed, 'title' | 'link' | 'selfUrl' | 'description'>> {
    const [comments, settings] = await Promise.all([services.comments.latestApproved(FEED_SIZE, articleId), services.settings.get()]);
    const articleIds = [...new Set(comments.map((c) => c.article_id))];
    const articles = new Map((await services.articles.latest(articleIds.length || 1, { ids: articleIds })).map((a) => [a.id, a]));
    const items = comments.flatMap((comment) => {
      const article = articles.get(comment.article_id);
      if (!article) return [];
      const link = `${siteUrl}${article.path}#comment-${comment.id}`;
      return [
        {
          title: `Comment on “${article.title}” by ${comment.author_name}`,
          link,
          guid: link,
          guidIsPermaLink: true,
          published: comment.created_at,
          creator: comment.author_name,
          html: comment.body_html,
        },
      ];
    });
    return { language: settings.language, items };
  }

  function sendRss(reply: FastifyReply, feed: RssFeed) {
    return reply.type('application/rss+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(renderRss(feed));
  }

  app.get('/comments/feed/', async (_request, reply) => {
    const { siteTitle } = await services.settings.get();
    return sendRss(reply, {
      ...(await feedOf()),
      title: `Comments on ${siteTitle}`,
      link: `${siteUrl}/`,
      selfUrl: `${siteUrl}/comments/feed/`,
      description: `The latest reader comments on ${siteTitle}`,
    });
  });

  app.get(
    '/:year/:month/:day/:slug/comments/feed/',
    { schema: { params: ArticleParams } },
    async (request, reply) => {
      const article = await services.articles.findPublishedBySlug(request.params.slug);
      if (!article) return reply.callNotFound();
      return sendRss(reply, {
        ...(await feedOf(article.id)),
        title: `Comments on “${article.title}”`,
        link: `${siteUrl}${article.path}`,
        selfUrl: `${siteUrl}${article.path}comments/feed/`,
        description: `Reader comments on “${article.title}”`,
      });
    },
  );
};
