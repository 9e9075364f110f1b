import type { CommentThread } from '../../../news/comments/comment-thread.js';
import type { SiteChrome } from '../chrome.js';
import type { CommentFormState } from './comment-form-state.js';
import { CommentForm } from './CommentForm.js';
import { CommentItem } from './CommentItem.js';

export interface CommentsView {
  thread: CommentThread;
  approvedCount: number;
  /** null when comments are closed. */
  form: CommentFormState | null;
  closedMessage: string;
}

function countLabel(n: number): string {
  return n === 0 ? 'No comments yet' : n === 1 ? '1 comment' : `${n.toLocaleString('en')} comments`;
}

export function CommentsSection(props: { chrome: SiteChrome; articleId: number; articlePath: string; comments: CommentsView }) {
  const { chrome, comments, articlePath } = props;
  const { thread } = comments;
  const pageHref = (n: number) => `${articlePath}${n > 1 ? `?cpage=${n}` : ''}#comments`;
  return (
    <section id="comments" class="comments" aria-labelledby="comments-heading" data-article-id={props.articleId}>
      <h2 id="comments-heading">{countLabel(comments.approvedCount)}</h2>
      {thread.roots.length ? (
        <ol class="comment-list">
          {thread.roots.map((comment) => (
            <CommentItem key={comment.id} comment={comment} chrome={chrome} articlePath={articlePath} canReply={comments.form !== null} />
          ))}
        </ol>
      ) : null}
      {thread.pageCount > 1 ? (
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
