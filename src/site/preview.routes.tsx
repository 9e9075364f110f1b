import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DomainError } from '../news/shared/errors.js';
import { can } from '../news/staff/policy.js';
import { renderDocument } from '../web/render.js';
import { loadChrome } from './chrome-loader.js';
import type { SiteDeps } from './deps.js';
import { ArticlePage } from './views/ArticlePage.js';

const PreviewParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

/**
 * The newsroom's addresses, known here only as URLs (the site imports nothing from the newsroom): where staff sign
 * in (coming back here afterwards) and where a preview's banner leads back to.
 */
const signInUrl = (next: string) => `/newsroom/login?next=${encodeURIComponent(next)}`;
const editUrl = (id: number) => `/newsroom/articles/${id}/edit`;

/** A preview is for the staff who may see it: never stored by a cache, never indexed, whatever the answer. */
async function privateAnswer(_request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex, nofollow');
  return payload;
}

/** Signed-in staff only; anyone else is sent to sign in, as the newsroom does (a 303 for a GET). */
async function requireSignedIn(request: FastifyRequest, reply: FastifyReply) {
  if (!request.staff) return reply.redirect(signInUrl(request.url), 303);
}

/**
 * /preview/articles/:id: the article page as readers will see it, whatever its status (draft, waiting, scheduled,
 * published or in the trash), with a banner saying it is a preview. For staff who may write this article (the
 * policy's `articles.write` on its byline and creator: editors any, writers their own); others get 403.
 */
export const previewRoutes: FastifyPluginAsyncTypebox<SiteDeps> = async (app, deps) => {
  const { services } = deps;

  app.get('/preview/articles/:id', { onRequest: requireSignedIn, onSend: privateAnswer, schema: { params: PreviewParams } }, async (request, reply) => {
    const staff = request.staff!;
    const owner = await services.editorial.find(request.params.id);
    if (!owner) throw new DomainError('There is no such article; it may have been deleted for good.', 'not_found');
    const resource = { articleAuthorPersonIds: owner.authorPersonIds, createdByUserId: owner.createdByUserId };
    if (!can(staff, 'articles.write', resource)) throw new DomainError('You may not preview this article. Ask an editor if you need to.', 'forbidden');
    const article = await services.articles.findAnyById(owner.id);
    if (!article) throw new DomainError('There is no such article; it may have been deleted for good.', 'not_found');
    const [chrome, thread] = await Promise.all([
      loadChrome(services, deps.assets, deps.siteUrl),
      services.comments.thread(article.id, { ownIds: [], page: 1 }),
    ]);
    const html = renderDocument(
      <ArticlePage
        chrome={chrome}
        article={article}
        related={[]}
        comments={{ thread, approvedCount: 0, form: null, closedMessage: 'Comments are not shown in a preview.', linkBase: article.path }}
        commentsScript=""
        preview={{ backHref: editUrl(article.id) }}
      />,
    );
    return reply.type('text/html; charset=utf-8').send(html);
  });
};
