import { monthIndex, monthLexeme, monthStart } from './filter-lexemes.js';

/** The first window: the last few months, where most of a common word's newest matches are. */
const FIRST_WINDOW_MONTHS = 4;
/** A window longer than this costs more in month lexemes than asking for the rest of the archive at once. */
const MAX_WINDOW_MONTHS = 48;
/** How much longer than the estimate a window is made, so that one more window is rarely needed. */
const MARGIN = 1.5;

/** What the windows asked did not cover: the rest of the archive is `published_at` outside [from, until). */
export interface Uncovered {
  coveredFrom: string;
  coveredUntil: string;
}

/**
 * The months a PostgreSQL search asks for, newest first, a window at a time. The GIN index cannot order matches by
 * time, so the newest ones are asked for a few months at a time (the month lexemes, see filter-lexemes.ts). Each
 * window's length comes from the matches found so far: a word in most stories is done after the first few months; a
 * rarer one gets a window sized to hold what is still wanted; and a rare one, or one found in none of the first
 * months, goes straight to the rest of the archive, in one query. Within a date filter, only its months are asked.
 */
export class SearchWindows {
  /** The first month asked for: the newest story's, or the last month of the date filter. */
  private readonly first: number;
  private readonly lowest: number;
  /** The next month to ask for, going back. */
  private end: number;
  private monthsAsked = 0;

  /** `newest`: when the newest story came out; windows start at its month. */
  constructor(
    newest: string,
    private readonly from?: string,
    private readonly before?: string,
  ) {
    const highest = before ? monthIndex(new Date(new Date(before).getTime() - 1)) : Infinity;
    this.first = Math.min(monthIndex(new Date(newest)), highest);
    this.lowest = from ? monthIndex(new Date(from)) : -Infinity;
    this.end = this.first;
  }

  /**
   * The next window's month lexemes, given how many matches the windows so far found and how many are wanted; null
   * when the rest of the archive is to be asked at once instead (or no month of the filter is left).
   */
  next(found: number, wanted: number): string[] | null {
    if (this.end < this.lowest) return null;
    let size = FIRST_WINDOW_MONTHS;
    if (this.monthsAsked > 0) {
      if (found === 0) return null;
      size = Math.ceil(((wanted - found) * this.monthsAsked * MARGIN) / found);
      if (size > MAX_WINDOW_MONTHS) return null;
    }
    const months: string[] = [];
    for (let index = this.end; index > this.end - size && index >= this.lowest; index--) months.push(monthLexeme(index));
    this.end -= size;
    this.monthsAsked += months.length;
    return months;
  }

  /**
   * What is left to ask once the windows stop: null when they covered the whole date filter; `{}` when they asked for
   * nothing (all of it is left); else `outside`, the span they covered.
   */
  rest(): { outside?: Uncovered } | null {
    if (this.monthsAsked === 0) return {};
    const coveredFrom = monthStart(Math.max(this.end + 1, this.lowest));
    const coveredUntil = monthStart(this.first + 1);
    const inside = this.from !== undefined && this.from >= coveredFrom && this.before !== undefined && this.before <= coveredUntil;
    return inside ? null : { outside: { coveredFrom, coveredUntil } };
  }
}
