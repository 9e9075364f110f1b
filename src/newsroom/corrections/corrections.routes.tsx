import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MAX_CORRECTION_LENGTH } from '../../news/corrections/correction.service.js';
import { DomainError } from '../../news/shared/errors.js';
import { requireStaff } from '../guard.js';
import type { NewsroomDeps } from '../deps.js';
import { newsroomChrome, sendNewsroomHtml, sendNewsroomMessage } from '../render.js';
import { CorrectionsPage } from '../views/CorrectionsPage.js';

const Params = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Query = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });
const Body = Type.Object({ _csrf: Type.Optional(Type.String()), body: Type.String({ maxLength: 20_000 }) });

/**
 * /newsroom/articles/:id/corrections: an article's corrections and a form that appends one (editors and admins:
 * `corrections.manage`).
 */
export const correctionRoutes: FastifyPluginAsyncTypebox<NewsroomDeps> = async (app, deps) => {
  const { services } = deps;
  const guard = { onRequest: requireStaff('corrections.manage') };

  async function page(
    request: FastifyRequest,
    reply: FastifyReply,
    articleId: number,
    state: { body?: string; error?: string | null; notice?: string | null; status?: number } = {},
  ) {
    const article = await services.corrections.article(articleId);
    if (!article) return sendNewsroomMessage(request, reply, 404, { title: 'Not found', message: 'There is no such article; it may have been deleted.' });
    const corrections = await services.corrections.forArticle(articleId);
    return sendNewsroomHtml(
      reply,
      <CorrectionsPage
        chrome={newsroomChrome(request, reply)}
        article={article}
        corrections={corrections}
        csrfToken={reply.generateCsrf()}
        body={state.body ?? ''}
        error={state.error ?? null}
        notice={state.notice ?? null}
        maxLength={MAX_CORRECTION_LENGTH}
      />,
      state.status ?? 200,
    );
  }

  app.get('/newsroom/articles/:id/corrections', { ...guard, schema: { params: Params, querystring: Query } }, async (request, reply) =>
    page(request, reply, request.params.id, { notice: request.query.done === 'added' ? 'The correction was added.' : null }),
  );

  app.post(
    '/newsroom/articles/:id/corrections',
    { ...guard, preValidation: app.csrfProtection, schema: { params: Params, body: Body } },
    async (request, reply) => {
      const { id } = request.params;
      try {
        await services.corrections.add(id, request.body.body, { userId: request.staff!.id, ip: request.ip });
      } catch (error) {
        if (error instanceof DomainError && error.code === 'invalid') {
          return page(request, reply, id, { body: request.body.body, error: error.message, status: 422 });
        }
        throw error;
      }
      return reply.redirect(`/newsroom/articles/${id}/corrections?done=added`, 303);
    },
  );
};
