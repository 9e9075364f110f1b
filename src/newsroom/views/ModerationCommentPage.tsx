import type { QueueItem } from '../../news/comments/moderation.service.js';
import { AuditHistory, type AuditHistoryView } from './AuditEntryList.js';
import type { NewsroomChrome } from './chrome.js';
import { NewsroomLayout } from './NewsroomLayout.js';

/** One comment in the newsroom: edit it, reply to it as staff, and see every moderation action on it. */
export function ModerationCommentPage(props: {
  chrome: NewsroomChrome;
  comment: QueueItem;
  articlePath: string;
  history: AuditHistoryView;
  error?: { field: 'edit' | 'reply'; message: string; text: string };
}) {
  const { comment, chrome, error } = props;
  const editText = error?.field === 'edit' ? error.text : comment.body;
  const replyText = error?.field === 'reply' ? error.text : '';
  return (
    <NewsroomLayout chrome={chrome} title={`Comment by ${comment.authorName}`}>
      <p>
        <a href={`/newsroom/comments?status=${comment.status}`}>← Back to the {comment.status} queue</a>
      </p>
      <h1>Comment by {comment.authorName}</h1>
      <p class="nr-meta">
        Status: <strong>{comment.status}</strong> · on <a href={`${props.articlePath}#comment-${comment.id}`}>{comment.articleTitle}</a> · spam score{' '}
        {comment.spamScore === null ? 'not scored' : comment.spamScore.toFixed(2)}
      </p>
      <section aria-labelledby="edit-heading">
        <h2 id="edit-heading">Edit</h2>
        <form method="post" action={`/newsroom/comments/${comment.id}/edit`} class="nr-form">
          <input type="hidden" name="_csrf" value={chrome.csrfToken} />
          <div class="nr-field">
            <label for="edit-body">Comment text</label>
            <textarea
              id="edit-body"
              name="body"
              rows={8}
              value={editText}
              aria-invalid={error?.field === 'edit' ? 'true' : undefined}
              aria-describedby="edit-error"
            />
            <p class="nr-field-error" id="edit-error">
              {error?.field === 'edit' ? error.message : ''}
            </p>
          </div>
          <button type="submit">Save changes</button>
        </form>
      </section>
      {comment.status === 'approved' ? (
        <section aria-labelledby="reply-heading">
          <h2 id="reply-heading">Reply as staff</h2>
          <form method="post" action={`/newsroom/comments/${comment.id}/reply`} class="nr-form">
            <input type="hidden" name="_csrf" value={chrome.csrfToken} />
            <div class="nr-field">
              <label for="reply-body">Your reply (published at once, with a Staff badge)</label>
              <textarea
                id="reply-body"
                name="body"
                rows={5}
                value={replyText}
                aria-invalid={error?.field === 'reply' ? 'true' : undefined}
                aria-describedby="reply-error"
              />
              <p class="nr-field-error" id="reply-error">
                {error?.field === 'reply' ? error.message : ''}
              </p>
            </div>
            <button type="submit">Post reply</button>
          </form>
        </section>
      ) : null}
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        <AuditHistory history={props.history} label="Moderation actions, newest first" empty="No moderation actions yet." />
      </section>
    </NewsroomLayout>
  );
}
