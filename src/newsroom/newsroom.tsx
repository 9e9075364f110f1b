import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ROLE_LABELS } from '../news/staff/roles.js';
import { type AssetManifest, serveAssets } from '../web/assets.js';
import { loadNewsroomAssets, NEWSROOM_ASSETS_PREFIX } from './assets.js';
import { articleRoutes } from './articles/articles.routes.js';
import type { NewsroomDeps } from './deps.js';
import { authRoutes } from './auth.routes.js';
import { moderationRoutes } from './comments/moderation.routes.js';
import { isNewsroomPath, protectNewsroomRoutes } from './guard.js';
import { commentModerationScope } from '../news/staff/policy.js';
import { newsroomChrome, sendNewsroomHtml } from './render.js';
import { DashboardPage } from './views/DashboardPage.js';
import { webhookRoutes } from './webhooks/webhooks.routes.js';
import { correctionRoutes } from './corrections/corrections.routes.js';
import { mediaRoutes } from './media/media.routes.js';
import { settingsRoutes } from './settings/settings.routes.js';
import { sectionRoutes } from './taxonomy/sections.routes.js';
import { tagRoutes } from './taxonomy/tags.routes.js';
import { twoFactorRoutes } from './account/two-factor.routes.js';
import { passwordResetRoutes } from './users/reset.routes.js';
import { userRoutes } from './users/users.routes.js';
import { auditRoutes } from './audit/audit.routes.js';
import { importRoutes } from './imports/imports.routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    newsroomAssets: AssetManifest;
  }
}

const dashboardRoutes: FastifyPluginAsyncTypebox<NewsroomDeps> = async (app, deps) => {
  app.get('/newsroom/', async (request, reply) => {
    const staff = request.staff!;
    const scope = commentModerationScope(staff);
    const [overview, commentCounts] = await Promise.all([
      deps.services.dashboard.overview(),
      scope === 'none' ? null : deps.services.moderation.counts(scope === 'all' ? { all: true } : { bylinePersonId: staff.personId! }),
    ]);
    return sendNewsroomHtml(
      reply,
      <DashboardPage
        chrome={newsroomChrome(request, reply)}
        displayName={staff.displayName}
        roleLabel={ROLE_LABELS[staff.role]}
        canModerateComments={commentModerationScope(staff) !== 'none'}
        csrfToken={reply.generateCsrf()}
        data={{ overview, commentsPending: commentCounts ? commentCounts.pending : null }}
      />,
    );
  });
};

/**
 * The staff side. Registers, on the root app: deny-by-default for every route under /newsroom (see guard.ts),
 * Cache-Control: no-store on every newsroom response, the newsroom's assets, sign-in and the dashboard.
 * Other newsroom features (comments moderation, ...) register their routes after this.
 */
export async function registerNewsroom(app: FastifyInstance, deps: NewsroomDeps): Promise<void> {
  const assets = loadNewsroomAssets();
  app.decorate('newsroomAssets', assets);
  protectNewsroomRoutes(app);

  app.addHook('onSend', async (request: FastifyRequest, reply, payload) => {
    if (isNewsroomPath(request.url) && !request.url.startsWith(NEWSROOM_ASSETS_PREFIX)) reply.header('cache-control', 'no-store');
    return payload;
  });

  app.get(`${NEWSROOM_ASSETS_PREFIX}:file`, { config: { newsroomPublic: true } }, serveAssets(assets));

  await app.register(authRoutes, deps);
  await app.register(dashboardRoutes, deps);
  await app.register(articleRoutes, deps);
  await app.register(moderationRoutes, deps);
  await app.register(webhookRoutes, deps);
  await app.register(correctionRoutes, deps);
  await app.register(mediaRoutes, deps);
  await app.register(sectionRoutes, deps);
  await app.register(tagRoutes, deps);
  await app.register(settingsRoutes, deps);
  await app.register(twoFactorRoutes, deps);
  await app.register(userRoutes, deps);
  await app.register(passwordResetRoutes, deps);
  await app.register(auditRoutes, deps);
  await app.register(importRoutes, deps);
}
