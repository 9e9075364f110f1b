import type { Page } from '../../../news/shared/pagination.js';

/** Archive paging: /base/ is page 1, /base/page/N/ the rest. */
export function pagePath(basePath: string, page: number): string {
  return page <= 1 ? basePath : `${basePath}page/${page}/`;
}

export function Pagination(props: { page: Page<unknown>; hrefFor: (page: number) => string; labels?: { previous: string; next: string } }) {
  const { page, pageCount } = props.page;
  if (pageCount <= 1) return null;
  return (
    <nav class="pagination" aria-label="Pages">
      {page > 1 ? (
        <a rel="prev" href={props.hrefFor(page - 1)}>
          {props.labels?.previous ?? '← Newer stories'}
        </a>
      ) : (
        <span />
      )}
      <span class="pagination-status">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <a rel="next" href={props.hrefFor(page + 1)}>
          {props.labels?.next ?? 'Older stories →'}
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}
