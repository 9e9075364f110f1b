import { linkExpiryText } from '../../news/staff/password-link-email.js';
import { ROLE_LABELS } from '../../news/staff/roles.js';
import type { StaffDirectoryEntry } from '../../news/staff/user.service.js';
import { AuditHistory, type AuditHistoryView } from './AuditEntryList.js';
import type { NewsroomChrome } from './chrome.js';
import { FormField } from './FormField.js';
import { NewsroomLayout } from './NewsroomLayout.js';
import { Notice } from './Notice.js';
import { EmailLinkCheckbox, RoleFieldset } from './UsersFormParts.js';
import { accountStatus, BylineLink, LastSignIn } from './UsersPage.js';
import { utc } from './webhook-format.js';

export interface UserPageProps {
  chrome: NewsroomChrome;
  user: StaffDirectoryEntry;
  /** Whether the account signs in with a second factor (an authenticator app). */
  twoFactor: boolean;
  /** The signed-in administrator is looking at their own account. */
  isSelf: boolean;
  canEmail: boolean;
  /** The name and role form's values: the account's, or what was typed when the save failed. */
  values: { displayName: string; role: string };
  errors?: Record<string, string>;
  notice?: string | null;
  /** Why deactivating (or issuing a link) was refused. */
  actionError?: string | null;
  /** What was done to the account lately, and by it (sign-ins). */
  history: AuditHistoryView;
}

/** One account: its details, name and role, a password link, deactivation, and what was done to it lately. */
export function UserPage(props: UserPageProps) {
  const { user, chrome } = props;
  const errors = props.errors ?? {};
  const csrf = <input type="hidden" name="_csrf" value={chrome.csrfToken} />;
  return (
    <NewsroomLayout chrome={chrome} title={`User ${user.displayName}`}>
      <p>
        <a href="/newsroom/users">← Back to users</a>
      </p>
      <h1>{user.displayName}</h1>
      {props.notice ? <Notice kind="ok">{props.notice}</Notice> : null}
      {props.actionError ? <Notice kind="error">{props.actionError}</Notice> : null}
      <dl class="nr-signals">
        <dt>Email</dt>
        <dd>{user.email}</dd>
        <dt>Role</dt>
        <dd>{ROLE_LABELS[user.role]}</dd>
        <dt>Byline</dt>
        <dd>
          <BylineLink byline={user.byline} />
        </dd>
        <dt>Status</dt>
        <dd>{accountStatus(user)}</dd>
        <dt>Account made</dt>
        <dd>
          <time dateTime={user.createdAt}>{utc(user.createdAt)}</time> UTC
        </dd>
        <dt>Last sign-in</dt>
        <dd>
          <LastSignIn at={user.lastLoginAt} />
        </dd>
        <dt>Two-factor sign-in</dt>
        <dd>
          {props.twoFactor ? 'On' : 'Off'} (
          <a href={`/newsroom/users/${user.id}/two-factor`}>{props.twoFactor ? 'turn it off after a lost phone' : 'details'}</a>)
        </dd>
        <dt>Password link</dt>
        <dd>
          {user.openLink
            ? `${user.openLink.purpose === 'invite' ? 'An invitation' : 'A reset link'} is open until ${linkExpiryText(user.openLink.expiresAt)}.`
            : 'None open.'}
        </dd>
      </dl>

      <section aria-labelledby="profile-heading">
        <h2 id="profile-heading">Name and role</h2>
        {Object.values(errors).some(Boolean) ? <Notice kind="error">Nothing was changed. Check the fields marked below.</Notice> : null}
        <form class="nr-form nr-form-wide" method="post" action={`/newsroom/users/${user.id}`}>
          {csrf}
          <FormField
            id="user-name"
            name="displayName"
            label="Display name"
            type="text"
            value={props.values.displayName}
            autocomplete="off"
            maxLength={100}
            hint="The name in the newsroom. Their byline on the site keeps its own name."
            error={errors.displayName}
          />
          <RoleFieldset id="user-role" value={props.values.role} error={errors.role} />
          <div>
            <button type="submit">Save changes</button>
          </div>
        </form>
      </section>

      <section aria-labelledby="password-heading">
        <h2 id="password-heading">Password</h2>
        {user.active ? (
          <form method="post" action={`/newsroom/users/${user.id}/reset-link`} class="nr-form nr-form-wide">
            {csrf}
            <p class="nr-hint" id="reset-link-hint">
              A link with which {user.displayName} chooses a new password. It works once, for 24 hours, and replaces any earlier link
              {user.lastLoginAt === null ? ' (an expired invitation, say)' : ''}. Their current password keeps working until they use it.
            </p>
            {props.canEmail ? <EmailLinkCheckbox id="reset-send-email" email={user.email} checked /> : null}
            <div>
              <button type="submit" aria-describedby="reset-link-hint">
                Make a password link
              </button>
            </div>
          </form>
        ) : (
          <p>Reactivate the account before making a password link for it.</p>
        )}
      </section>

      <section aria-labelledby="access-heading">
        <h2 id="access-heading">Access</h2>
        {!user.active ? (
          <form method="post" action={`/newsroom/users/${user.id}/reactivate`} class="nr-inline-form">
            {csrf}
            <button type="submit" aria-describedby="reactivate-hint">
              Reactivate account
            </button>
            <p class="nr-hint" id="reactivate-hint">
              They can sign in again with their password (or with a new password link).
            </p>
          </form>
        ) : props.isSelf ? (
          <p>You cannot deactivate your own account. Another administrator can.</p>
        ) : (
          <form method="post" action={`/newsroom/users/${user.id}/deactivate`} class="nr-inline-form">
            {csrf}
            <button type="submit" class="nr-button-quiet" aria-describedby="deactivate-hint">
              Deactivate account
            </button>
            <p class="nr-hint" id="deactivate-hint">
              They are signed out everywhere at once and cannot sign in; open password links stop working. Their stories keep their byline. You can reactivate
              the account later.
            </p>
          </form>
        )}
      </section>

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        <AuditHistory history={props.history} label="Recent changes and sign-ins, newest first" empty="Nothing recorded yet." />
      </section>
    </NewsroomLayout>
  );
}
