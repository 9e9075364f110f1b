import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../news/shared/errors.js';
import { passwordLinkEmail } from '../../news/staff/password-link-email.js';
import { type IssuedPasswordLink, passwordResetUrl } from '../../news/staff/password-reset.service.js';
import type { AccountActor, StaffUser } from '../../news/staff/staff-user.js';
import { auditHistory } from '../audit/audit-rows.js';
import { requireStaff } from '../guard.js';
import type { NewsroomDeps } from '../deps.js';
import { can } from '../../news/staff/policy.js';
import { newsroomChrome, sendNewsroomHtml } from '../render.js';
import { UserPage, type UserPageProps } from '../views/UserPage.js';
import { type InviteFormValues, UsersInvitePage } from '../views/UsersInvitePage.js';
import { type LinkEmailOutcome, UsersLinkPage } from '../views/UsersLinkPage.js';
import { UsersPage } from '../views/UsersPage.js';
import { CsrfOnlyBody, InviteBody, NoticeQuery, ResetLinkBody, UserBody, UserIdParams } from './users.schemas.js';

/** Notices after a redirect: a fixed set, so nothing from the query string is echoed. */
const NOTICES: Record<string, string> = {
  updated: 'The changes were saved.',
  deactivated: 'The account was deactivated and signed out everywhere.',
  reactivated: 'The account was reactivated: they can sign in again.',
};
const notice = (done: string | undefined) => (done !== undefined && Object.hasOwn(NOTICES, done) ? NOTICES[done]! : null);

const HISTORY_LENGTH = 20;

