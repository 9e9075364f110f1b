import type { TwoFactorStatus } from '../../news/staff/two-factor.service.js';
import { FormField } from './FormField.js';
import type { NewsroomChrome } from './chrome.js';
import { NewsroomLayout } from './NewsroomLayout.js';
import { Notice } from './Notice.js';
import { utc } from './webhook-format.js';

/** The three forms on the page that ask for the password and a code; errors come back to the one that was sent. */
export type TwoFactorForm = 'confirm' | 'recovery' | 'disable';
export type TwoFactorErrors = { currentPassword?: string; code?: string; form?: string };

export interface TwoFactorPageProps {
  chrome: NewsroomChrome;
  csrfToken: string;
  status: TwoFactorStatus;
  /** While setting up: the QR code of the otpauth:// URI, as a data: URL for an <img>. */
  qrCode: string | null;
  notice: string | null;
  failed?: { form: TwoFactorForm; errors: TwoFactorErrors };
}

const FORM_ACTIONS: Record<TwoFactorForm, string> = {
  confirm: '/newsroom/account/two-factor/confirm',
  recovery: '/newsroom/account/two-factor/recovery-codes',
  disable: '/newsroom/account/two-factor/disable',
};

/** "ABCD EFGH IJKL …": easier to type into an app by hand. */
function grouped(secret: string): string {
  return secret.match(/.{1,4}/g)!.join(' ');
}

function PasswordAndCodeForm(props: { form: TwoFactorForm; page: TwoFactorPageProps; submitLabel: string; codeHint?: string }) {
  const { failed } = props.page;
  const errors: TwoFactorErrors = failed?.form === props.form ? failed.errors : {};
  return (
    <form class="nr-form" method="post" action={FORM_ACTIONS[props.form]}>
      <input type="hidden" name="_csrf" value={props.page.csrfToken} />
      {errors.form ? <Notice kind="error">{errors.form}</Notice> : null}
      <FormField
        id={`${props.form}-password`}
        name="currentPassword"
        label="Current password"
        type="password"
        autocomplete="current-password"
        maxLength={1024}
        error={errors.currentPassword}
      />
      <FormField
        id={`${props.form}-code`}
        name="code"
        label="Code"
        type="text"
        autocomplete="one-time-code"
        maxLength={40}
        hint={props.codeHint ?? 'The 6-digit code from your app, or one of your recovery codes.'}
        error={errors.code}
      />
      <div>
        <button type="submit">{props.submitLabel}</button>
      </div>
    </form>
  );
}

/** Account security: whether two-factor sign-in is on, setting it up, new recovery codes, turning it off. */
export function TwoFactorPage(props: TwoFactorPageProps) {
  const { status } = props;
  return (
    <NewsroomLayout chrome={props.chrome} title="Account security">
      <h1>Account security</h1>
      {props.notice ? <Notice kind="ok">{props.notice}</Notice> : null}
      <h2>Two-factor sign-in</h2>
      {status.enabled ? (
        <>
          <p>
            <strong>On</strong> since {utc(status.enabledAt!)} UTC. Signing in asks for your password and then a code from your authenticator app.
          </p>
          <p>
            Recovery codes left: <strong>{status.recoveryCodesLeft}</strong>.{status.recoveryCodesLeft <= 3 ? ' Make new ones before you run out.' : ''}
          </p>
          <h3>New recovery codes</h3>
          <p>Makes ten new codes and stops the old ones from working.</p>
          <PasswordAndCodeForm form="recovery" page={props} submitLabel="Make new recovery codes" />
          <h3>Turn off</h3>
          <p>Signing in will ask only for your password again.</p>
          <PasswordAndCodeForm form="disable" page={props} submitLabel="Turn off two-factor sign-in" />
        </>
      ) : status.setup ? (
        <>
          <p>
            <strong>Off</strong> until you finish setting it up.
          </p>
          <h3>1. Add this account to your authenticator app</h3>
          <p>Any TOTP app works (for example Google Authenticator, Microsoft Authenticator, 1Password, Bitwarden, FreeOTP). Scan this QR code with it:</p>
          {props.qrCode ? <img class="nr-qr" src={props.qrCode} width={200} height={200} alt="QR code that adds this account to an authenticator app" /> : null}
          <p>Or type this key into the app (time-based, 6 digits, every 30 seconds):</p>
          <p>
            <code class="nr-secret">{grouped(status.setup.secret)}</code>
          </p>
          <details>
            <summary>The full setup address (otpauth:// URI)</summary>
            <p>
              <code class="nr-secret">{status.setup.uri}</code>
            </p>
          </details>
          <h3>2. Confirm with a code from the app</h3>
          <PasswordAndCodeForm
            form="confirm"
            page={props}
            submitLabel="Turn on two-factor sign-in"
            codeHint="The 6-digit code the app now shows for this account."
          />
          <form class="nr-inline-form" method="post" action="/newsroom/account/two-factor/cancel">
            <input type="hidden" name="_csrf" value={props.csrfToken} />
            <button type="submit" class="nr-button-quiet">
              Cancel set-up
            </button>
          </form>
        </>
      ) : (
        <>
          <p>
            <strong>Off.</strong> Turn it on so that a stolen password alone cannot open your account: signing in will also ask for a code from an authenticator
            app on your phone.
          </p>
          <form class="nr-inline-form" method="post" action="/newsroom/account/two-factor/setup">
            <input type="hidden" name="_csrf" value={props.csrfToken} />
            <button type="submit">Turn on</button>
          </form>
        </>
      )}
      <h2>Password</h2>
      <p>
        <a href="/newsroom/account/password">Change your password</a>
      </p>
    </NewsroomLayout>
  );
}
