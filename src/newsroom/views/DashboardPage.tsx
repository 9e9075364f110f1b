import type { DashboardOverview } from '../../news/stats/dashboard.service.js';
import { formatLate } from '../../news/scheduling/publication-scheduler.js';
import { dateFormatter } from '../../news/shared/date-format.js';
import { ActivityChart } from './ActivityChart.js';
import type { NewsroomChrome } from './chrome.js';
import { NewsroomLayout } from './NewsroomLayout.js';
import { ColumnHeads } from './ColumnHeads.js';

/** What the dashboard shows besides who is signed in; absent parts are left out. */
export interface DashboardData {
  overview: DashboardOverview;
  /** Comments waiting for moderation that this user may moderate; null when they moderate none. */
  commentsPending: number | null;
}

function siteTime(iso: string, timeZone: string): string {
  return dateFormatter('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(
    new Date(iso),
  );
}

export function DashboardPage(props: {
  chrome: NewsroomChrome;
  displayName: string;
  roleLabel: string;
  canModerateComments: boolean;
  csrfToken: string;
  data?: DashboardData;
}) {
  const data = props.data;
  const overview = data?.overview;
  return (
    <NewsroomLayout chrome={props.chrome} title="Dashboard">
      <h1>Newsroom</h1>
      <p>
        Signed in as <strong>{props.displayName}</strong> ({props.roleLabel})
      </p>
      {overview ? (
        <>
          <h2>Waiting</h2>
          <ul class="nr-links nr-dashboard-counts">
            <li>
              <a href="/newsroom/articles?status=draft">Drafts</a>: <span class="nr-count">{overview.drafts}</span>
            </li>
            <li>
              <a href="/newsroom/articles?status=pending">Waiting for review</a>: <span class="nr-count">{overview.pending}</span>
            </li>
            {data.commentsPending !== null ? (
              <li>
                <a href="/newsroom/comments">Comments pending</a>: <span class="nr-count">{data.commentsPending}</span>
              </li>
            ) : null}
          </ul>

          <h2>Schedule</h2>
          {overview.upcoming.length ? (
            <table class="nr-table nr-schedule">
              <caption>Scheduled articles, soonest first (times in {overview.timeZone})</caption>
              <ColumnHeads names={['Goes live', 'Article']} />
              <tbody>
                {overview.upcoming.map((item) => (
                  <tr>
                    <td>
                      <time dateTime={item.scheduledFor}>{siteTime(item.scheduledFor, overview.timeZone)}</time>
                    </td>
                    <td>
                      <a href={`/newsroom/articles/${item.articleId}/edit`}>{item.title}</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>Nothing is scheduled.</p>
          )}
          {overview.lateRuns.length ? (
            <>
              <h3>Late publications in the last 30 days</h3>
              <table class="nr-table nr-late-runs">
                <caption>Scheduled articles that went live more than a minute after their time (times in {overview.timeZone})</caption>
                <ColumnHeads names={['Article', 'Due', 'Went live', 'Late by']} />
                <tbody>
                  {overview.lateRuns.map((run) => (
                    <tr>
                      <td>
                        <a href={`/newsroom/articles/${run.articleId}/edit`}>{run.title}</a>
                      </td>
                      <td>
                        <time dateTime={run.scheduledFor}>{siteTime(run.scheduledFor, overview.timeZone)}</time>
                      </td>
                      <td>
                        <time dateTime={run.ranAt}>{siteTime(run.ranAt, overview.timeZone)}</time>
                        {run.trigger === 'start' ? ' (when the site started)' : ''}
                      </td>
                      <td>{formatLate(run.lateMs)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : (
            <p>No scheduled article went live late in the last 30 days.</p>
          )}

          <h2>The last {overview.perDay.length} days</h2>
          <ActivityChart days={overview.perDay} id="activity-chart" />
        </>
      ) : null}
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
