import type { PasswordLinkPurpose } from '../../news/vocabulary.js';
import type { NewsroomChrome } from './chrome.js';
import { NewPasswordFields } from './NewPasswordFields.js';
import { NewsroomLayout } from './NewsroomLayout.js';
import { Notice } from './Notice.js';

/**
 * The public page a password link opens: choose a password (twice). The email is shown read-only, also so password
 * managers store the new password under the right account.
 */
export function ResetPasswordPage(props: {
  chrome: NewsroomChrome;
  csrfToken: string;
  /** The form posts back to the link's own address. */
  action: string;
  purpose: PasswordLinkPurpose;
  displayName: string;
  email: string;
  minLength: number;
  errors?: { password?: string; confirmPassword?: string };
}) {
  const errors = props.errors ?? {};
  const hasErrors = Boolean(errors.password || errors.confirmPassword);
  return (
    <NewsroomLayout chrome={props.chrome} title="Choose a password">
      <h1>Choose a password</h1>
      {hasErrors ? <Notice kind="error">The password was not set. Check the fields marked below.</Notice> : null}
      <p>
        {props.purpose === 'invite'
          ? `Welcome, ${props.displayName}. Choose the password for your newsroom account; then sign in with it.`
          : `${props.displayName}, choose a new password for your newsroom account. Any browser signed in to it will be signed out.`}
      </p>
      <form class="nr-form" method="post" action={props.action}>
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <div class="nr-field">
          <label for="reset-email">Email</label>
          <input id="reset-email" type="email" value={props.email} readOnly autocomplete="username" />
        </div>
        <NewPasswordFields
          ids={{ password: 'reset-password', confirm: 'reset-confirm' }}
          name="password"
          minLength={props.minLength}
          errors={errors}
          autofocus
        />
        <div>
          <button type="submit">Set password</button>
        </div>
      </form>
    </NewsroomLayout>
  );
}
