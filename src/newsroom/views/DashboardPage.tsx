import type { NewsroomChrome } from './chrome.js';
import { NewsroomLayout } from './NewsroomLayout.js';

export function DashboardPage(props: {
  chrome: NewsroomChrome;
  displayName: string;
  roleLabel: string;
  canModerateComments: boolean;
  csrfToken: string;
}) {
  return (
    <NewsroomLayout chrome={props.chrome} title="Dashboard">
      <h1>Newsroom</h1>
      <p>
        Signed in as <strong>{props.displayName}</strong> ({props.roleLabel})
      </p>
      <h2>Your work</h2>
      <ul class="nr-links">
        {props.canModerateComments ? (
          <li>
            <a href="/newsroom/comments">Comments</a>: review and moderate readers’ comments
          </li>
        ) : null}
        <li>
          <a href="/newsroom/account/password">Change password</a>
        </li>
      </ul>
      <form method="post" action="/newsroom/logout">
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <button type="submit">Sign out</button>
      </form>
    </NewsroomLayout>
  );
}
