import { FormField } from './FormField.js';
import type { NewsroomChrome } from './chrome.js';
import { NewsroomLayout } from './NewsroomLayout.js';

export interface LoginPageProps {
  chrome: NewsroomChrome;
  csrfToken: string;
  /** Kept after a failed attempt so only the password is typed again. */
  email: string;
  /** Where to go after signing in (already checked to be a local path). */
  next: string;
  error?: string;
  notice?: string;
}

export function LoginPage(props: LoginPageProps) {
  return (
    <NewsroomLayout chrome={props.chrome} title="Sign in">
      <h1>Sign in to the newsroom</h1>
      {props.notice ? <p class="nr-notice nr-notice-ok">{props.notice}</p> : null}
      {props.error ? (
        <p class="nr-notice nr-notice-error" role="alert" id="login-error">
          {props.error}
        </p>
      ) : null}
      <form class="nr-form" method="post" action="/newsroom/login" aria-describedby={props.error ? 'login-error' : undefined}>
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <input type="hidden" name="next" value={props.next} />
        <FormField
          id="login-email"
          name="email"
          label="Email"
          type="email"
          value={props.email}
          autocomplete="username"
          maxLength={254}
          autofocus={!props.email}
        />
        <FormField
          id="login-password"
          name="password"
          label="Password"
          type="password"
          autocomplete="current-password"
          maxLength={1024}
          autofocus={Boolean(props.email)}
        />
        <div>
          <button type="submit">Sign in</button>
        </div>
      </form>
    </NewsroomLayout>
  );
}
