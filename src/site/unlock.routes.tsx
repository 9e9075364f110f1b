import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ANONYMOUS_READER } from '../news/articles/article.types.js';
import { throttled } from '../platform/security/http.js';
import { sendLockedArticlePage } from './article-response.js';
import type { SiteDeps } from './deps.js';
import { setUnlockCookie } from './reader.js';
import { normalizeSlug } from '../news/shared/slug.js';
import { ArticleParams, UnlockBody, requestedArticlePath } from './site.schemas.js';

export const WRONG_PASSWORD_MESSAGE = 'That password is not right. Please check it and try again.';
export const UNLOCK_THROTTLED_MESSAGE = 'Too many attempts. Please wait a minute, then try again.';
/** Password attempts allowed per minute from one address for one story, and from one address for all stories. */
export const UNLOCK_LIMIT_PER_ARTICLE = 5;
export const UNLOCK_LIMIT_PER_IP = 20;

/**
 * A reader gives a password-protected story's password (`POST {story}unlock`, the form on its locked page). Right:
 * its unlock cookie and a 303 back to the story, which then renders in full (`private, no-store`). Wrong: the
 * locked page again with a message, 401. Attempts are counted (per address and story, per address) before the
 * password is checked, as sign-in does. The locked page carries no CSRF token (it is the same bytes for everyone),
 * so the post is refused when its Origin or Sec-Fetch-Site says another site sent it (`app.sameOriginProtection`).
 */
export const unlockRoutes: FastifyPluginAsyncTypebox<SiteDeps> = async (app, deps) => {
  const { services } = deps;
  const perArticle = app.createRateLimit({
    max: UNLOCK_LIMIT_PER_ARTICLE,
    timeWindow: 60_000,
    keyGenerator: (request) => `unlock:${normalizeIP(request.ip)}:${(request.params as { slug?: string }).slug ?? ''}`,
  });
  const perIp = app.createRateLimit({ max: UNLOCK_LIMIT_PER_IP, timeWindow: 60_000, keyGenerator: (request) => `unlock:${normalizeIP(request.ip)}` });

  app.post(
    '/:year/:month/:day/:slug/unlock',
    { preValidation: app.sameOriginProtection, schema: { params: ArticleParams, body: UnlockBody } },
    async (request, reply) => {
      const article = await services.articles.forReader({ slug: normalizeSlug(request.params.slug) }, ANONYMOUS_READER);
      if (!article?.locked || requestedArticlePath(request.params) !== article.path) return reply.callNotFound();
      const wait = await throttled(request, [perArticle, perIp]);
      if (wait) {
        request.log.warn({ event: 'unlock_throttled', articleId: article.id, ip: request.ip }, 'story password attempts throttled');
        reply.header('retry-after', String(wait));
        return sendLockedArticlePage(deps, reply, article, { status: 429, error: UNLOCK_THROTTLED_MESSAGE });
      }
      const unlocked = await services.articles.unlock(article.id, request.body.password ?? '');
      if (!unlocked) return sendLockedArticlePage(deps, reply, article, { status: 401, error: WRONG_PASSWORD_MESSAGE });
      setUnlockCookie(reply, article.id, unlocked, deps.secureCookies);
      return reply.redirect(article.path, 303);
    },
  );
};
