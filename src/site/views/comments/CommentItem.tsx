import type { CommentNode } from '../../../news/comments/comment-thread.js';
import type { SiteChrome } from '../chrome.js';
import { Time } from '../components/Time.js';
import { Avatar } from './Avatar.js';

export function CommentItem(props: { comment: CommentNode; chrome: SiteChrome; articlePath: string; canReply: boolean }) {
  const { comment, chrome } = props;
  const name = comment.authorUrl ? (
    <a href={comment.authorUrl} rel="nofollow ugc noopener" class="comment-author">
      {comment.authorName}
    </a>
  ) : (
    <span class="comment-author">{comment.authorName}</span>
  );
  return (
    <li id={`comment-${comment.id}`} class={`comment depth-${comment.depth}`}>
      <article class={comment.awaitingModeration ? 'comment-body held' : 'comment-body'} aria-labelledby={`comment-${comment.id}-by`}>
        <header class="comment-header">
          <Avatar name={comment.authorName} />
          <p class="comment-meta" id={`comment-${comment.id}-by`}>
            {name}
            {comment.isStaff ? <span class="staff-badge">Staff</span> : null}
            <a class="comment-permalink" href={commentHref(props.articlePath, comment.id)}>
              <Time iso={comment.createdAt} chrome={chrome} withTime />
            </a>
            {comment.editedAt ? <span class="comment-edited"> (edited)</span> : null}
          </p>
        </header>
        {comment.awaitingModeration ? <p class="moderation-note">Your comment is awaiting moderation.</p> : null}
        <div class="comment-text" dangerouslySetInnerHTML={{ __html: comment.bodyHtml }} />
        <footer class="comment-actions">
          {props.canReply && !comment.awaitingModeration ? (
            <a
              class="comment-reply"
              href={`${props.articlePath}?replytocom=${comment.id}#respond`}
              data-reply-to={comment.id}
              data-reply-name={comment.authorName}
            >
              Reply<span class="visually-hidden"> to {comment.authorName}</span>
            </a>
          ) : null}
          {comment.editableUntil ? (
            <a href={`/comments/${comment.id}/edit`}>
              Edit or delete<span class="visually-hidden"> your comment</span>
            </a>
          ) : null}
          {!comment.awaitingModeration ? (
            <a href={`/comments/${comment.id}/report`} rel="nofollow">
              Report<span class="visually-hidden"> comment by {comment.authorName}</span>
            </a>
          ) : null}
        </footer>
      </article>
      {comment.replies.length ? (
        <ol class="comment-replies">
          {comment.replies.map((reply) => (
            <CommentItem key={reply.id} comment={reply} chrome={chrome} articlePath={props.articlePath} canReply={props.canReply} />
          ))}
        </ol>
      ) : null}
      {comment.moreReplies ? (
        <p class="comment-more">
          <a href={`${props.articlePath}?thread=${comment.threadId}#comment-${comment.threadId}`} data-thread={comment.threadId}>
            {moreRepliesLabel(comment.moreReplies, comment.replies.length > 0)}
          </a>
        </p>
      ) : null}
    </li>
  );
}

function moreRepliesLabel(n: number, someShown: boolean): string {
  const more = someShown ? ' more' : '';
  return n === 1 ? `Show 1${more} reply` : `Show ${n.toLocaleString('en')}${more} replies`;
}

/** A comment's permanent address: `?c=` lands on the page that holds it, even inside a collapsed thread. */
export function commentHref(articlePath: string, id: number): string {
  return `${articlePath}?c=${id}#comment-${id}`;
}
