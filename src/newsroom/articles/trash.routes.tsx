import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EditableArticle } from '../../news/editorial/editorial.service.js';
import type { NewsroomDeps } from '../deps.js';
import { requireStaff } from '../guard.js';
import { newsroomChrome, sendNewsroomHtml, sendNewsroomMessage } from '../render.js';
import { DeleteArticlePage } from '../views/DeleteArticlePage.js';
import { mayTrash } from './article-access.js';
import { loadArticle, sendForbidden } from './article-screens.js';
import { ArticleIdParams, CsrfOnlyBody } from './articles.schemas.js';

/**
 * The trash: restore, and delete for good (after a confirmation page, since nothing brings it back). Moving to the
 * trash is a button of the edit form (editing.routes.tsx); the list's Trash tab is the article list's.
 */
export const trashRoutes: FastifyPluginAsyncTypebox<NewsroomDeps> = async (app, deps) => {
  const { services } = deps;
  const guard = { onRequest: requireStaff('articles.write') };
  const formPost = { ...guard, preValidation: app.csrfProtection, schema: { params: ArticleIdParams, body: CsrfOnlyBody } };

  /** The article, if this user may manage it in the trash and it is there; otherwise null once the answer is sent. */
  async function loadTrashed(request: FastifyRequest, reply: FastifyReply, id: number): Promise<EditableArticle | null> {
    const article = await loadArticle(services, request, reply, id);
    if (!article) return null;
    if (!mayTrash(request.staff!, article)) {
      await sendForbidden(request, reply);
      return null;
    }
    if (article.trashedAt === null) {
      await sendNewsroomMessage(request, reply, 409, {
        title: 'Not in the trash',
        message: 'This article is not in the trash (someone may have restored it already).',
        links: [{ href: `/newsroom/articles/${article.id}/edit`, label: 'Open the article' }],
      });
      return null;
    }
    return article;
  }

  app.post('/newsroom/articles/:id/restore-from-trash', formPost, async (request, reply) => {
    const article = await loadTrashed(request, reply, request.params.id);
    if (!article) return reply;
    await services.editorial.restore(article.id, { userId: request.staff!.id, ip: request.ip });
    return reply.redirect(`/newsroom/articles/${article.id}/edit?saved=untrashed`, 303);
  });

  app.get('/newsroom/articles/:id/delete', { ...guard, schema: { params: ArticleIdParams } }, async (request, reply) => {
    const article = await loadTrashed(request, reply, request.params.id);
    if (!article) return reply;
    const [item] = await services.editorial.list({ trashed: true, ids: [article.id] });
    return sendNewsroomHtml(reply, <DeleteArticlePage chrome={newsroomChrome(request, reply)} article={article} commentCount={item?.commentCount ?? 0} />);
  });

  app.post('/newsroom/articles/:id/delete', formPost, async (request, reply) => {
    const article = await loadTrashed(request, reply, request.params.id);
    if (!article) return reply;
    await services.editorial.deletePermanently(article.id, { userId: request.staff!.id, ip: request.ip });
    return reply.redirect(`/newsroom/articles?status=trash&done=${encodeURIComponent('Deleted for good.')}`, 303);
  });
};
