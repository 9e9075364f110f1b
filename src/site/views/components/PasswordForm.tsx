/** What a locked story says above its password form (WordPress's words, which readers of moved sites know). */
export const PROTECTED_MESSAGE = 'This content is password protected. To view it please enter your password below:';

export interface UnlockFormState {
  /** Where the form posts: the story's address + `unlock`. */
  action: string;
  /** Why the last attempt failed (a wrong password, too many attempts); null on a plain visit. */
  error: string | null;
}

/**
 * The password form a password-protected story shows instead of its text and comments. The same bytes for every
 * reader (no token in it): the route refuses posts from other sites by their Origin and Sec-Fetch-Site headers.
 */
export function PasswordForm(props: { state: UnlockFormState }) {
  const { action, error } = props.state;
  return (
    <form class="password-form" method="post" action={action}>
      <p class="password-form-message">{PROTECTED_MESSAGE}</p>
      {error ? (
        <p class="form-problem" role="alert" id="story-password-error">
          {error}
        </p>
      ) : null}
      <div class="password-form-row">
        <label for="story-password">Password</label>
        <input
          id="story-password"
          name="password"
          type="password"
          required
          maxlength={255}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'story-password-error' : undefined}
        />
        <button type="submit">Enter</button>
      </div>
    </form>
  );
}
