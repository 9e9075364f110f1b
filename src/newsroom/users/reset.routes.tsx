import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../news/shared/errors.js';
import { LINK_NOT_VALID_MESSAGE, type OpenPasswordLink, PASSWORD_RESET_PATH } from '../../news/staff/password-reset.service.js';
import { MIN_PASSWORD_LENGTH } from '../../news/staff/staff-user.js';
import type { NewsroomDeps } from '../deps.js';
import { newsroomChrome, sendNewsroomHtml, sendNewsroomMessage } from '../render.js';
import { ResetPasswordPage } from '../views/ResetPasswordPage.js';
import { ResetPasswordBody, ResetTokenParams } from './users.schemas.js';

/** Requests per minute from one address: plenty for a person, nothing for guessing (the token has 256 bits anyway). */
export const RESET_PAGE_LIMIT_PER_IP = 30;
export const RESET_POST_LIMIT_PER_IP = 10;

const SIGN_IN_LINKS = [{ href: '/newsroom/login', label: 'Sign in' }];

/**
 * The public end of password links (invitations and resets): GET shows "Choose a password", POST sets it. Public
 * (no session needed), CSRF-protected, rate-limited per address. The token is in the path, so these routes log only
 * warnings: the request lines that would carry it never reach the logs (helmet's no-referrer keeps it out of other
 * sites' logs too).
 */
export const passwordResetRoutes: FastifyPluginAsyncTypebox<NewsroomDeps> = async (app, deps) => {
  const { services } = deps;
  const path = `${PASSWORD_RESET_PATH}:token`;

  function notValid(request: FastifyRequest, reply: FastifyReply) {
    return sendNewsroomMessage(request, reply, 404, { title: 'This link is not valid any more', message: LINK_NOT_VALID_MESSAGE, links: SIGN_IN_LINKS });
  }

  function renderForm(request: FastifyRequest, reply: FastifyReply, token: string, link: OpenPasswordLink, status = 200, errors = {}) {
    return sendNewsroomHtml(
      reply,
      <ResetPasswordPage
        chrome={newsroomChrome(request, reply)}
        csrfToken={reply.generateCsrf()}
        action={`${PASSWORD_RESET_PATH}${encodeURIComponent(token)}`}
        purpose={link.purpose}
        displayName={link.user.displayName}
        email={link.user.email}
        minLength={MIN_PASSWORD_LENGTH}
        errors={errors}
      />,
      status,
    );
  }

  app.get(
    path,
    {
      schema: { params: ResetTokenParams },
      logLevel: 'warn',
      config: { newsroomPublic: true, rateLimit: { max: RESET_PAGE_LIMIT_PER_IP, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      // Only showing the form: link checkers in mail systems open links, and must not use them up.
      const link = await services.passwordResets.check(request.params.token);
      return link ? renderForm(request, reply, request.params.token, link) : notValid(request, reply);
    },
  );

  app.post(
    path,
    {
      schema: { params: ResetTokenParams, body: ResetPasswordBody },
      preValidation: app.csrfProtection,
      logLevel: 'warn',
      config: { newsroomPublic: true, rateLimit: { max: RESET_POST_LIMIT_PER_IP, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const { token } = request.params;
      const { password = '', confirmPassword = '' } = request.body;
      const link = await services.passwordResets.check(token);
      if (!link) return notValid(request, reply);
      if (password !== confirmPassword) return renderForm(request, reply, token, link, 422, { confirmPassword: 'The two passwords are not the same.' });
      try {
        await services.passwordResets.redeem(token, password, request.ip);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        if (error.code === 'invalid') return renderForm(request, reply, token, link, 422, error.details);
        return notValid(request, reply);
      }
      // Info lines are off for this route (they would carry the token): the root logger records the event.
      app.log.info({ event: 'password_set_by_link', userId: link.user.id, purpose: link.purpose }, 'staff password set with a link');
      return sendNewsroomMessage(request, reply, 200, {
        title: 'Your password is set',
        message: `Sign in with ${link.user.email} and your new password. Any browser that was signed in to the account has been signed out.`,
        links: SIGN_IN_LINKS,
      });
    },
  );
};
