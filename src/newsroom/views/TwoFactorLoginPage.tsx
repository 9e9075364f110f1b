import { FormField } from './FormField.js';
import type { NewsroomChrome } from './chrome.js';
import { NewsroomLayout } from './NewsroomLayout.js';

/** The second step of signing in to an account with two-factor sign-in on: the password was right, now the code. */
export function TwoFactorLoginPage(props: { chrome: NewsroomChrome; csrfToken: string; error?: string }) {
  return (
    <NewsroomLayout chrome={props.chrome} title="Enter your code">
      <h1>Enter your code</h1>
      <p id="code-help">Enter the 6-digit code from your app (or a recovery code).</p>
      <form class="nr-form" method="post" action="/newsroom/login/code" aria-describedby="code-help">
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <FormField id="login-code" name="code" label="Code" type="text" autocomplete="one-time-code" maxLength={40} error={props.error} autofocus />
        <div>
          <button type="submit">Sign in</button>
        </div>
      </form>
      <p>
        No phone and no recovery codes? An administrator can turn two-factor sign-in off for your account. Or <a href="/newsroom/login">start again</a>.
      </p>
    </NewsroomLayout>
  );
}
