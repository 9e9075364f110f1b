import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, notFound } from '../../news/shared/errors.js';
import { throttled } from '../../platform/security/http.js';
import { requireStaff } from '../guard.js';
import type { NewsroomDeps } from '../deps.js';
import { newsroomChrome, safeNextPath, sendNewsroomHtml, sendNewsroomMessage } from '../render.js';
import { type TwoFactorErrors, type TwoFactorForm, TwoFactorPage } from '../views/TwoFactorPage.js';
import { TwoFactorAdminPage } from '../views/TwoFactorAdminPage.js';
import { TwoFactorRecoveryCodesPage } from '../views/TwoFactorRecoveryCodesPage.js';
import { qrCodeDataUrl } from './qr-code.js';
import { AdminDisableBody, CsrfOnlyBody, NoticeQuery, PasswordAndCodeBody, UserIdParams } from './two-factor.schemas.js';

export const ACCOUNT_SECURITY_PATH = '/newsroom/account/two-factor';
/** Attempts a minute at the forms that check the password and a code, per user. */
const ATTEMPT_LIMIT = 5;

/** Notices after a redirect: a fixed set, so nothing from the query string is echoed. */
const NOTICES: Record<string, string> = {
  disabled: 'Two-factor sign-in is off. Signing in asks only for your password.',
  cancelled: 'Set-up cancelled. Two-factor sign-in stays off.',
};

/**
 * Account security: any signed-in staff member turns two-factor sign-in on (a confirmed secret and recovery codes)
 * or off for their own account. Also the administrators' reset for someone who lost their phone
 * ('users.manage'). The sign-in step that asks for the code is in auth.routes.tsx.
 */
