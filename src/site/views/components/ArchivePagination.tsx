import type { ArchiveSlice, ArchiveWindow, ArticleSummary } from '../../../news/articles/article.types.js';
import { cursorParam } from '../../site.schemas.js';
import { pagePath } from './Pagination.js';

/**
 * How deep an archive's links go by page number (/base/page/N/, served by offset over the index). Past that they
 * go by keyset (`?before=` the last story shown), so walking an archive to its end costs the same on every page.
 */
export const NUMBERED_PAGES = 5;

/** The address of a page of the archive at `basePath`. */
export function archiveWindowPath(basePath: string, window: ArchiveWindow): string {
  if ('page' in window) return pagePath(basePath, window.page);
  return 'before' in window ? `${basePath}?before=${cursorParam(window.before)}` : `${basePath}?after=${cursorParam(window.after)}`;
}

/** Where an archive page's "Newer stories" and "Older stories" links go; null where there is none. */
export function archiveLinks(basePath: string, slice: ArchiveSlice<ArticleSummary>): { newer: string | null; older: string | null } {
  const first = slice.items[0];
  const last = slice.items[slice.items.length - 1];
  const cursor = (story: ArticleSummary) => ({ publishedAt: story.publishedAt!, id: story.id });
  let newer: string | null = null;
  if (slice.page !== null) newer = slice.page > 1 ? pagePath(basePath, slice.page - 1) : null;
  else if (slice.hasNewer && first) newer = archiveWindowPath(basePath, { after: cursor(first) });
  let older: string | null = null;
  if (slice.hasOlder && last) {
    older = slice.page !== null && slice.page < NUMBERED_PAGES ? pagePath(basePath, slice.page + 1) : archiveWindowPath(basePath, { before: cursor(last) });
  }
  return { newer, older };
}

/** Newer / older links under an archive, and its page number while it has one; no total (nothing counts the archive). */
export function ArchivePagination(props: { basePath: string; slice: ArchiveSlice<ArticleSummary> }) {
  const { newer, older } = archiveLinks(props.basePath, props.slice);
  if (!newer && !older) return null;
  return (
    <nav class="pagination" aria-label="Pages">
      {newer ? (
        <a rel="prev" href={newer}>
          ← Newer stories
        </a>
      ) : (
        <span />
      )}
      {/* A keyset page has no number, and "Older stories" beside the link of that name read as a stutter. */}
      {props.slice.page !== null ? <span class="pagination-status">Page {props.slice.page}</span> : <span />}
      {older ? (
        <a rel="next" href={older}>
          Older stories →
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}
