import cookie from '@fastify/cookie';
import csrfProtection from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest, preValidationAsyncHookHandler } from 'fastify';
import { SESSION_IDLE_MS, type SessionInfo, type SessionService, type SessionUser } from './sessions.js';

/**
 * The HTTP side of staff security, registered once on the root app: signed cookies, CSRF tokens for forms, opt-in
 * rate limits, and `request.staff` (the signed-in user or null) from the session cookie.
 */
declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff user, or null. Resolved from the session cookie before any route hook runs. */
    staff: SessionUser | null;
    staffSession: SessionInfo | null;
  }
  interface FastifyInstance {
    /**
     * CSRF protection for anonymous forms on pages that are the same bytes for every reader (so carry no token):
     * refuses a request `isCrossSite` says came from another site. Routes opt in with `preValidation`.
     */
    sameOriginProtection: preValidationAsyncHookHandler;
  }
}

export const SESSION_COOKIE = 'dateline_session';
export const CSRF_COOKIE = '_csrf';
export const CSRF_FIELD = '_csrf';
export const CSRF_FAILED_MESSAGE = 'This form has expired or was sent from another site. Go back, reload the page and try again.';

export interface HttpSecurityOptions {
  secretKey: string;
  /** SITE_URL: the one origin forms may be posted from (sameOriginProtection). */
  siteUrl: string;
  /** Send cookies with Secure (when SITE_URL is https). */
  secureCookies: boolean;
  sessions: SessionService;
}

/** Requests for files never need to know who is asking; they skip the session lookup. */
const NO_SESSION_PREFIXES = ['/assets/', '/media/', '/newsroom/assets/', '/health'];

export function sessionCookieOptions(secure: boolean): CookieSerializeOptions {
  return { path: '/', httpOnly: true, sameSite: 'lax', secure, signed: true, maxAge: SESSION_IDLE_MS / 1000 };
}

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(secure));
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}

/** Forgets the CSRF secret (at sign-in and sign-out), so the next form gets a fresh one bound to nothing older. */
export function clearCsrfCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(CSRF_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}

/** The raw session token from the signed cookie, or null when absent or tampered with. */
export function sessionToken(request: FastifyRequest): string | null {
  const raw = request.cookies[SESSION_COOKIE];
  if (!raw) return null;
  const unsigned = request.unsignCookie(raw);
  return unsigned.valid && unsigned.value ? unsigned.value : null;
}

/**
 * @fastify/csrf-protection's failures (FST_CSRF_MISSING_SECRET, FST_CSRF_INVALID_TOKEN) and sameOriginProtection's
 * (CROSS_SITE_ERROR_CODE); all 403.
 */
export function isCsrfError(error: { code?: unknown }): boolean {
  return typeof error.code === 'string' && (error.code.startsWith('FST_CSRF_') || error.code === CROSS_SITE_ERROR_CODE);
}

export const CROSS_SITE_ERROR_CODE = 'DATELINE_CROSS_SITE';

/**
 * Whether a form post came from another site, by the headers browsers set themselves:
 * - `Sec-Fetch-Site` (every current browser), when present, decides alone: only `same-origin` and `none` (the reader
 *   typed it) pass. It is the browser's own judgement of who sent the request, and unlike `Origin` it does not
 *   depend on the page's referrer policy: under the `Referrer-Policy: no-referrer` the app sends (helmet's default),
 *   Chromium posts same-origin forms with `Origin: null`.
 * - Otherwise `Origin`, when present, must be SITE_URL's origin (never compared with Host or X-Forwarded-Host);
 *   `null` does not pass, since a sandboxed frame on any site can send it.
 * - A request with neither header (an old browser, a script) passes: no browser that a page on another site could
 *   drive sends a cross-origin POST without one of them.
 */
export function isCrossSite(request: FastifyRequest, siteOrigin: string): boolean {
  const fetchSite = request.headers['sec-fetch-site'];
  if (fetchSite !== undefined) return fetchSite !== 'same-origin' && fetchSite !== 'none';
  const origin = request.headers.origin;
  return origin !== undefined && origin !== siteOrigin;
}

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

/**
 * Seconds to wait when over any of the limits (made with `app.createRateLimit`), or 0 when the request may go ahead.
 * Attempts are counted before anything is checked, so parallel guesses cannot slip past a limit.
 */
export async function throttled(request: FastifyRequest, limiters: Limiter[]): Promise<number> {
  let wait = 0;
  for (const limiter of limiters) {
    const result = await limiter(request);
    if (!result.isAllowed && result.isExceeded) wait = Math.max(wait, result.ttlInSeconds || 60);
  }
  return wait;
}

export async function registerHttpSecurity(app: FastifyInstance, options: HttpSecurityOptions): Promise<void> {
  const { secureCookies, sessions } = options;
  await app.register(cookie, { secret: options.secretKey });
  // Double-submit with a signed, HttpOnly secret cookie; forms carry the token in a hidden `_csrf` field. Routes opt
  // in with `preValidation: app.csrfProtection` (the body is parsed by then).
  await app.register(csrfProtection, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: CSRF_COOKIE,
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', path: '/', secure: secureCookies },
  });
  // Routes opt in (`app.createRateLimit` or `config.rateLimit`); the in-memory store is per instance.
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`Too many requests. Please wait ${context.after} and try again.`), { statusCode: context.statusCode }),
  });

  const siteOrigin = new URL(options.siteUrl).origin;
  app.decorate('sameOriginProtection', async (request: FastifyRequest) => {
    if (isCrossSite(request, siteOrigin)) {
      request.log.info({ origin: request.headers.origin, fetchSite: request.headers['sec-fetch-site'] }, 'cross-site form post refused');
      throw Object.assign(new Error('This form was sent from another site'), { code: CROSS_SITE_ERROR_CODE, statusCode: 403 });
    }
  });

  app.decorateRequest('staff', null);
  app.decorateRequest('staffSession', null);
  app.addHook('onRequest', async (request, reply) => {
    // One CSRF token per response. Without a CSRF cookie, each generateCsrf() call would make a new secret and
    // cookie, and only the last one's token would work: a page with two forms would have one dead form.
    const generate = reply.generateCsrf;
    let token: string | undefined;
    reply.generateCsrf = function generateCsrfOnce(this: FastifyReply, opts?: Parameters<FastifyReply['generateCsrf']>[0]) {
      if (opts) return generate.call(this, opts);
      token ??= generate.call(this);
      return token;
    };
    if (!request.cookies[SESSION_COOKIE] || NO_SESSION_PREFIXES.some((prefix) => request.url.startsWith(prefix))) return;
    const sessionTokenValue = sessionToken(request);
    const found = sessionTokenValue ? await sessions.find(sessionTokenValue) : null;
    if (!found) {
      // Expired, revoked or forged: drop the cookie so the next requests skip the lookup.
      clearSessionCookie(reply, secureCookies);
      return;
    }
    request.staff = found.user;
    request.staffSession = found.session;
    // The session slid forward; so does the cookie.
    if (found.refreshed && sessionTokenValue) setSessionCookie(reply, sessionTokenValue, secureCookies);
  });
}
