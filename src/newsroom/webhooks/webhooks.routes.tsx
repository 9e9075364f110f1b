import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { WebhookValidationError } from '../../news/webhooks/webhook.service.js';
import type { WebhookActor, WebhookEndpointInput } from '../../news/webhooks/webhook.types.js';
import { requireStaff } from '../guard.js';
import type { NewsroomDeps } from '../deps.js';
import { newsroomChrome, sendNewsroomHtml } from '../render.js';
import { type WebhookFormValues, WebhookFormPage } from '../views/WebhookFormPage.js';
import { WebhookPage } from '../views/WebhookPage.js';
import { WebhooksPage } from '../views/WebhooksPage.js';
import { CsrfOnlyBody, DeleteBody, EndpointBody, NoticeQuery, WebhookIdParams } from './webhooks.schemas.js';

/** Notices after a redirect: a fixed set, so nothing from the query string is echoed. */
const NOTICES: Record<string, string> = {
  created: 'The endpoint was added. Give its signing secret (below) to the receiver, then use “Send test”.',
  updated: 'The endpoint was saved.',
  rotated: 'The secret was replaced. Give the new one to the receiver.',
  tested: 'A test delivery (ping) is on its way; reload in a moment to see how it went.',
  deleted: 'The endpoint and its delivery log were deleted.',
};

const notice = (done: string | undefined) => (done !== undefined && Object.hasOwn(NOTICES, done) ? NOTICES[done]! : null);

type EndpointForm = { url?: string; description?: string; events?: string | string[]; active?: string };

function formValues(body: EndpointForm): WebhookFormValues & WebhookEndpointInput {
  return {
    url: body.url ?? '',
    description: body.description ?? '',
    events: Array.isArray(body.events) ? body.events : body.events ? [body.events] : [],
    active: body.active !== undefined,
  };
}

/** Webhook endpoints, their secrets and delivery logs: admins only ('webhooks.manage'). */
export const webhookRoutes: FastifyPluginAsyncTypebox<NewsroomDeps> = async (app, deps) => {
  const { services } = deps;
  const guard = { onRequest: requireStaff('webhooks.manage') };
  const actor = (request: FastifyRequest): WebhookActor => ({ userId: request.staff!.id, ip: request.ip });

  async function endpointPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    extra: { notice?: string | null; deleteError?: string } = {},
    status = 200,
  ) {
    const [endpoint, deliveries] = await Promise.all([services.webhooks.find(id), services.webhooks.deliveries(id)]);
    return sendNewsroomHtml(
      reply,
      <WebhookPage
        chrome={newsroomChrome(request, reply)}
        endpoint={endpoint}
        deliveries={deliveries}
        notice={extra.notice ?? null}
        {...(extra.deleteError ? { deleteError: extra.deleteError } : {})}
      />,
      status,
    );
  }

  app.get('/newsroom/webhooks', { ...guard, schema: { querystring: NoticeQuery } }, async (request, reply) => {
    const endpoints = await services.webhooks.list();
    return sendNewsroomHtml(reply, <WebhooksPage chrome={newsroomChrome(request, reply)} endpoints={endpoints} notice={notice(request.query.done)} />);
  });

  app.get('/newsroom/webhooks/new', guard, async (request, reply) => {
    const values = { url: '', description: '', events: ['article.published', 'article.updated', 'article.unpublished'], active: true };
    return sendNewsroomHtml(reply, <WebhookFormPage chrome={newsroomChrome(request, reply)} endpointId={null} values={values} />);
  });

  app.post('/newsroom/webhooks', { ...guard, preValidation: app.csrfProtection, schema: { body: EndpointBody } }, async (request, reply) => {
    const values = formValues(request.body);
    try {
      const endpoint = await services.webhooks.create(values, actor(request));
      return reply.redirect(`/newsroom/webhooks/${endpoint.id}?done=created`, 303);
    } catch (error) {
      if (!(error instanceof WebhookValidationError)) throw error;
      return sendNewsroomHtml(reply, <WebhookFormPage chrome={newsroomChrome(request, reply)} endpointId={null} values={values} errors={error.errors} />, 422);
    }
  });

  app.get('/newsroom/webhooks/:id', { ...guard, schema: { params: WebhookIdParams, querystring: NoticeQuery } }, async (request, reply) =>
    endpointPage(request, reply, request.params.id, { notice: notice(request.query.done) }),
  );

  app.get('/newsroom/webhooks/:id/edit', { ...guard, schema: { params: WebhookIdParams } }, async (request, reply) => {
    const endpoint = await services.webhooks.find(request.params.id);
    return sendNewsroomHtml(reply, <WebhookFormPage chrome={newsroomChrome(request, reply)} endpointId={endpoint.id} values={endpoint} />);
  });

  app.post(
    '/newsroom/webhooks/:id',
    { ...guard, preValidation: app.csrfProtection, schema: { params: WebhookIdParams, body: EndpointBody } },
    async (request, reply) => {
      const id = request.params.id;
      const values = formValues(request.body);
      try {
        await services.webhooks.update(id, values, actor(request));
        return reply.redirect(`/newsroom/webhooks/${id}?done=updated`, 303);
      } catch (error) {
        if (!(error instanceof WebhookValidationError)) throw error;
        return sendNewsroomHtml(reply, <WebhookFormPage chrome={newsroomChrome(request, reply)} endpointId={id} values={values} errors={error.errors} />, 422);
      }
    },
  );

  app.post(
    '/newsroom/webhooks/:id/secret',
    { ...guard, preValidation: app.csrfProtection, schema: { params: WebhookIdParams, body: CsrfOnlyBody } },
    async (request, reply) => {
      await services.webhooks.rotateSecret(request.params.id, actor(request));
      return reply.redirect(`/newsroom/webhooks/${request.params.id}?done=rotated`, 303);
    },
  );

  app.post(
    '/newsroom/webhooks/:id/test',
    { ...guard, preValidation: app.csrfProtection, schema: { params: WebhookIdParams, body: CsrfOnlyBody } },
    async (request, reply) => {
      // Queued now, sent in the background: a slow receiver never holds up this answer.
      await app.webhooks.sendTest(request.params.id);
      return reply.redirect(`/newsroom/webhooks/${request.params.id}?done=tested`, 303);
    },
  );

  app.post(
    '/newsroom/webhooks/:id/delete',
    { ...guard, preValidation: app.csrfProtection, schema: { params: WebhookIdParams, body: DeleteBody } },
    async (request, reply) => {
      const id = request.params.id;
      if (request.body.confirm !== 'yes') {
        return endpointPage(request, reply, id, { deleteError: 'Tick the box to confirm that you want to delete it.' }, 422);
      }
      await services.webhooks.delete(id, actor(request));
      return reply.redirect('/newsroom/webhooks?done=deleted', 303);
    },
  );
};