/** The users screen, invitations, roles, deactivation and password links: administrators only ('users.manage'). */
export const userRoutes: FastifyPluginAsyncTypebox<NewsroomDeps> = async (app, deps) => {
  const { services, mailer, siteUrl } = deps;
  const guard = { onRequest: requireStaff('users.manage') };
  const actor = (request: FastifyRequest): AccountActor => ({ userId: request.staff!.id, ip: request.ip });

  async function userPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    extra: Partial<Pick<UserPageProps, 'values' | 'errors' | 'notice' | 'actionError'>> = {},
    status = 200,
  ) {
    const [user, twoFactor, history] = await Promise.all([
      services.staff.directoryEntry(id),
      services.twoFactor.isEnabled(id),
      auditHistory(services, request.staff!, 'user', id, HISTORY_LENGTH),
    ]);
    return sendNewsroomHtml(
      reply,
      <UserPage
        chrome={newsroomChrome(request, reply)}
        user={user}
        twoFactor={twoFactor}
        isSelf={user.id === request.staff!.id}
        canEmail={mailer !== null}
        values={extra.values ?? { displayName: user.displayName, role: user.role }}
        errors={extra.errors ?? {}}
        notice={extra.notice ?? null}
        actionError={extra.actionError ?? null}
        history={history}
      />,
      status,
    );
  }

  /** Emails the link when asked to and email is on; a refusal is reported on the page, never an error. */
  async function emailLink(request: FastifyRequest, user: StaffUser, link: IssuedPasswordLink, wanted: boolean): Promise<LinkEmailOutcome> {
    if (!mailer || !wanted) return 'not_sent';
    const { siteTitle } = await services.settings.get();
    const message = passwordLinkEmail({
      siteTitle,
      purpose: link.purpose,
      url: passwordResetUrl(siteUrl, link.token),
      expiresAt: link.expiresAt,
      recipientName: user.displayName,
      issuedBy: request.staff!.displayName,
    });
    try {
      await mailer.send({ to: user.email, ...message });
      return 'sent';
    } catch (error) {
      request.log.warn({ err: error, userId: user.id, purpose: link.purpose }, 'password link email failed');
      return 'failed';
    }
  }

  async function linkPage(request: FastifyRequest, reply: FastifyReply, user: StaffUser, link: IssuedPasswordLink, wantsEmail: boolean) {
    const email = await emailLink(request, user, link, wantsEmail);
    return sendNewsroomHtml(
      reply,
      <UsersLinkPage
        chrome={newsroomChrome(request, reply)}
        user={user}
        purpose={link.purpose}
        url={passwordResetUrl(siteUrl, link.token)}
        expiresAt={link.expiresAt}
        email={email}
      />,
    );
  }

  async function invitePage(request: FastifyRequest, reply: FastifyReply, values: InviteFormValues, errors: Record<string, string> = {}, status = 200) {
    const bylines = await services.staff.unclaimedBylines();
    return sendNewsroomHtml(
      reply,
      <UsersInvitePage chrome={newsroomChrome(request, reply)} values={values} bylines={bylines} canEmail={mailer !== null} errors={errors} />,
      status,
    );
  }

  app.get('/newsroom/users', { ...guard, schema: { querystring: NoticeQuery } }, async (request, reply) => {
    const [users, twoFactorUserIds] = await Promise.all([services.staff.directory(), services.twoFactor.enabledUserIds()]);
    return sendNewsroomHtml(
      reply,
      <UsersPage chrome={newsroomChrome(request, reply)} users={users} twoFactorUserIds={twoFactorUserIds} notice={notice(request.query.done)} />,
    );
  });

  app.get('/newsroom/users/new', guard, async (request, reply) =>
    invitePage(request, reply, { email: '', displayName: '', role: 'author', personId: '', sendEmail: true }),
  );

  app.post('/newsroom/users', { ...guard, preValidation: app.csrfProtection, schema: { body: InviteBody } }, async (request, reply) => {
    const body = request.body;
    const values: InviteFormValues = {
      email: body.email ?? '',
      displayName: body.displayName ?? '',
      role: body.role ?? '',
      personId: body.personId ?? '',
      sendEmail: body.sendEmail !== undefined,
    };
    const personId = /^\d{1,9}$/.test(values.personId) ? Number(values.personId) : null;
    if (values.personId !== '' && personId === null) return invitePage(request, reply, values, { personId: 'Choose a byline from the list.' }, 422);
    try {
      const { user, link } = await services.staff.invite({ email: values.email, displayName: values.displayName, role: values.role, personId }, actor(request));
      request.log.info({ event: 'user_invited', userId: user.id, by: request.staff!.id }, 'staff account invited');
      return await linkPage(request, reply, user, link, values.sendEmail);
    } catch (error) {
      if (!(error instanceof DomainError) || (error.code !== 'invalid' && error.code !== 'conflict')) throw error;
      return invitePage(request, reply, values, error.details, error.code === 'conflict' ? 409 : 422);
    }
  });

  app.get('/newsroom/users/:id', { ...guard, schema: { params: UserIdParams, querystring: NoticeQuery } }, async (request, reply) =>
    userPage(request, reply, request.params.id, { notice: notice(request.query.done) }),
  );

  app.post('/newsroom/users/:id', { ...guard, preValidation: app.csrfProtection, schema: { params: UserIdParams, body: UserBody } }, async (request, reply) => {
    const { id } = request.params;
    const values = { displayName: request.body.displayName ?? '', role: request.body.role ?? '' };
    try {
      const user = await services.staff.update(id, values, actor(request));
      // An administrator who gave up their own role may no longer see this screen.
      return reply.redirect(can(user, 'users.manage') || user.id !== request.staff!.id ? `/newsroom/users/${id}?done=updated` : '/newsroom/', 303);
    } catch (error) {
      if (!(error instanceof DomainError) || (error.code !== 'invalid' && error.code !== 'conflict')) throw error;
      return userPage(request, reply, id, { values, errors: error.details }, error.code === 'conflict' ? 409 : 422);
    }
  });

  for (const [action, active] of [
    ['deactivate', false],
    ['reactivate', true],
  ] as const) {
    app.post(
      `/newsroom/users/:id/${action}`,
      { ...guard, preValidation: app.csrfProtection, schema: { params: UserIdParams, body: CsrfOnlyBody } },
      async (request, reply) => {
        const { id } = request.params;
        try {
          await services.staff.setActive(id, active, actor(request));
        } catch (error) {
          if (!(error instanceof DomainError) || error.code !== 'conflict') throw error;
          return userPage(request, reply, id, { actionError: error.message }, 409);
        }
        request.log.info({ event: `user_${action}d`, userId: id, by: request.staff!.id }, `staff account ${action}d`);
        return reply.redirect(`/newsroom/users/${id}?done=${action}d`, 303);
      },
    );
  }

  app.post(
    '/newsroom/users/:id/reset-link',
    { ...guard, preValidation: app.csrfProtection, schema: { params: UserIdParams, body: ResetLinkBody } },
    async (request, reply) => {
      const { id } = request.params;
      let link: IssuedPasswordLink;
      try {
        link = await services.passwordResets.issueReset(id, actor(request));
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'conflict') throw error;
        return userPage(request, reply, id, { actionError: error.message }, 409);
      }
      const user = (await services.staff.findById(id))!;
      return linkPage(request, reply, user, link, request.body.sendEmail !== undefined);
    },
  );
};
