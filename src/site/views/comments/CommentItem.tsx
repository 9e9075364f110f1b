import type { CommentNode } from '../../../news/comments/comment-thread.js';
import type { SiteChrome } from '../chrome.js';
import { Time } from '../components/Time.js';
import { Avatar } from './Avatar.js';

/**
 * One comment and its replies. A page repeats this up to 60 times, so its markup is lean: the list's CSS styles the
 * elements (header, footer) rather than a class on each, and links to the page's own variants start with
 * `linkBase` ('' when the page is at the article's address: `?c=ID` stays on it without repeating the path).
 */
export function CommentItem(props: { comment: CommentNode; chrome: SiteChrome; linkBase: string; canReply: boolean }) {
  const { comment, chrome, linkBase } = props;
  const name = comment.authorUrl ? (
    <a href={comment.authorUrl} rel="nofollow ugc noopener" class="comment-author">
      {comment.authorName}
    </a>
  ) : (
    <span class="comment-author">{comment.authorName}</span>
  );
  return (
    <li id={`comment-${comment.id}`}>
      <article class={comment.awaitingModeration ? 'held' : undefined} aria-labelledby={`comment-${comment.id}-by`}>
        <header>
          <Avatar name={comment.authorName} />
          <p id={`comment-${comment.id}-by`}>
            {name}
            {comment.isStaff ? <span class="staff-badge">Staff</span> : null}
            <a href={commentHref(linkBase, comment.id)}>
              <Time iso={comment.createdAt} chrome={chrome} withTime />
            </a>
            {comment.editedAt ? <span> (edited)</span> : null}
          </p>
        </header>
        {comment.awaitingModeration ? <p class="moderation-note">Your comment is awaiting moderation.</p> : null}
        <div class="comment-text" dangerouslySetInnerHTML={{ __html: comment.bodyHtml }} />
        <footer>
          {props.canReply && !comment.awaitingModeration ? (
            <a href={`${linkBase}?replytocom=${comment.id}#respond`}>
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
            <CommentItem key={reply.id} comment={reply} chrome={chrome} linkBase={linkBase} canReply={props.canReply} />
          ))}
        </ol>
      ) : null}
      {comment.moreReplies ? (
        <p class="comment-more">
          <a href={`${linkBase}?thread=${comment.threadId}#comment-${comment.threadId}`}>{moreRepliesLabel(comment.moreReplies, comment.replies.length > 0)}</a>
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
