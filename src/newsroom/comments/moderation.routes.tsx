import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { ModerationAction, ModerationScope, Moderator, QueueFilter } from '../../news/comments/moderation.service.js';
import { DomainError } from '../../news/shared/errors.js';
import { type KeysetCursor, cursorParam, parseCursor } from '../../news/shared/pagination.js';
import type { NewsroomDeps } from '../deps.js';
import { commentModerationScope } from '../../news/staff/policy.js';
import { auditHistory } from '../audit/audit-rows.js';
import { requireStaff } from '../guard.js';
import { newsroomChrome, sendNewsroomHtml } from '../render.js';
import { ModerationCommentPage } from '../views/ModerationCommentPage.js';
import { ModerationQueuePage } from '../views/ModerationQueuePage.js';
import { BulkBody, CommentIdParams, QueueQuery, TextBody } from './moderation.schemas.js';

const DONE: Record<ModerationAction, string> = {
  approve: 'approved',
  unapprove: 'unapproved',
  spam: 'marked as spam',
  'not-spam': 'marked as not spam and approved',
  trash: 'moved to the trash',
  restore: 'restored to pending',
};

/** How many of a comment's moderation actions its page shows, newest first. */
const HISTORY_LENGTH = 100;

/** The queue's address with `page` replaced by the cursor where that page starts (or by nothing: the first page). */
function queueAddress(url: string, cursor: KeysetCursor | null): string {
  const address = new URL(url, 'http://local');
  address.searchParams.delete('page');
  address.searchParams.delete('after');
  if (cursor) address.searchParams.set('after', cursorParam(cursor));
  return `${address.pathname}${address.search}`;
}

/** The moderation queue. Editors and admins moderate everything; authors only comments on their own articles. */
export const moderationRoutes: FastifyPluginAsyncTypebox<NewsroomDeps> = async (app, deps) => {
  const { services } = deps;
  // Which comments a moderator may touch is decided per comment by the moderation scope (policy.ts).
  const guard = { onRequest: requireStaff('comments.queue') };

  function moderator(request: FastifyRequest): Moderator & { displayName: string; email: string } {
    const staff = request.staff!;
    // The guard let them in, so the scope is 'all' or 'byline' (with a person).
    const scope: ModerationScope = commentModerationScope(staff) === 'all' ? { all: true } : { bylinePersonId: staff.personId! };
    return { userId: staff.id, scope, ip: request.ip, displayName: staff.displayName, email: staff.email };
  }

  // Whatever their visibility: moderators see private and protected stories' comments too.
  const articlePaths = (ids: number[]) => services.articles.publishedPaths(ids, 'staff');

  app.get('/newsroom/comments', { ...guard, schema: { querystring: QueueQuery } }, async (request, reply) => {
    const { scope } = moderator(request);
    const status = request.query.status ?? 'pending';
    const q = request.query.q ?? '';
    const articleId = request.query.article ?? null;
    const filter: QueueFilter = { status, q, articleId: articleId ?? undefined };
    if (request.query.page !== undefined) {
      const cursor = await services.moderation.cursorBeforePage(filter, scope, request.query.page);
      return reply.redirect(queueAddress(request.url, cursor), 301);
    }
    const [counts, list] = await Promise.all([
      services.moderation.counts(scope),
      services.moderation.queue({ ...filter, after: parseCursor(request.query.after) }, scope),
    ]);
    const done = (request.query as Record<string, unknown>).done;
    return sendNewsroomHtml(
      reply,
      <ModerationQueuePage
        chrome={newsroomChrome(request, reply)}
        scriptUrl={app.newsroomAssets.url('moderation.js')}
        view={{
          status,
          counts,
          q,
          articleId,
          list,
          paged: request.query.after !== undefined,
          articlePaths: await articlePaths(list.items.map((i) => i.articleId)),
          notice: typeof done === 'string' && /^\d+ comments? [a-z ]+\.$/.test(done) ? done : null,
          back: request.url,
        }}
      />,
    );
  });

  app.post('/newsroom/comments/bulk', { ...guard, preValidation: app.csrfProtection, schema: { body: BulkBody } }, async (request, reply) => {
    const body = request.body;
    let action: ModerationAction | undefined = body.action;
    let ids = (Array.isArray(body.ids) ? body.ids : body.ids ? [body.ids] : []).map(Number);
    if (body.one) {
      const [one, id] = body.one.split(':');
      action = one as ModerationAction;
      ids = [Number(id)];
    }
    if (!action) throw new DomainError('Choose an action.', 'invalid');
    const changed = await services.moderation.act(ids, action, moderator(request));
    // Only come back to a queue address; anything else goes to the default queue.
    const back = body.back?.startsWith('/newsroom/comments') && !body.back.startsWith('//') ? body.back : '/newsroom/comments';
    const url = new URL(back, 'http://local');
    url.searchParams.set('done', `${changed} comment${changed === 1 ? '' : 's'} ${DONE[action]}.`);
    return reply.redirect(`${url.pathname}${url.search}`, 303);
  });

  async function detail(request: FastifyRequest, id: number) {
    const comment = await services.moderation.find(id, moderator(request).scope);
    const [paths, history] = await Promise.all([articlePaths([comment.articleId]), auditHistory(services, request.staff!, 'comment', id, HISTORY_LENGTH)]);
    return { comment, articlePath: paths.get(comment.articleId) ?? '/', history };
  }

  app.get('/newsroom/comments/:id', { ...guard, schema: { params: CommentIdParams } }, async (request, reply) => {
    const data = await detail(request, request.params.id);
    return sendNewsroomHtml(reply, <ModerationCommentPage chrome={newsroomChrome(request, reply)} {...data} />);
  });

  for (const kind of ['edit', 'reply'] as const) {
    app.post(
      `/newsroom/comments/:id/${kind}`,
      { ...guard, preValidation: app.csrfProtection, schema: { params: CommentIdParams, body: TextBody } },
      async (request, reply) => {
        const id = request.params.id;
        const text = request.body.body ?? '';
        try {
          if (kind === 'edit') await services.moderation.edit(id, text, moderator(request));
          else await services.moderation.replyAsStaff(id, text, moderator(request));
        } catch (error) {
          if (!(error instanceof DomainError) || error.code !== 'invalid') throw error;
          const data = await detail(request, id);
          return sendNewsroomHtml(
            reply,
            <ModerationCommentPage chrome={newsroomChrome(request, reply)} {...data} error={{ field: kind, message: error.message, text }} />,
            422,
          );
        }
        return reply.redirect(`/newsroom/comments/${id}`, 303);
      },
    );
  }
};
