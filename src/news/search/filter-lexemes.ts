/**
 * Filter lexemes for PostgreSQL search. Each document's vector also holds a lexeme naming its publication month
 * (UTC), `~2025-11`, and one per section it is in, `~s12`; the query parser never produces a `~`, so no reader's word
 * can match one. The GIN index can then answer "the words AND one of these months AND one of these sections" by
 * itself, handing over only the rows wanted. A search wants the newest matches, so it asks a few months at a time
 * going back, and a word found in most stories costs about as much as a rare one. Pure functions:
 * fulltext.postgres.ts turns them into SQL.
 */

/** The months asked for, newest first: the last few, then a year, then four more years; then everything else. */
const WINDOW_MONTHS = [4, 12, 48] as const;

export interface SearchWindows {
  /** Month lexemes per window, newest window first; a window the date filter rules out is left out. */
  windows: string[][];
  /** The span the windows cover, [from, until) as ISO instants. */
  coveredFrom: string;
  coveredUntil: string;
  /** Whether the date filter reaches outside that span, so the rest of the archive must be searched last. */
  restNeeded: boolean;
}

const monthIndex = (date: Date) => date.getUTCFullYear() * 12 + date.getUTCMonth();
const monthStart = (index: number) => new Date(Date.UTC(Math.floor(index / 12), index % 12, 1)).toISOString();

export function monthLexeme(index: number): string {
  return `~${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The lexeme for an instant (ISO). */
export function monthLexemeOf(iso: string): string {
  return monthLexeme(monthIndex(new Date(iso)));
}

export function sectionLexeme(sectionId: number): string {
  return `~s${sectionId}`;
}

/** What the indexer adds to a document's vector: its month and its sections. */
export function filterLexemes(publishedAt: string, sectionIds: readonly number[]): string[] {
  return [monthLexemeOf(publishedAt), ...sectionIds.map(sectionLexeme)];
}

/**
 * The windows for a search at `now`, within the date filter [from, before) if any. The first window reaches a month
 * past now, for stories dated slightly ahead.
 */
export function searchWindows(now: string, from?: string, before?: string): SearchWindows {
  const newest = monthIndex(new Date(now)) + 1;
  const lowest = from ? monthIndex(new Date(from)) : -Infinity;
  const highest = before ? monthIndex(new Date(new Date(before).getTime() - 1)) : Infinity;
  const windows: string[][] = [];
  let end = newest;
  for (const size of WINDOW_MONTHS) {
    const months: string[] = [];
    for (let index = end; index > end - size; index--) if (index >= lowest && index <= highest) months.push(monthLexeme(index));
    if (months.length) windows.push(months);
    end -= size;
  }
  const coveredFrom = monthStart(end + 1);
  const coveredUntil = monthStart(newest + 1);
  const restNeeded = !from || from < coveredFrom || !before || before > coveredUntil;
  return { windows, coveredFrom, coveredUntil, restNeeded };
}
