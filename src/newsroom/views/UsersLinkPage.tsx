import type { PasswordLinkPurpose } from '../../news/vocabulary.js';
import { linkExpiryText } from '../../news/staff/password-link-email.js';
import type { NewsroomChrome } from './chrome.js';
import { NewsroomLayout } from './NewsroomLayout.js';
import { Notice } from './Notice.js';

/** What became of the email with the link: not asked for (or email is off), sent, or refused by the mail server. */
export type LinkEmailOutcome = 'not_sent' | 'sent' | 'failed';

/**
 * The one time a password link is shown: after an invitation or a reset. The token exists nowhere else (the database
 * has its hash), so the page says to pass it on now.
 */
export function UsersLinkPage(props: {
  chrome: NewsroomChrome;
  user: { id: number; displayName: string; email: string };
  purpose: PasswordLinkPurpose;
  url: string;
  expiresAt: string;
  email: LinkEmailOutcome;
}) {
  const { user } = props;
  const invite = props.purpose === 'invite';
  const title = invite ? `${user.displayName} is invited` : `Password link for ${user.displayName}`;
  return (
    <NewsroomLayout chrome={props.chrome} title={title}>
      <p>
        <a href={`/newsroom/users/${user.id}`}>← Back to {user.displayName}’s account</a>
      </p>
      <h1>{title}</h1>
      {props.email === 'sent' ? <Notice kind="ok">The link was emailed to {user.email}.</Notice> : null}
      {props.email === 'failed' ? <Notice kind="error">The email to {user.email} could not be sent. Give them the link below yourself.</Notice> : null}
      <p>
        {invite
          ? `With this link ${user.displayName} chooses a password for the account ${user.email}.`
          : `With this link ${user.displayName} chooses a new password; their current one keeps working until then. Any older link for the account no longer works.`}{' '}
        It works once, until {linkExpiryText(props.expiresAt)}.
      </p>
      <div class="nr-field nr-form-wide">
        <label for="password-link">The link</label>
        <input id="password-link" class="nr-link-field" type="text" value={props.url} readOnly aria-describedby="password-link-hint" spellcheck={false} />
        <p class="nr-hint" id="password-link-hint">
          Select it and copy it into a message to them. It is shown only on this page: if it gets lost, make a new one from the account’s page.
        </p>
      </div>
    </NewsroomLayout>
  );
}
