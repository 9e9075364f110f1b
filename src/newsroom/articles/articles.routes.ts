import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { NewsroomDeps } from '../deps.js';
import { editingRoutes } from './editing.routes.js';
import { revisionRoutes } from './revisions.routes.js';
import { trashRoutes } from './trash.routes.js';

/**
 * The newsroom's article screens, by job: writing and the workflow (editing.routes.tsx), revisions, the trash. The
 * preview is the site's (/preview/articles/:id). Every route passes the guard for `articles.write` and then asks
 * the policy about this article (article-access.ts).
 */
export const articleRoutes: FastifyPluginAsyncTypebox<NewsroomDeps> = async (app, deps) => {
  await app.register(editingRoutes, deps);
  await app.register(revisionRoutes, deps);
  await app.register(trashRoutes, deps);
};
