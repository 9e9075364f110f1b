import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { NewsServices } from '../news/services.js';
import { DomainError } from '../news/shared/errors.js';
import { REUSED_CODE, SIGN_IN_TICKET_MS, type SignInMethod, WRONG_CODE } from '../news/staff/two-factor.service.js';
import { normalizeEmail } from '../news/staff/user.service.js';
import { MIN_PASSWORD_LENGTH } from '../news/staff/staff-user.js';
import { clearCsrfCookie, clearSessionCookie, sessionToken, setSessionCookie, throttled } from '../platform/security/http.js';
import { newsroomChrome, safeNextPath, sendNewsroomHtml } from './render.js';
import { LoginPage } from './views/LoginPage.js';
import { PasswordPage } from './views/PasswordPage.js';
import { TwoFactorLoginPage } from './views/TwoFactorLoginPage.js';

export interface AuthRouteDeps {
  services: NewsServices;
  secureCookies: boolean;
}

export const LOGIN_FAILED_MESSAGE = 'Email or password is incorrect.';
export const LOGIN_THROTTLED_MESSAGE = 'Too many sign-in attempts. Please wait a minute, then try again.';
/** Sign-in attempts allowed per minute for one address and account, and for one address across all accounts. */
export const LOGIN_LIMIT_PER_ACCOUNT = 5;
export const LOGIN_LIMIT_PER_IP = 20;
const PASSWORD_CHANGE_LIMIT = 5;
/** Code attempts allowed per minute for one account (from any address), and for one address. */
export const CODE_LIMIT_PER_ACCOUNT = 5;
export const CODE_LIMIT_PER_IP = 20;
/** Carries a sign-in between a correct password and its code: a signed ticket, never a session. */
export const TWO_FACTOR_COOKIE = 'dateline_2fa';
const CODE_STEP_PATH = '/newsroom/login/code';
export const SIGN_IN_EXPIRED_MESSAGE = 'Your sign-in took longer than five minutes or was not started here. Please sign in again.';

const LoginQuery = Type.Object({ next: Type.Optional(Type.String({ maxLength: 2000 })) });
const LoginBody = Type.Object({
  email: Type.Optional(Type.String({ maxLength: 320 })),
  password: Type.Optional(Type.String({ maxLength: 1024 })),
  next: Type.Optional(Type.String({ maxLength: 2000 })),
  _csrf: Type.Optional(Type.String({ maxLength: 500 })),
});
const CodeBody = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 100 })),
  _csrf: Type.Optional(Type.String({ maxLength: 500 })),
});
const PasswordQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 10 })) });
const PasswordBody = Type.Object({
  currentPassword: Type.Optional(Type.String({ maxLength: 1024 })),
  newPassword: Type.Optional(Type.String({ maxLength: 1024 })),
  confirmPassword: Type.Optional(Type.String({ maxLength: 1024 })),
  _csrf: Type.Optional(Type.String({ maxLength: 500 })),
});

function userAgent(request: FastifyRequest): string {
  return String(request.headers['user-agent'] ?? '');
}

function ticketCookieOptions(secure: boolean) {
  return { path: '/newsroom/login', httpOnly: true, sameSite: 'lax' as const, secure };
}

/**
 * Sign in (password, then a code for accounts with two-factor sign-in on), sign out, change password. Every form
 * posts a CSRF token checked at preValidation.
 */
