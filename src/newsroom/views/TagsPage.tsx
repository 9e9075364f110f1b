import type { Page } from '../../news/shared/pagination.js';
import type { TagSummary } from '../../news/taxonomy/taxonomy.service.js';
import type { NewsroomChrome } from './chrome.js';
import { NewsroomLayout } from './NewsroomLayout.js';
import { Notice } from './Notice.js';
import { ColumnHeads } from './ColumnHeads.js';
import { tagPath } from '../../news/shared/paths.js';

export function tagListHref(q: string, page: number): string {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return `/newsroom/tags${query ? `?${query}` : ''}`;
}

/** Tags by name with their article counts, searchable and paged; each links to its rename, merge and delete forms. */
export function TagsPage(props: { chrome: NewsroomChrome; tags: Page<TagSummary>; q: string; notice: string | null }) {
  const { tags, q } = props;
  return (
    <NewsroomLayout chrome={props.chrome} title="Tags">
      <h1>Tags</h1>
      {props.notice ? <Notice kind="ok">{props.notice}</Notice> : null}
      <p>Writers add tags as they write; here they are renamed, merged when two mean the same thing, or deleted.</p>
      <form class="nr-search" method="get" action="/newsroom/tags" role="search">
        <label for="tag-q">Name contains</label>
        <input id="tag-q" name="q" type="search" value={q} maxLength={200} />
        <button type="submit">Search</button>
      </form>
      {tags.items.length ? (
        <table class="nr-table">
          <caption>
            {tags.total === 1 ? '1 tag' : `${tags.total.toLocaleString('en')} tags`}
            {q ? ` matching “${q}”` : ''}
          </caption>
          <ColumnHeads names={['Tag', 'Address', 'Articles']} />
          <tbody>
            {tags.items.map((tag) => (
              <tr key={tag.id}>
                <th scope="row">
                  <a href={`/newsroom/tags/${tag.id}`}>{tag.name}</a>
                </th>
                <td>
                  <a href={tagPath(tag.slug)}>/tag/{tag.slug}/</a>
                </td>
                <td>{tag.articleCount.toLocaleString('en')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{q ? `No tag matches “${q}”.` : 'There are no tags yet.'}</p>
      )}
      {tags.pageCount > 1 ? (
        <nav class="pagination" aria-label="Tag pages">
          {tags.page > 1 ? <a href={tagListHref(q, tags.page - 1)}>← Previous</a> : <span />}
          <span class="pagination-status">
            Page {tags.page} of {tags.pageCount}
          </span>
          {tags.page < tags.pageCount ? <a href={tagListHref(q, tags.page + 1)}>Next →</a> : <span />}
        </nav>
      ) : null}
    </NewsroomLayout>
  );
}
