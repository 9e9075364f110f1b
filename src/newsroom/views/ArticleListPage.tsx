import type { ArticleStatus } from '../../news/vocabulary.js';
import type { ArticleCounts, ArticleListItem } from '../../news/editorial/editorial.service.js';
import { type KeysetCursor, cursorParam } from '../../news/shared/pagination.js';
import { STATUS_LABELS, STATUS_ONE, when } from './article-format.js';
import { ArticleTrashActions } from './ArticleTrashActions.js';
import type { NewsroomChrome } from './chrome.js';
import { ColumnHeads } from './ColumnHeads.js';
import { KeysetPager } from './KeysetPager.js';
import { NewsroomLayout } from './NewsroomLayout.js';

/** The list's views: all live articles, one status, or the trash. */
type ListView = ArticleStatus | 'trash' | null;

export function ArticleListPage(props: {
  chrome: NewsroomChrome;
  /** `mayManage`: this user may restore it or delete it for good (in the trash). */
  items: (ArticleListItem & { mayManage: boolean })[];
  counts: ArticleCounts;
  status: ListView;
  mine: boolean;
  q: string;
  notice: string | null;
  /** Where the next page starts, if there is one; `paged`: this is not the first page. */
  next: KeysetCursor | null;
  paged: boolean;
}) {
  const link = (status: ListView, mine = props.mine, after: KeysetCursor | null = null) => {
    const params = new URLSearchParams();
    if (status) params.set('status', status);
    if (mine) params.set('mine', '1');
    if (props.q) params.set('q', props.q);
    if (after) params.set('after', cursorParam(after));
    const query = params.toString();
    return `/newsroom/articles${query ? `?${query}` : ''}`;
  };
  const total = (Object.keys(STATUS_LABELS) as ArticleStatus[]).reduce((sum, status) => sum + props.counts[status], 0);
  return (
    <NewsroomLayout chrome={props.chrome} title="Articles">
      <h1>Articles</h1>
      {props.notice ? (
        <p class="nr-notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <p>
        <a class="nr-button" href="/newsroom/articles/new">
          New article
        </a>
      </p>
      <nav class="nr-tabs" aria-label="Article status">
        <ul>
          <li>
            <a href={link(null)} aria-current={props.status === null ? 'page' : undefined}>
              All <span class="nr-count">{total}</span>
            </a>
          </li>
          {(Object.keys(STATUS_LABELS) as ArticleStatus[]).map((status) => (
            <li key={status}>
              <a href={link(status)} aria-current={props.status === status ? 'page' : undefined}>
                {STATUS_LABELS[status]} <span class="nr-count">{props.counts[status]}</span>
              </a>
            </li>
          ))}
          <li>
            <a href={link('trash')} aria-current={props.status === 'trash' ? 'page' : undefined}>
              Trash <span class="nr-count">{props.counts.trash}</span>
            </a>
          </li>
        </ul>
      </nav>
      <form class="nr-filter" method="get" action="/newsroom/articles">
        {props.status ? <input type="hidden" name="status" value={props.status} /> : null}
        <label for="article-q">Headline contains</label>
        <input id="article-q" name="q" type="search" value={props.q} />
        <label class="nr-check">
          <input type="checkbox" name="mine" value="1" checked={props.mine} /> Only mine
        </label>
        <button type="submit">Filter</button>
      </form>
      {props.status === 'trash' ? (
        <TrashTable items={props.items} csrfToken={props.chrome.csrfToken} />
      ) : props.items.length ? (
        <table class="nr-table">
          <ColumnHeads names={['Headline', 'Byline', 'Status', 'Last saved']} />
          <tbody>
            {props.items.map((item) => (
              <tr key={item.id}>
                <td>
                  <a href={`/newsroom/articles/${item.id}/edit`}>{item.title}</a>
                </td>
                <td>{item.authors.join(', ')}</td>
                <td>
                  {STATUS_ONE[item.status]}
                  {item.status === 'scheduled' && item.publishedAt ? ` for ${when(item.publishedAt)}` : ''}
                </td>
                <td>{when(item.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No articles here.</p>
      )}
      <KeysetPager
        label="Article pages"
        firstHref={props.paged ? link(props.status) : null}
        nextHref={props.next ? link(props.status, props.mine, props.next) : null}
        nextLabel={props.status === 'trash' ? 'Trashed earlier' : 'Saved earlier'}
      />
    </NewsroomLayout>
  );
}

function TrashTable(props: { items: (ArticleListItem & { mayManage: boolean })[]; csrfToken: string }) {
  if (!props.items.length) return <p>The trash is empty.</p>;
  return (
    <>
      <p>Articles in the trash are not on the site. Restore one to edit it again, or delete it for good with its comments and revisions.</p>
      <table class="nr-table">
        <ColumnHeads names={['Headline', 'Byline', 'Trashed', 'Comments', 'Actions']} />
        <tbody>
          {props.items.map((item) => (
            <tr key={item.id}>
              <td>{item.title}</td>
              <td>{item.authors.join(', ')}</td>
              <td>
                {when(item.trashedAt)}
                {item.trashedBy ? ` by ${item.trashedBy}` : ''}
              </td>
              <td>{item.commentCount}</td>
              <td>{item.mayManage ? <ArticleTrashActions id={item.id} title={item.title} csrfToken={props.csrfToken} /> : 'Ask an editor'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