export const authRoutes: FastifyPluginAsyncTypebox<AuthRouteDeps> = async (app, deps) => {
  const { services, secureCookies } = deps;

  // Attempts are counted before the password is checked, so parallel guesses cannot slip past the limit.
  const perAccount = app.createRateLimit({
    max: LOGIN_LIMIT_PER_ACCOUNT,
    timeWindow: 60_000,
    keyGenerator: (request) => `login:${normalizeIP(request.ip)}:${normalizeEmail(String((request.body as { email?: unknown })?.email ?? ''))}`,
  });
  const perIp = app.createRateLimit({ max: LOGIN_LIMIT_PER_IP, timeWindow: 60_000, keyGenerator: (request) => `login:${normalizeIP(request.ip)}` });
  const passwordChanges = app.createRateLimit({
    max: PASSWORD_CHANGE_LIMIT,
    timeWindow: 60_000,
    keyGenerator: (request) => `password:${request.staff?.id ?? normalizeIP(request.ip)}`,
  });

  // The code step counts per account whatever the address (one ticket per correct password, but many passwords
  // could be tried from many addresses), and per address.
  const pendingTicket = (request: FastifyRequest) => services.twoFactor.readSignInTicket(request.cookies[TWO_FACTOR_COOKIE]);
  const codesPerAccount = app.createRateLimit({
    max: CODE_LIMIT_PER_ACCOUNT,
    timeWindow: 60_000,
    keyGenerator: (request) => `login-code:user:${pendingTicket(request)?.userId ?? 'none'}`,
  });
  const codesPerIp = app.createRateLimit({ max: CODE_LIMIT_PER_IP, timeWindow: 60_000, keyGenerator: (request) => `login-code:${normalizeIP(request.ip)}` });

  /**
   * A fresh session for every sign-in: a token planted before sign-in never becomes a signed-in one. The only place
   * a sign-in is recorded (last sign-in, audit), so a correct password still waiting for its code counts for nothing.
   */
  async function startSession(request: FastifyRequest, reply: FastifyReply, userId: number, method: 'password' | SignInMethod, next: string) {
    const previous = sessionToken(request);
    if (previous) await services.sessions.revoke(previous);
    const token = await services.sessions.create(userId, request.ip, userAgent(request));
    setSessionCookie(reply, token, secureCookies);
    clearCsrfCookie(reply, secureCookies);
    await services.staff.recordSignIn(userId);
    request.log.info({ event: 'login', userId, method, ip: request.ip }, 'staff signed in');
    await services.audit.record({ actorId: userId, action: 'user.login', subjectType: 'user', subjectId: userId, after: { method }, ip: request.ip });
    return reply.redirect(next, 303);
  }

  function renderCodeStep(request: FastifyRequest, reply: FastifyReply, status: number, error?: string) {
    return sendNewsroomHtml(
      reply,
      <TwoFactorLoginPage chrome={newsroomChrome(request, reply)} csrfToken={reply.generateCsrf()} {...(error ? { error } : {})} />,
      status,
    );
  }

  function renderLogin(request: FastifyRequest, reply: FastifyReply, status: number, props: { email: string; next: string; error?: string; notice?: string }) {
    return sendNewsroomHtml(reply, <LoginPage chrome={newsroomChrome(request, reply)} csrfToken={reply.generateCsrf()} {...props} />, status);
  }

  app.get('/newsroom/login', { schema: { querystring: LoginQuery }, config: { newsroomPublic: true } }, async (request, reply) => {
    const next = safeNextPath(request.query.next);
    if (request.staff) return reply.redirect(next, 303);
    return renderLogin(request, reply, 200, { email: '', next });
  });

  app.post('/newsroom/login', { schema: { body: LoginBody }, preValidation: app.csrfProtection, config: { newsroomPublic: true } }, async (request, reply) => {
    const email = (request.body.email ?? '').trim();
    const next = safeNextPath(request.body.next);
    const wait = await throttled(request, [perAccount, perIp]);
    if (wait) {
      request.log.warn({ event: 'login_throttled', email: normalizeEmail(email), ip: request.ip }, 'staff sign-in throttled');
      reply.header('retry-after', String(wait));
      return renderLogin(request, reply, 429, { email, next, error: LOGIN_THROTTLED_MESSAGE });
    }

    const user = await services.staff.authenticate(email, request.body.password ?? '');
    if (!user) {
      const known = email ? await services.staff.findByEmail(email) : null;
      request.log.warn({ event: 'login_failed', email: normalizeEmail(email), ip: request.ip }, 'staff sign-in failed');
      await services.audit.record({
        actorId: null,
        action: 'user.login_failed',
        subjectType: 'user',
        subjectId: known?.id ?? null,
        after: { email: normalizeEmail(email).slice(0, 254) },
        ip: request.ip,
      });
      return renderLogin(request, reply, 401, { email, next, error: LOGIN_FAILED_MESSAGE });
    }

    if (await services.twoFactor.isEnabled(user.id)) {
      // No session yet: a signed ticket (who, where to, when) waits for the code, for five minutes.
      reply.setCookie(TWO_FACTOR_COOKIE, services.twoFactor.issueSignInTicket(user.id, next), {
        ...ticketCookieOptions(secureCookies),
        maxAge: SIGN_IN_TICKET_MS / 1000,
      });
      request.log.info({ event: 'login_password_ok', userId: user.id, ip: request.ip }, 'staff password accepted; waiting for the two-factor code');
      return reply.redirect(CODE_STEP_PATH, 303);
    }
    return startSession(request, reply, user.id, 'password', next);
  });

  app.get(CODE_STEP_PATH, { config: { newsroomPublic: true } }, async (request, reply) => {
    if (request.staff) return reply.redirect('/newsroom/', 303);
    if (!pendingTicket(request)) return renderLogin(request, reply, 200, { email: '', next: '/newsroom/', notice: SIGN_IN_EXPIRED_MESSAGE });
    return renderCodeStep(request, reply, 200);
  });

  app.post(CODE_STEP_PATH, { schema: { body: CodeBody }, preValidation: app.csrfProtection, config: { newsroomPublic: true } }, async (request, reply) => {
    const ticket = pendingTicket(request);
    if (!ticket) {
      reply.clearCookie(TWO_FACTOR_COOKIE, ticketCookieOptions(secureCookies));
      return renderLogin(request, reply, 401, { email: '', next: '/newsroom/', error: SIGN_IN_EXPIRED_MESSAGE });
    }
    const wait = await throttled(request, [codesPerAccount, codesPerIp]);
    if (wait) {
      request.log.warn({ event: 'login_code_throttled', userId: ticket.userId, ip: request.ip }, 'staff two-factor code throttled');
      reply.header('retry-after', String(wait));
      return renderCodeStep(request, reply, 429, LOGIN_THROTTLED_MESSAGE);
    }
    const check = await services.twoFactor.verifySignIn(ticket.userId, request.body.code ?? '', request.ip);
    if (!check.ok) {
      request.log.warn({ event: 'login_code_failed', userId: ticket.userId, reason: check.reason, ip: request.ip }, 'staff two-factor code refused');
      return renderCodeStep(request, reply, 401, check.reason === 'reused' ? REUSED_CODE : WRONG_CODE);
    }
    reply.clearCookie(TWO_FACTOR_COOKIE, ticketCookieOptions(secureCookies));
    return startSession(request, reply, ticket.userId, check.method, safeNextPath(ticket.next));
  });

  app.post('/newsroom/logout', { preValidation: app.csrfProtection }, async (request, reply) => {
    const token = sessionToken(request);
    if (token) await services.sessions.revoke(token);
    clearSessionCookie(reply, secureCookies);
    clearCsrfCookie(reply, secureCookies);
    if (request.staff) {
      request.log.info({ event: 'logout', userId: request.staff.id }, 'staff signed out');
      await services.audit.record({ actorId: request.staff.id, action: 'user.logout', subjectType: 'user', subjectId: request.staff.id, ip: request.ip });
    }
    return reply.redirect('/', 303);
  });

  function renderPassword(request: FastifyRequest, reply: FastifyReply, status: number, extra: { errors?: Record<string, string>; done?: boolean } = {}) {
    return sendNewsroomHtml(
      reply,
      <PasswordPage chrome={newsroomChrome(request, reply)} csrfToken={reply.generateCsrf()} minLength={MIN_PASSWORD_LENGTH} {...extra} />,
      status,
    );
  }

  app.get('/newsroom/account/password', { schema: { querystring: PasswordQuery } }, async (request, reply) =>
    renderPassword(request, reply, 200, { done: request.query.done === '1' }),
  );

  app.post('/newsroom/account/password', { schema: { body: PasswordBody }, preValidation: app.csrfProtection }, async (request, reply) => {
    const staff = request.staff!;
    const { currentPassword = '', newPassword = '', confirmPassword = '' } = request.body;
    const wait = await throttled(request, [passwordChanges]);
    if (wait) {
      reply.header('retry-after', String(wait));
      return renderPassword(request, reply, 429, { errors: { form: 'Too many attempts. Please wait a minute, then try again.' } });
    }
    if (newPassword !== confirmPassword) {
      return renderPassword(request, reply, 422, { errors: { confirmPassword: 'The two new passwords are not the same.' } });
    }
    try {
      await services.staff.changePassword(staff.id, currentPassword, newPassword);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'invalid') return renderPassword(request, reply, 422, { errors: error.details });
      throw error;
    }
    // Every session of the user ended with the change; this browser gets a new one.
    const token = await services.sessions.create(staff.id, request.ip, userAgent(request));
    setSessionCookie(reply, token, secureCookies);
    request.log.info({ event: 'password_changed', userId: staff.id }, 'staff password changed');
    await services.audit.record({ actorId: staff.id, action: 'user.password_changed', subjectType: 'user', subjectId: staff.id, ip: request.ip });
    return reply.redirect('/newsroom/account/password?done=1', 303);
  });
};
