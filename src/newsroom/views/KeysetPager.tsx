/**
 * The links under a keyset-paged list: back to its first page (when not on it) and on to the next page (when there
 * is one). No page numbers: a deep page is read from the list's index from where the last one ended.
 */
export function KeysetPager(props: { label: string; firstHref: string | null; nextHref: string | null; nextLabel: string }) {
  if (!props.firstHref && !props.nextHref) return null;
  return (
    <nav class="nr-pager" aria-label={props.label}>
      <ul>
        {props.firstHref ? (
          <li>
            <a href={props.firstHref}>First page</a>
          </li>
        ) : null}
        {props.nextHref ? (
          <li>
            <a href={props.nextHref} rel="next">
              {props.nextLabel} →
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
