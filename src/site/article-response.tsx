import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Article } from '../news/articles/article.types.js';
import type { CommentPageView } from '../news/comments/comment-page.js';
import type { CommentField } from '../news/comments/pipeline.types.js';
import { loadChrome } from './chrome-loader.js';
import type { ArticleResponseDeps } from './deps.js';
import { ownCommentIds, savedDetails } from './comments/reader-cookies.js';
import { renderDocument } from '../web/render.js';
import { ArticlePage } from './views/ArticlePage.js';
import type { CommentFormState } from './views/comments/comment-form-state.js';
import type { UnlockFormState } from './views/components/PasswordForm.js';

const RELATED = 4;

/** What the reader sent when a comment bounced: shown again so nothing typed is lost. */
export interface CommentAttempt {
  parentId: number | null;
  values: CommentFormState['values'];
  errors: Partial<Record<CommentField, string>>;
  message: string | null;
}

/**
 * Renders an article page with its comments: for a plain visit, and again (422) when a posted comment needs fixing.
 * A private story (to the staff who may write it) or an unlocked password-protected one is this reader's alone:
 * `private, no-store`, so no cache keeps it.
 */
export async function sendArticlePage(
  deps: ArticleResponseDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  article: Article,
  options: { attempt?: CommentAttempt; status?: number; comments?: Omit<CommentPageView, 'ownIds'>; replyToId?: number } = {},
) {
  const { services } = deps;
  const ownIds = ownCommentIds(request, deps.signer);
  const [chrome, related, thread, corrections, closedMessage] = await Promise.all([
    loadChrome(services, deps.assets, deps.siteUrl),
    services.articles.related(article, RELATED),
    services.comments.thread(article.id, { page: 1, ...options.comments, ownIds }),
    services.corrections.forArticle(article.id),
    services.comments.closedReason(article.id),
  ]);
  let form: CommentFormState | null = null;
  if (!closedMessage) {
    const attempt = options.attempt;
    const parentId = attempt?.parentId ?? options.replyToId ?? null;
    const replyTo = parentId === null ? null : await services.comments.visibleParent(article.id, parentId);
    const saved = savedDetails(request);
    form = {
      articleId: article.id,
      parentId: replyTo ? replyTo.id : null,
      replyToName: replyTo?.authorName ?? null,
      values: attempt?.values ?? { body: '', name: saved?.name ?? '', email: saved?.email ?? '', url: saved?.url ?? '', save: saved !== null, notify: false },
      errors: attempt?.errors ?? {},
      message: attempt?.message ?? null,
      formToken: services.comments.formToken(article.id),
      csrfToken: reply.generateCsrf(),
    };
  }
  const html = renderDocument(
    <ArticlePage
      chrome={chrome}
      article={article}
      related={related}
      comments={{ thread, approvedCount: article.commentCount, form, closedMessage: closedMessage ?? '', linkBase: linkBase(request, article) }}
      commentsScript={deps.assets.url('comments.js')}
      corrections={corrections}
    />,
  );
  return reply
    .status(options.status ?? 200)
    .type('text/html; charset=utf-8')
    .header('cache-control', article.visibility === 'public' ? 'private, no-cache' : 'private, no-store')
    .send(html);
}

/** '' when the request is at the article's own address (its comments' links are then a query alone), else its path. */
function linkBase(request: FastifyRequest, article: Article): string {
  return request.url.split('?')[0] === article.path ? '' : article.path;
}

/**
 * A password-protected story before its password is given: headline, byline, dates, the password form, related
 * stories. Nothing in it depends on the reader (no CSRF or form token, no cookie set, no comments), so it is the same
 * bytes for everyone and cacheable like the other public pages; a failed attempt (`error`, answered to a POST) is not.
 */
export async function sendLockedArticlePage(
  deps: ArticleResponseDeps,
  reply: FastifyReply,
  article: Article,
  options: { error?: string; status?: number } = {},
) {
  const { services } = deps;
  const [chrome, related] = await Promise.all([loadChrome(services, deps.assets, deps.siteUrl), services.articles.related(article, RELATED)]);
  const unlock: UnlockFormState = { action: `${article.path}unlock`, error: options.error ?? null };
  const html = renderDocument(
    <ArticlePage chrome={chrome} article={article} related={related} comments={null} unlock={unlock} commentsScript={deps.assets.url('comments.js')} />,
  );
  if (options.error) reply.header('cache-control', 'private, no-store');
  return reply
    .status(options.status ?? 200)
    .type('text/html; charset=utf-8')
    .send(html);
}
