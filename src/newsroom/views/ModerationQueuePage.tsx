import { type ModerationAction, type QueueItem, queueOrder } from '../../news/comments/moderation.service.js';
import { type KeysetCursor, type KeysetPage, cursorParam } from '../../news/shared/pagination.js';
import type { CommentStatus } from '../../news/vocabulary.js';
import type { NewsroomChrome } from './chrome.js';
import { KeysetPager } from './KeysetPager.js';
import { NewsroomLayout } from './NewsroomLayout.js';

const TABS: { status: CommentStatus; label: string }[] = [
  { status: 'pending', label: 'Pending' },
  { status: 'approved', label: 'Approved' },
  { status: 'spam', label: 'Spam' },
  { status: 'trash', label: 'Trash' },
];

/** The actions that make sense for comments in each queue, with their keyboard shortcut. */
export const ACTIONS_FOR: Record<CommentStatus, { action: ModerationAction; label: string; key?: string }[]> = {
  pending: [
    { action: 'approve', label: 'Approve', key: 'a' },
    { action: 'spam', label: 'Spam', key: 's' },
    { action: 'trash', label: 'Trash', key: 't' },
  ],
  approved: [
    { action: 'unapprove', label: 'Unapprove', key: 'u' },
    { action: 'spam', label: 'Spam', key: 's' },
    { action: 'trash', label: 'Trash', key: 't' },
  ],
  spam: [
    { action: 'not-spam', label: 'Not spam', key: 'a' },
    { action: 'trash', label: 'Trash', key: 't' },
  ],
  trash: [
    { action: 'restore', label: 'Restore', key: 'r' },
    { action: 'spam', label: 'Spam', key: 's' },
  ],
};

export interface QueueView {
  status: CommentStatus;
  counts: Record<CommentStatus, number>;
  q: string;
  articleId: number | null;
  list: KeysetPage<QueueItem>;
  /** Not the first page. */
  paged: boolean;
  /** Article paths by id, for links to the comment in place. */
  articlePaths: Map<number, string>;
  notice: string | null;
  /** This page's address, to come back to after an action. */
  back: string;
}

function queueHref(view: QueueView, changes: Partial<{ status: CommentStatus; after: KeysetCursor; article: number | null; q: string }>): string {
  const params = new URLSearchParams();
  const status = changes.status ?? view.status;
  params.set('status', status);
  const q = changes.q ?? view.q;
  if (q) params.set('q', q);
  const article = changes.article === undefined ? view.articleId : changes.article;
  if (article) params.set('article', String(article));
  if (changes.after) params.set('after', cursorParam(changes.after));
  return `/newsroom/comments?${params}`;
}