export const twoFactorRoutes: FastifyPluginAsyncTypebox<NewsroomDeps> = async (app, deps) => {
  const { twoFactor } = deps.services;
  const attempts = app.createRateLimit({ max: ATTEMPT_LIMIT, timeWindow: 60_000, keyGenerator: (request) => `two-factor-account:${request.staff?.id}` });

  async function renderPage(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    extra: { notice?: string | null; failed?: { form: TwoFactorForm; errors: TwoFactorErrors } } = {},
  ) {
    const state = await twoFactor.status(request.staff!.id);
    return sendNewsroomHtml(
      reply,
      <TwoFactorPage
        chrome={newsroomChrome(request, reply)}
        csrfToken={reply.generateCsrf()}
        status={state}
        qrCode={state.setup ? await qrCodeDataUrl(state.setup.uri) : null}
        notice={extra.notice ?? null}
        {...(extra.failed ? { failed: extra.failed } : {})}
      />,
      status,
    );
  }

  function renderCodes(request: FastifyRequest, reply: FastifyReply, codes: string[], justEnabled: boolean) {
    return sendNewsroomHtml(reply, <TwoFactorRecoveryCodesPage chrome={newsroomChrome(request, reply)} codes={codes} justEnabled={justEnabled} />);
  }

  /**
   * Runs a change that needs the password and a code. Over the limit: 429; wrong password or code: 422 with the
   * messages next to the form that was sent. Otherwise the change's own answer.
   */
  async function withPasswordAndCode(
    request: FastifyRequest,
    reply: FastifyReply,
    body: { currentPassword?: string; code?: string },
    form: TwoFactorForm,
    change: (credentials: { password: string; code: string }) => Promise<unknown>,
  ) {
    const wait = await throttled(request, [attempts]);
    if (wait) {
      reply.header('retry-after', String(wait));
      return renderPage(request, reply, 429, { failed: { form, errors: { form: 'Too many attempts. Please wait a minute, then try again.' } } });
    }
    try {
      return await change({ password: body.currentPassword ?? '', code: body.code ?? '' });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'invalid') return renderPage(request, reply, 422, { failed: { form, errors: error.details } });
      throw error;
    }
  }

  app.get(ACCOUNT_SECURITY_PATH, { schema: { querystring: NoticeQuery } }, async (request, reply) => {
    const done = request.query.done;
    return renderPage(request, reply, 200, { notice: done !== undefined && Object.hasOwn(NOTICES, done) ? NOTICES[done]! : null });
  });

  app.post(`${ACCOUNT_SECURITY_PATH}/setup`, { preValidation: app.csrfProtection, schema: { body: CsrfOnlyBody } }, async (request, reply) => {
    // Already on (a second tab, a double click): the page shows that; nothing to start.
    if (!(await twoFactor.isEnabled(request.staff!.id))) await twoFactor.beginSetup(request.staff!.id);
    return reply.redirect(ACCOUNT_SECURITY_PATH, 303);
  });

  app.post(`${ACCOUNT_SECURITY_PATH}/cancel`, { preValidation: app.csrfProtection, schema: { body: CsrfOnlyBody } }, async (request, reply) => {
    await twoFactor.cancelSetup(request.staff!.id);
    return reply.redirect(`${ACCOUNT_SECURITY_PATH}?done=cancelled`, 303);
  });

  app.post(`${ACCOUNT_SECURITY_PATH}/confirm`, { preValidation: app.csrfProtection, schema: { body: PasswordAndCodeBody } }, async (request, reply) =>
    withPasswordAndCode(request, reply, request.body, 'confirm', async (credentials) => {
      // Every other session of the account ends; this one stays signed in.
      const codes = await twoFactor.confirmSetup(request.staff!.id, credentials, request.ip, request.staffSession!.id);
      request.log.info({ event: 'two_factor_enabled', userId: request.staff!.id }, 'two-factor sign-in turned on');
      return renderCodes(request, reply, codes, true);
    }),
  );

  app.post(`${ACCOUNT_SECURITY_PATH}/recovery-codes`, { preValidation: app.csrfProtection, schema: { body: PasswordAndCodeBody } }, async (request, reply) =>
    withPasswordAndCode(request, reply, request.body, 'recovery', async (credentials) =>
      renderCodes(request, reply, await twoFactor.regenerateRecoveryCodes(request.staff!.id, credentials, request.ip), false),
    ),
  );

  app.post(`${ACCOUNT_SECURITY_PATH}/disable`, { preValidation: app.csrfProtection, schema: { body: PasswordAndCodeBody } }, async (request, reply) =>
    withPasswordAndCode(request, reply, request.body, 'disable', async (credentials) => {
      await twoFactor.turnOff(request.staff!.id, credentials, request.ip);
      request.log.info({ event: 'two_factor_disabled', userId: request.staff!.id }, 'two-factor sign-in turned off');
      return reply.redirect(`${ACCOUNT_SECURITY_PATH}?done=disabled`, 303);
    }),
  );

  // For a user who lost their phone and their recovery codes: a page per user that the users screens can link to,
  // and the form it posts (other pages may post it too; `next` brings the administrator back to where they were).
  const adminGuard = requireStaff('users.manage');
  app.get('/newsroom/users/:id/two-factor', { onRequest: adminGuard, schema: { params: UserIdParams, querystring: NoticeQuery } }, async (request, reply) => {
    const user = await deps.services.staff.findById(request.params.id);
    if (!user) throw notFound('User');
    const { enabledAt } = await twoFactor.status(user.id);
    const notice = request.query.done === 'disabled' ? `Two-factor sign-in is now off for ${user.displayName}.` : null;
    return sendNewsroomHtml(
      reply,
      <TwoFactorAdminPage chrome={newsroomChrome(request, reply)} csrfToken={reply.generateCsrf()} user={user} enabledAt={enabledAt} notice={notice} />,
    );
  });

  app.post(
    '/newsroom/users/:id/two-factor/disable',
    { onRequest: adminGuard, preValidation: app.csrfProtection, schema: { params: UserIdParams, body: AdminDisableBody } },
    async (request, reply) => {
      const admin = request.staff!;
      const userId = request.params.id;
      if (userId === admin.id) {
        return sendNewsroomMessage(request, reply, 409, {
          title: 'Use Account security',
          message: 'To turn off two-factor sign-in for your own account, use Account security: it asks for your password and a code.',
          links: [{ href: ACCOUNT_SECURITY_PATH, label: 'Account security' }],
        });
      }
      const user = await deps.services.staff.findById(userId);
      if (!user) throw notFound('User');
      const wasOn = await twoFactor.disableTwoFactor(userId, { userId: admin.id, ip: request.ip });
      if (wasOn) request.log.info({ event: 'two_factor_reset', userId, by: admin.id }, 'two-factor sign-in turned off by an administrator');
      return reply.redirect(safeNextPath(request.body.next, `/newsroom/users/${userId}/two-factor?done=disabled`), 303);
    },
  );
};
