import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EditConflict } from '../../news/editorial/editorial.service.js';
import { can } from '../../news/staff/policy.js';
import type { NewsroomDeps } from '../deps.js';
import { requireStaff } from '../guard.js';
import { newsroomChrome, sendNewsroomHtml, sendNewsroomMessage } from '../render.js';
import { RevisionsPage } from '../views/RevisionsPage.js';
import { articleResource, mayEdit } from './article-access.js';
import { diffNames, loadArticle, sendForbidden } from './article-screens.js';
import { ArticleIdParams, RestoreRevisionBody, RevisionsQuery } from './articles.schemas.js';

/** An article's revisions: the list, two of them compared, and restoring one (as a new save at the current version). */
export const revisionRoutes: FastifyPluginAsyncTypebox<NewsroomDeps> = async (app, deps) => {
  const { services } = deps;
  const guard = { onRequest: requireStaff('articles.write') };

  app.get('/newsroom/articles/:id/revisions', { ...guard, schema: { params: ArticleIdParams, querystring: RevisionsQuery } }, async (request, reply) => {
    const article = await loadArticle(services, request, reply, request.params.id);
    if (!article) return reply;
    const staff = request.staff!;
    if (!can(staff, 'articles.write', articleResource(article))) return sendForbidden(request, reply);
    const revisions = await services.editorial.revisions(article.id);
    const { from, to } = request.query;
    let compare = null;
    if (from && to) {
      const [a, b] = await Promise.all([services.editorial.revision(article.id, from), services.editorial.revision(article.id, to)]);
      if (a && b) compare = a.id < b.id ? { from: a, to: b, names: await diffNames(services) } : { from: b, to: a, names: await diffNames(services) };
    }
    return sendNewsroomHtml(
      reply,
      <RevisionsPage
        chrome={newsroomChrome(request, reply)}
        articleId={article.id}
        title={article.draft.title}
        revisions={revisions}
        compare={compare}
        version={article.version}
        mayRestore={mayEdit(staff, article)}
      />,
    );
  });

  app.post(
    '/newsroom/articles/:id/restore',
    { ...guard, preValidation: app.csrfProtection, schema: { params: ArticleIdParams, body: RestoreRevisionBody } },
    async (request, reply) => {
      const article = await loadArticle(services, request, reply, request.params.id);
      if (!article) return reply;
      const staff = request.staff!;
      if (!mayEdit(staff, article)) return sendForbidden(request, reply);
      const revision = await services.editorial.revision(article.id, request.body.revision);
      if (!revision) return reply.callNotFound();
      try {
        await services.editorial.save(article.id, revision.snapshot, { expectedVersion: request.body.version, userId: staff.id, kind: 'restore' });
      } catch (error) {
        if (error instanceof EditConflict) {
          return sendNewsroomMessage(request, reply, 409, {
            title: 'Not restored',
            message: 'Someone else saved this article since you opened its revisions. Look at the revisions again and restore from there.',
            links: [{ href: `/newsroom/articles/${article.id}/revisions`, label: 'Revisions' }],
          });
        }
        throw error;
      }
      return reply.redirect(`/newsroom/articles/${article.id}/edit?saved=restored`, 303);
    },
  );
};
