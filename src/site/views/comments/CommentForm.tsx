import { LIMITS, MESSAGES } from '../../../news/comments/phases/reject.js';
import type { CommentField } from '../../../news/comments/pipeline.types.js';
import type { CommentFormState } from './comment-form-state.js';

function FieldError(props: { field: CommentField; state: CommentFormState }) {
  const message = props.state.errors[props.field];
  return (
    <p class="field-error" id={`comment-${props.field}-error`} aria-live="polite">
      {message ?? ''}
    </p>
  );
}

/** ARIA wiring for a field: invalid when it has an error, described by its error (and hint). */
function aria(state: CommentFormState, field: CommentField, hint?: string) {
  const invalid = Boolean(state.errors[field]);
  return {
    'aria-invalid': invalid ? ('true' as const) : undefined,
    'aria-describedby': [hint, `comment-${field}-error`].filter(Boolean).join(' '),
  };
}

/**
 * The reader's comment form. It works without JavaScript (the server answers 422 with this form, messages and
 * everything typed); comments.js adds the same checks before sending and moves the form under a comment to reply.
 */
export function CommentForm(props: { state: CommentFormState; articlePath: string }) {
  const { state } = props;
  const v = state.values;
  const hasErrors = Object.keys(state.errors).length > 0 || state.message;
  return (
    <div id="respond" class="comment-respond">
      <h3 id="reply-title" class="reply-title">
        {state.replyToName ? <>Reply to {state.replyToName}</> : 'Leave a reply'}
        {state.parentId !== null ? (
          <>
            {' '}
            <a class="cancel-reply" href={`${props.articlePath}#respond`}>
              Cancel reply
            </a>
          </>
        ) : null}
      </h3>
      {hasErrors ? (
        <div class="form-problem" role="alert" id="comment-form-problem">
          {state.message ?? 'Your comment was not posted. Please correct the fields marked below.'}
        </div>
      ) : null}
      <form
        method="post"
        action="/comments"
        class="comment-form"
        novalidate
        data-msg-body={MESSAGES.bodyMissing}
        data-msg-name={MESSAGES.nameMissing}
        data-msg-email={MESSAGES.emailInvalid}
        data-msg-url={MESSAGES.urlInvalid}
        data-max-body={LIMITS.body}
      >
        <input type="hidden" name="_csrf" value={state.csrfToken} />
        <input type="hidden" name="form_token" value={state.formToken} />
        <input type="hidden" name="article_id" value={state.articleId} />
        <input type="hidden" name="parent_id" value={state.parentId ?? ''} />
        <p class="comment-notes">Your email address will not be published. Required fields are marked *</p>
        <div class="field">
          <label for="comment">
            Comment <span aria-hidden="true">*</span>
          </label>
          <textarea id="comment" name="comment" rows={7} maxLength={LIMITS.body + 1000} required value={v.body} {...aria(state, 'body')} />
          <FieldError field="body" state={state} />
        </div>
        <div class="field">
          <label for="author">
            Name <span aria-hidden="true">*</span>
          </label>
          <input id="author" name="author" type="text" value={v.name} autocomplete="name" maxLength={LIMITS.name + 50} required {...aria(state, 'name')} />
          <FieldError field="name" state={state} />
        </div>
        <div class="field">
          <label for="email">
            Email <span aria-hidden="true">*</span>
          </label>
          <input id="email" name="email" type="email" value={v.email} autocomplete="email" maxLength={LIMITS.email} required {...aria(state, 'email')} />
          <FieldError field="email" state={state} />
        </div>
        <div class="field">
          <label for="url">Website</label>
          <input id="url" name="url" type="url" value={v.url} autocomplete="url" maxLength={LIMITS.url + 50} {...aria(state, 'url')} />
          <FieldError field="url" state={state} />
        </div>
        <div class="hp-field" aria-hidden="true">
          <label for="contact_me">Leave this field empty</label>
          <input id="contact_me" name="contact_me" type="text" tabIndex={-1} autocomplete="off" value="" />
        </div>
        <div class="check">
          <input id="save_details" name="save_details" type="checkbox" value="yes" checked={v.save} />
          <label for="save_details">Save my name, email, and website in this browser for the next time I comment.</label>
        </div>
        <div class="check">
          <input id="notify" name="notify" type="checkbox" value="yes" checked={v.notify} />
          <label for="notify">Notify me of replies by email.</label>
        </div>
        <p class="form-submit">
          <button type="submit">Post Comment</button>
        </p>
      </form>
    </div>
  );
}
