import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { can, type StaffAction } from '../news/staff/policy.js';
import { loginUrl, sendNewsroomMessage } from './render.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Only sign-in (the password and two-factor code steps), password links and the newsroom's assets: answered
     * without a signed-in user. route-guard.test.ts lists them.
     */
    newsroomPublic?: boolean;
  }
}

const GUARD = Symbol('dateline.requireStaff');
type GuardHook = ((request: FastifyRequest, reply: FastifyReply) => Promise<unknown>) & { [GUARD]?: StaffAction };

/**
 * A route hook (use it as onRequest or preHandler) that lets only signed-in staff allowed to do `action` through:
 *   - nobody signed in: GET/HEAD get a 303 to /newsroom/login?next=<this address>; other methods a 403 page;
 *   - signed in but not allowed: a 403 page.
 * Checks that depend on the resource (this comment's article) belong in the handler, with `can()` from policy.ts.
 */
export function requireStaff(action: StaffAction): GuardHook {
  const hook: GuardHook = async (request, reply) => {
    if (!request.staff) {
      if (request.method === 'GET' || request.method === 'HEAD') return reply.redirect(loginUrl(request.url), 303);
      return sendNewsroomMessage(request, reply, 403, {
        title: 'Please sign in',
        message: 'You are not signed in, or your session has ended. Sign in and try again.',
        links: [{ href: '/newsroom/login', label: 'Sign in' }],
      });
    }
    if (!can(request.staff, action)) {
      return sendNewsroomMessage(request, reply, 403, {
        title: 'Not allowed',
        message: 'Your account does not have permission to do this. Ask an editor or an administrator if you need it.',
      });
    }
  };
  hook[GUARD] = action;
  return hook;
}

export function isNewsroomPath(url: string): boolean {
  return url === '/newsroom' || url.startsWith('/newsroom/');
}

/**
 * Deny by default: every route under /newsroom registered after this call gets `requireStaff('newsroom.enter')` as
 * its first onRequest hook, unless its config says `newsroomPublic: true`. Call it before registering any newsroom
 * route; routes then add stricter guards (`onRequest: requireStaff('comments.moderate')`) on top.
 */
export function protectNewsroomRoutes(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    if (!isNewsroomPath(route.url) || route.config?.newsroomPublic === true) return;
    const existing = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
    // Fastify derives a HEAD route from each GET with the same options: do not add the guard twice.
    if (existing.some((hook) => (hook as GuardHook)[GUARD] !== undefined && (hook as GuardHook)[GUARD] === 'newsroom.enter')) return;
    route.onRequest = [requireStaff('newsroom.enter'), ...existing] as RouteOptions['onRequest'];
  });
}