export function ModerationQueuePage(props: { chrome: NewsroomChrome; view: QueueView; scriptUrl: string }) {
  const { view } = props;
  const actions = ACTIONS_FOR[view.status];
  return (
    <NewsroomLayout chrome={props.chrome} title="Comments" scripts={[props.scriptUrl]}>
      <h1>Comments</h1>
      {view.notice ? (
        <p class="nr-notice nr-notice-ok" role="status">
          {view.notice}
        </p>
      ) : null}
      <nav class="nr-tabs" aria-label="Queues">
        <ul>
          {TABS.map((tab) => (
            <li key={tab.status}>
              <a href={queueHref(view, { status: tab.status })} aria-current={tab.status === view.status ? 'page' : undefined}>
                {tab.label} <span class="nr-count">{view.counts[tab.status]}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <form class="nr-search" method="get" action="/newsroom/comments" role="search">
        <input type="hidden" name="status" value={view.status} />
        {view.articleId ? <input type="hidden" name="article" value={view.articleId} /> : null}
        <label for="q">Search text, name, email or IP</label>
        <input id="q" name="q" type="search" value={view.q} />
        <button type="submit">Search</button>
        {view.articleId ? (
          <a href={queueHref(view, { article: null })} class="nr-clear-filter">
            Show all articles
          </a>
        ) : null}
      </form>
      <p class="nr-hint" id="shortcuts-hint">
        Keyboard: j / k move between comments, x selects one,{' '}
        {actions
          .filter((a) => a.key)
          .map((a) => `${a.key} = ${a.label.toLowerCase()}`)
          .join(', ')}
        .
      </p>
      {view.list.items.length === 0 ? (
        <p class="empty">No comments here.</p>
      ) : (
        <form method="post" action="/newsroom/comments/bulk" class="nr-queue" data-shortcuts={actions.map((a) => `${a.key}:${a.action}`).join(' ')}>
          <input type="hidden" name="_csrf" value={props.chrome.csrfToken} />
          <input type="hidden" name="back" value={view.back} />
          <div class="nr-bulk">
            <label for="bulk-action">With selected:</label>
            <select id="bulk-action" name="action">
              {actions.map((a) => (
                <option key={a.action} value={a.action}>
                  {a.label}
                </option>
              ))}
            </select>
            <button type="submit">Apply</button>
          </div>
          <ol class="nr-comments">
            {view.list.items.map((item) => (
              <li key={item.id}>
                <article class="nr-comment" id={`c${item.id}`} tabIndex={-1} data-comment-id={item.id} aria-labelledby={`c${item.id}-who`}>
                  <header class="nr-comment-head">
                    <input type="checkbox" name="ids" value={item.id} id={`sel-${item.id}`} />
                    <label for={`sel-${item.id}`} id={`c${item.id}-who`}>
                      <strong>{item.authorName}</strong> &lt;{item.authorEmail}&gt;
                    </label>
                    <span class="nr-meta">
                      {item.authorIp ? `${item.authorIp} · ` : ''}
                      <time datetime={item.createdAt}>{item.createdAt.replace('T', ' ').slice(0, 16)} UTC</time>
                      {item.isStaff ? ' · staff' : ''}
                    </span>
                  </header>
                  <p class="nr-meta">
                    On <a href={`${view.articlePaths.get(item.articleId) ?? '/'}#comment-${item.id}`}>{item.articleTitle}</a>
                    {' · '}
                    <a href={queueHref(view, { article: item.articleId })}>only this article</a>
                    {item.parentId ? ` · reply to #${item.parentId}` : ''}
                  </p>
                  <div class="nr-comment-text" dangerouslySetInnerHTML={{ __html: item.bodyHtml }} />
                  <dl class="nr-signals">
                    <dt>Spam score</dt>
                    <dd>{item.spamScore === null ? 'not scored' : item.spamScore.toFixed(2)}</dd>
                    {item.reportCount ? (
                      <>
                        <dt>Reports</dt>
                        <dd>{item.reportCount}</dd>
                      </>
                    ) : null}
                    <dt>Why</dt>
                    <dd>
                      <ul>
                        {item.reasons.map((r, i) => (
                          <li key={i}>
                            {r.phase}: {r.reason}
                          </li>
                        ))}
                      </ul>
                    </dd>
                  </dl>
                  <p class="nr-comment-actions">
                    {actions.map((a) => (
                      <button key={a.action} type="submit" name="one" value={`${a.action}:${item.id}`} data-action={a.action}>
                        {a.label}
                        <span class="visually-hidden"> comment by {item.authorName}</span>
                      </button>
                    ))}
                    <a href={`/newsroom/comments/${item.id}`}>
                      Edit or reply<span class="visually-hidden"> to {item.authorName}</span>
                    </a>
                  </p>
                </article>
              </li>
            ))}
          </ol>
        </form>
      )}
      <KeysetPager
        label="Queue pages"
        firstHref={view.paged ? queueHref(view, {}) : null}
        nextHref={view.list.next ? queueHref(view, { after: view.list.next }) : null}
        nextLabel={queueOrder(view.status) === 'asc' ? 'Later comments' : 'Earlier comments'}
      />
    </NewsroomLayout>
  );
}
