import { FormField } from './FormField.js';
import type { NewsroomChrome } from './chrome.js';
import { NewPasswordFields } from './NewPasswordFields.js';
import { NewsroomLayout } from './NewsroomLayout.js';

export interface PasswordPageProps {
  chrome: NewsroomChrome;
  csrfToken: string;
  minLength: number;
  errors?: { currentPassword?: string; newPassword?: string; confirmPassword?: string; form?: string };
  done?: boolean;
}

export function PasswordPage(props: PasswordPageProps) {
  const errors = props.errors ?? {};
  const hasErrors = Object.values(errors).some(Boolean);
  return (
    <NewsroomLayout chrome={props.chrome} title="Change password">
      <h1>Change password</h1>
      {props.done ? (
        <p class="nr-notice nr-notice-ok" role="status">
          Your password has been changed. Any other browsers signed in to your account have been signed out.
        </p>
      ) : null}
      {hasErrors ? (
        <p class="nr-notice nr-notice-error" role="alert">
          {errors.form ?? 'The password was not changed. Check the fields marked below.'}
        </p>
      ) : null}
      <form class="nr-form" method="post" action="/newsroom/account/password">
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <FormField
          id="pw-current"
          name="currentPassword"
          label="Current password"
          type="password"
          autocomplete="current-password"
          maxLength={1024}
          error={errors.currentPassword}
        />
        <NewPasswordFields
          ids={{ password: 'pw-new', confirm: 'pw-confirm' }}
          name="newPassword"
          minLength={props.minLength}
          errors={{ password: errors.newPassword, confirmPassword: errors.confirmPassword }}
        />
        <div>
          <button type="submit">Change password</button>
        </div>
      </form>
    </NewsroomLayout>
  );
}
