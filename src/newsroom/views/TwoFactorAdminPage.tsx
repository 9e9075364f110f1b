import type { StaffUser } from '../../news/staff/staff-user.js';
import type { NewsroomChrome } from './chrome.js';
import { NewsroomLayout } from './NewsroomLayout.js';
import { Notice } from './Notice.js';
import { utc } from './webhook-format.js';

/** An administrator's view of someone's two-factor sign-in, to turn it off when they lost their phone. */
export function TwoFactorAdminPage(props: { chrome: NewsroomChrome; csrfToken: string; user: StaffUser; enabledAt: string | null; notice: string | null }) {
  const { user } = props;
  return (
    <NewsroomLayout chrome={props.chrome} title={`Two-factor sign-in: ${user.displayName}`}>
      <h1>Two-factor sign-in: {user.displayName}</h1>
      {props.notice ? <Notice kind="ok">{props.notice}</Notice> : null}
      <p>
        {user.displayName} ({user.email}):{' '}
        {props.enabledAt ? (
          <>
            <strong>on</strong> since {utc(props.enabledAt)} UTC.
          </>
        ) : (
          <strong>off</strong>
        )}
      </p>
      {props.enabledAt ? (
        <>
          <p>
            If they lost their phone and their recovery codes, turn it off: they will sign in with their password alone and can set it up again under Account
            security. Make sure it is really them asking.
          </p>
          <form class="nr-inline-form" method="post" action={`/newsroom/users/${user.id}/two-factor/disable`}>
            <input type="hidden" name="_csrf" value={props.csrfToken} />
            <button type="submit">Turn off two-factor sign-in</button>
          </form>
        </>
      ) : (
        <p>Only they can turn it on, under Account security.</p>
      )}
    </NewsroomLayout>
  );
}
