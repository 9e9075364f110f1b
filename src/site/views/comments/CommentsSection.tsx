import type { CommentThread } from '../../../news/comments/comment-thread.js';
import type { SiteChrome } from '../chrome.js';
import type { CommentFormState } from './comment-form-state.js';
import { CommentForm } from './CommentForm.js';
import { CommentItem, commentHref } from './CommentItem.js';

export interface CommentsView {
  thread: CommentThread;
  approvedCount: number;
  /** null when comments are closed. */
  form: CommentFormState | null;
  closedMessage: string;
  /**
   * How the comments' own links start (permalinks, Reply, "Show N more replies"): '' when the page is served at the
   * article's address, so a link of only a query stays on it; the article's path when it is not (a form sent back
   * from POST /comments, a preview).
   */
  linkBase: string;
}

function countLabel(n: number): string {
  return n === 0 ? 'No comments yet' : n === 1 ? '1 comment' : `${n.toLocaleString('en')} comments`;
}

export function CommentsSection(props: { chrome: SiteChrome; articleId: number; articlePath: string; comments: CommentsView }) {
  const { chrome, comments, articlePath } = props;
  const { thread } = comments;
  const pageHref = (n: number) => `${articlePath}${n > 1 ? `?cpage=${n}` : ''}#comments`;
  const single = thread.single;
  const replyPageHref = (threadId: number, n: number) => `${articlePath}?thread=${threadId}${n > 1 ? `&tpage=${n}` : ''}#comments`;
  return (
    <section id="comments" class="comments" aria-labelledby="comments-heading" data-article-id={props.articleId}>
      <h2 id="comments-heading">{countLabel(comments.approvedCount)}</h2>
      {single ? (
        <p class="comment-thread-nav">
          <a href={commentHref(articlePath, single.threadId)}>← All comments</a>
        </p>
      ) : null}
      {thread.roots.length ? (
        <ol class="comment-list">
          {thread.roots.map((comment) => (
            <CommentItem key={comment.id} comment={comment} chrome={chrome} linkBase={comments.linkBase} canReply={comments.form !== null} />
          ))}
        </ol>
      ) : null}
      {single && single.replyPageCount > 1 ? (
        <nav class="pagination comment-pages" aria-label="Pages of this thread">
          {single.replyPage > 1 ? <a href={replyPageHref(single.threadId, single.replyPage - 1)}>← Earlier replies</a> : <span />}
          <span class="pagination-status">
            Replies page {single.replyPage} of {single.replyPageCount}
          </span>
          {single.replyPage < single.replyPageCount ? <a href={replyPageHref(single.threadId, single.replyPage + 1)}>More replies →</a> : <span />}
        </nav>
      ) : null}
      {!single && thread.pageCount > 1 ? (
        <nav class="pagination comment-pages" aria-label="Comment pages">
          {thread.page > 1 ? <a href={pageHref(thread.page - 1)}>← Earlier page</a> : <span />}
          <span class="pagination-status">
            Comments page {thread.page} of {thread.pageCount}
          </span>
          {thread.page < thread.pageCount ? <a href={pageHref(thread.page + 1)}>Next page →</a> : <span />}
        </nav>
      ) : null}
      {comments.form ? <CommentForm state={comments.form} articlePath={articlePath} /> : <p class="comments-status">{comments.closedMessage}</p>}
      <p class="comment-feed-link">
        <a href={`${articlePath}comments/feed/`}>Comments feed (RSS)</a>
      </p>
    </section>
  );
}
