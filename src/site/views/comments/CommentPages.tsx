import type { ReportReason } from '../../../news/vocabulary.js';
import type { SiteChrome } from '../chrome.js';
import { Layout } from '../Layout.js';

/** Small pages around comments: editing your own, reporting one, a plain message. */

export function EditCommentPage(props: {
  chrome: SiteChrome;
  commentId: number;
  body: string;
  articlePath: string;
  articleTitle: string;
  csrfToken: string;
  error?: string;
}) {
  const { chrome } = props;
  return (
    <Layout chrome={chrome} meta={{ title: 'Edit your comment', canonicalPath: `/comments/${props.commentId}/edit`, noindex: true }}>
      <section class="static-page comment-edit">
        <h1>Edit your comment</h1>
        <p>
          On <a href={props.articlePath}>{props.articleTitle}</a>. You can change or delete a comment for 10 minutes after posting it.
        </p>
        <form method="post" action={`/comments/${props.commentId}/edit`} class="comment-form" novalidate>
          <input type="hidden" name="_csrf" value={props.csrfToken} />
          <div class="field">
            <label for="comment">Comment</label>
            <textarea
              id="comment"
              name="comment"
              rows={8}
              value={props.body}
              aria-invalid={props.error ? 'true' : undefined}
              aria-describedby="comment-body-error"
            />
            <p class="field-error" id="comment-body-error" aria-live="polite">
              {props.error ?? ''}
            </p>
          </div>
          <p class="form-submit">
            <button type="submit">Save changes</button>
          </p>
        </form>
        <form method="post" action={`/comments/${props.commentId}/delete`}>
          <input type="hidden" name="_csrf" value={props.csrfToken} />
          <button type="submit" class="button-secondary">
            Delete my comment
          </button>
        </form>
      </section>
    </Layout>
  );
}

const REASON_LABELS: Record<ReportReason, string> = {
  spam: 'Spam or advertising',
  abuse: 'Abusive or hateful',
  'off-topic': 'Off-topic',
  other: 'Something else',
};

export function ReportCommentPage(props: { chrome: SiteChrome; commentId: number; excerpt: string; csrfToken: string }) {
  return (
    <Layout chrome={props.chrome} meta={{ title: 'Report a comment', canonicalPath: `/comments/${props.commentId}/report`, noindex: true }}>
      <section class="static-page">
        <h1>Report a comment</h1>
        <blockquote class="report-excerpt">{props.excerpt}</blockquote>
        <form method="post" action={`/comments/${props.commentId}/report`} class="comment-form">
          <input type="hidden" name="_csrf" value={props.csrfToken} />
          <fieldset>
            <legend>What is wrong with it?</legend>
            {Object.entries(REASON_LABELS).map(([value, label], index) => (
              <div class="check" key={value}>
                <input type="radio" id={`reason-${value}`} name="reason" value={value} checked={index === 0} />
                <label for={`reason-${value}`}>{label}</label>
              </div>
            ))}
          </fieldset>
          <div class="field">
            <label for="note">Anything the moderators should know (optional)</label>
            <textarea id="note" name="note" rows={3} maxLength={500} value="" />
          </div>
          <p class="form-submit">
            <button type="submit">Send report</button>
          </p>
        </form>
      </section>
    </Layout>
  );
}

export function CommentMessagePage(props: { chrome: SiteChrome; title: string; message: string; link?: { href: string; label: string } }) {
  return (
    <Layout chrome={props.chrome} meta={{ title: props.title, canonicalPath: '/comments/', noindex: true }}>
      <section class="static-page">
        <h1>{props.title}</h1>
        <p>{props.message}</p>
        {props.link ? (
          <p>
            <a href={props.link.href}>{props.link.label}</a>
          </p>
        ) : null}
      </section>
    </Layout>
  );
}
