import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { CommentRejected } from '../../news/comments/comment.service.js';
import { DomainError, notFound } from '../../news/shared/errors.js';
import { sendArticlePage } from '../article-response.js';
import { loadChrome } from '../chrome-loader.js';
import { renderDocument } from '../../web/render.js';
import type { SiteDeps } from '../deps.js';
import { CommentMessagePage, EditCommentPage, ReportCommentPage } from '../views/comments/CommentPages.js';
import { CommentEditBody, CommentIdParams, CommentPostBody, ReportBody, UnsubscribeQuery } from './comments.schemas.js';
import { readerOf } from '../reader.js';
import { ownCommentIds, rememberOwnComment, saveDetails } from './reader-cookies.js';

function sendHtml(reply: FastifyReply, page: VNode, status = 200) {
  return reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'private, no-store').send(renderDocument(page));
}

export const LOCKED_COMMENT_MESSAGE = 'Enter the story’s password before commenting on it.';

/**
 * Readers' comment actions. Every POST is CSRF-protected; nothing here needs an account. A comment is only reached
 * through a story this reader may read in full: on a private story (to all but its staff) or a password-protected one
 * they have not unlocked, it does not exist, and a new one is refused.
 */
export const commentRoutes: FastifyPluginAsyncTypebox<SiteDeps> = async (app, deps) => {
  const { services, signer } = deps;
  const chrome = () => loadChrome(services, deps.assets, deps.siteUrl);

  async function readableArticle(request: FastifyRequest, articleId: number) {
    const article = await services.articles.forReader({ id: articleId }, readerOf(request));
    return article && !article.locked ? article : null;
  }

  app.post('/comments', { preValidation: app.csrfProtection, schema: { body: CommentPostBody } }, async (request, reply) => {
    const body = request.body;
    const article = await services.articles.forReader({ id: Number(body.article_id) }, readerOf(request));
    if (!article) throw notFound('Article');
    if (article.locked) throw new DomainError(LOCKED_COMMENT_MESSAGE, 'forbidden');
    const parentId = body.parent_id ? Number(body.parent_id) : null;
    const values = {
      body: body.comment ?? '',
      name: body.author ?? '',
      email: body.email ?? '',
      url: body.url ?? '',
      save: body.save_details === 'yes',
      notify: body.notify === 'yes',
    };
    try {
      const { id } = await services.comments.submit({
        articleId: article.id,
        parentId,
        body: values.body,
        name: values.name,
        email: values.email,
        url: values.url,
        honeypot: body.contact_me ?? '',
        formToken: body.form_token ?? '',
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? '',
        notifyReplies: values.notify,
      });
      rememberOwnComment(request, reply, signer, id, deps.secureCookies);
      saveDetails(reply, values.save ? { name: values.name.trim(), email: values.email.trim(), url: values.url.trim() } : null, deps.secureCookies);
      // 303 so a reload does not post again; ?c= opens the page of the thread that holds the new comment.
      return reply.redirect(`${article.path}?c=${id}#comment-${id}`, 303);
    } catch (error) {
      if (!(error instanceof CommentRejected)) throw error;
      const attempt = {
        parentId,
        values,
        errors: error.fieldErrors,
        message: Object.keys(error.fieldErrors).length ? null : error.message,
      };
      return sendArticlePage(deps, request, reply, article, { attempt, status: 422 });
    }
  });

  app.get('/comments/:id/edit', { schema: { params: CommentIdParams } }, async (request, reply) => {
    const comment = await services.comments.ownEditable(request.params.id, ownCommentIds(request, signer));
    const article = await readableArticle(request, comment.article_id);
    if (!article) throw notFound('Comment');
    return sendHtml(
      reply,
      <EditCommentPage
        chrome={await chrome()}
        commentId={comment.id}
        body={comment.body}
        articlePath={article.path}
        articleTitle={article.title}
        csrfToken={reply.generateCsrf()}
      />,
    );
  });

  app.post('/comments/:id/edit', { preValidation: app.csrfProtection, schema: { params: CommentIdParams, body: CommentEditBody } }, async (request, reply) => {
    const ownIds = ownCommentIds(request, signer);
    const comment = await services.comments.ownEditable(request.params.id, ownIds);
    const article = await readableArticle(request, comment.article_id);
    if (!article) throw notFound('Comment');
    try {
      await services.comments.editOwn(comment.id, ownIds, request.body.comment ?? '');
    } catch (error) {
      if (!(error instanceof CommentRejected)) throw error;
      return sendHtml(
        reply,
        <EditCommentPage
          chrome={await chrome()}
          commentId={comment.id}
          body={request.body.comment ?? ''}
          articlePath={article.path}
          articleTitle={article.title}
          csrfToken={reply.generateCsrf()}
          error={error.message}
        />,
        422,
      );
    }
    return reply.redirect(`${article.path}?c=${comment.id}#comment-${comment.id}`, 303);
  });

  app.post('/comments/:id/delete', { preValidation: app.csrfProtection, schema: { params: CommentIdParams } }, async (request, reply) => {
    const ownIds = ownCommentIds(request, signer);
    const comment = await services.comments.ownEditable(request.params.id, ownIds);
    await services.comments.deleteOwn(comment.id, ownIds);
    const article = await readableArticle(request, comment.article_id);
    return reply.redirect(article ? `${article.path}#comments` : '/', 303);
  });

  app.get('/comments/:id/report', { schema: { params: CommentIdParams } }, async (request, reply) => {
    const comment = await services.comments.visibleComment(request.params.id);
    if (!(await readableArticle(request, comment.article_id))) throw notFound('Comment');
    const excerpt = comment.body.length > 300 ? `${comment.body.slice(0, 300)}…` : comment.body;
    return sendHtml(reply, <ReportCommentPage chrome={await chrome()} commentId={comment.id} excerpt={excerpt} csrfToken={reply.generateCsrf()} />);
  });

  app.post('/comments/:id/report', { preValidation: app.csrfProtection, schema: { params: CommentIdParams, body: ReportBody } }, async (request, reply) => {
    // One report per reader: the key is a hash, so reports never store a reader's address.
    const reporterKey = createHash('sha256')
      .update(`${request.ip}\n${request.headers['user-agent'] ?? ''}`)
      .digest('hex');
    const reported = await services.comments.visibleComment(request.params.id);
    if (!(await readableArticle(request, reported.article_id))) throw notFound('Comment');
    await services.comments.report(request.params.id, request.body.reason, request.body.note ?? '', reporterKey);
    const comment = await services.comments.visibleOrHeld(request.params.id);
    const article = comment ? await readableArticle(request, comment.article_id) : null;
    return sendHtml(
      reply,
      <CommentMessagePage
        chrome={await chrome()}
        title="Thank you for your report"
        message="The moderators will look at this comment."
        link={article ? { href: `${article.path}#comments`, label: `Back to “${article.title}”` } : undefined}
      />,
    );
  });

  app.get('/comments/unsubscribe', { schema: { querystring: UnsubscribeQuery } }, async (request, reply) => {
    const done = await services.comments.unsubscribe(request.query.t);
    return sendHtml(
      reply,
      done ? (
        <CommentMessagePage chrome={await chrome()} title="Unsubscribed" message="You will get no more emails about replies to that comment." />
      ) : (
        <CommentMessagePage
          chrome={await chrome()}
          title="That link did not work"
          message="The unsubscribe link is not valid. Copy the whole link from the email and try again."
        />
      ),
      done ? 200 : 400,
    );
  });
};
