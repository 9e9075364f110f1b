import { ROLE_LABELS } from '../../news/staff/roles.js';
import type { StaffDirectoryEntry } from '../../news/staff/user.service.js';
import type { NewsroomChrome } from './chrome.js';
import { NewsroomLayout } from './NewsroomLayout.js';
import { Notice } from './Notice.js';
import { utc } from './webhook-format.js';
import { ColumnHeads } from './ColumnHeads.js';
import { authorPath } from '../../news/shared/paths.js';

/** "Active", "Deactivated", or "Invited" for an account whose invitation has not been taken up yet. */
export function accountStatus(user: Pick<StaffDirectoryEntry, 'active' | 'lastLoginAt' | 'openLink'>): string {
  if (!user.active) return 'Deactivated';
  if (user.openLink?.purpose === 'invite' && user.lastLoginAt === null) return 'Invited';
  return 'Active';
}

export function BylineLink(props: { byline: StaffDirectoryEntry['byline'] }) {
  return props.byline ? <a href={authorPath(props.byline.slug)}>{props.byline.displayName}</a> : <>None</>;
}

export function LastSignIn(props: { at: string | null }) {
  return props.at ? (
    <>
      <time dateTime={props.at}>{utc(props.at)}</time> UTC
    </>
  ) : (
    <>Never</>
  );
}

/**
 * Every staff account: who they are, their role and byline, whether they can sign in, when they last did and whether
 * they use two-factor sign-in.
 */
export function UsersPage(props: { chrome: NewsroomChrome; users: StaffDirectoryEntry[]; twoFactorUserIds: ReadonlySet<number>; notice: string | null }) {
  return (
    <NewsroomLayout chrome={props.chrome} title="Users">
      <h1>Users</h1>
      {props.notice ? <Notice kind="ok">{props.notice}</Notice> : null}
      <p>
        Everyone who can sign in to the newsroom. Open an account to change its role or name, deactivate it or give its owner a link to choose a new password.
      </p>
      <p>
        <a href="/newsroom/users/new">Invite a user</a>
      </p>
      <table class="nr-table nr-users">
        <caption class="visually-hidden">Staff accounts</caption>
        <ColumnHeads names={['Name', 'Email', 'Role', 'Byline', 'Status', 'Last sign-in', 'Two-factor']} />
        <tbody>
          {props.users.map((user) => (
            <tr key={user.id} class={user.active ? undefined : 'nr-inactive'}>
              <td>
                <a href={`/newsroom/users/${user.id}`}>{user.displayName}</a>
              </td>
              <td class="nr-url">{user.email}</td>
              <td>{ROLE_LABELS[user.role]}</td>
              <td>
                <BylineLink byline={user.byline} />
              </td>
              <td>{accountStatus(user)}</td>
              <td>
                <LastSignIn at={user.lastLoginAt} />
              </td>
              <td>{props.twoFactorUserIds.has(user.id) ? 'On' : 'Off'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </NewsroomLayout>
  );
}
