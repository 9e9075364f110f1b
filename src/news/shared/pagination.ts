export interface Page<T> {
  items: T[];
  page: number;
  perPage: number;
  total: number;
  pageCount: number;
}

export function pageOf<T>(items: T[], page: number, perPage: number, total: number): Page<T> {
  return { items, page, perPage, total, pageCount: Math.max(1, Math.ceil(total / perPage)) };
}

export function offsetFor(page: number, perPage: number): number {
  return (Math.max(1, page) - 1) * perPage;
}

/**
 * Where a keyset page starts: the sort key (a timestamp) and id of the last row of the page before. The next page
 * is read from the list's index from that key on, however deep it is; ties on the timestamp go by id.
 */
export interface KeysetCursor {
  at: string;
  id: number;
}

/** A cursor as it goes in a URL: `2026-03-01T12:00:00.000Z~123`. */
export const CURSOR_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?Z~\\d{1,10}$';

export function cursorParam(cursor: KeysetCursor): string {
  return `${cursor.at}~${cursor.id}`;
}

/** The cursor in a URL parameter that matched CURSOR_PATTERN, or null for one that did not (or none). */
export function parseCursor(param: string | undefined): KeysetCursor | null {
  if (!param || !new RegExp(CURSOR_PATTERN).test(param)) return null;
  const [at, id] = param.split('~') as [string, string];
  if (Number.isNaN(Date.parse(at))) return null;
  return { at, id: Number(id) };
}

/** One keyset page: its rows, and the cursor of the page after it (null on the last page). */
export interface KeysetPage<T> {
  items: T[];
  next: KeysetCursor | null;
}
