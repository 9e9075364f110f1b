import { describe, expect, it } from 'vitest';
import { filterLexemes, monthLexemeOf, searchWindows } from './filter-lexemes.js';

describe('filter lexemes', () => {
  it("names a document's month and sections", () => {
    expect(filterLexemes('2025-11-03T10:00:00.000Z', [4, 12])).toEqual(['~2025-11', '~s4', '~s12']);
    expect(filterLexemes('2025-11-03T10:00:00.000Z', [])).toEqual(['~2025-11']);
  });

  it('names the UTC month of an instant', () => {
    expect(monthLexemeOf('2025-11-30T23:59:59.999Z')).toBe('~2025-11');
    expect(monthLexemeOf('2025-12-01T00:00:00.000Z')).toBe('~2025-12');
    expect(monthLexemeOf('2026-01-15T00:00:00+02:00')).toBe('~2026-01');
  });

  it('goes back from next month: four months, a year, four years, then the rest', () => {
    const { windows, coveredFrom, coveredUntil, restNeeded } = searchWindows('2026-02-10T12:00:00.000Z');
    expect(windows.map((w) => w.length)).toEqual([4, 12, 48]);
    expect(windows[0]).toEqual(['~2026-03', '~2026-02', '~2026-01', '~2025-12']);
    expect(windows[1]![0]).toBe('~2025-11');
    expect(windows[2]!.at(-1)).toBe('~2020-12');
    expect(coveredFrom).toBe('2020-12-01T00:00:00.000Z');
    expect(coveredUntil).toBe('2026-04-01T00:00:00.000Z');
    expect(restNeeded).toBe(true);
    // Every month of the span once, in order.
    const all = windows.flat();
    expect(new Set(all).size).toBe(64);
  });

  it('keeps only the months of a date filter, and the rest only when the filter reaches outside the windows', () => {
    const june = searchWindows('2026-02-10T12:00:00.000Z', '2025-06-01T00:00:00.000Z', '2025-07-01T00:00:00.000Z');
    expect(june.windows).toEqual([['~2025-06']]);
    expect(june.restNeeded).toBe(false);

    const spanning = searchWindows('2026-02-10T12:00:00.000Z', '2019-06-01T00:00:00.000Z', '2021-02-01T00:00:00.000Z');
    expect(spanning.windows).toEqual([['~2021-01', '~2020-12']]);
    expect(spanning.restNeeded).toBe(true);

    const old = searchWindows('2026-02-10T12:00:00.000Z', '2010-01-01T00:00:00.000Z', '2011-01-01T00:00:00.000Z');
    expect(old.windows).toEqual([]);
    expect(old.restNeeded).toBe(true);

    const since = searchWindows('2026-02-10T12:00:00.000Z', '2025-12-15T00:00:00.000Z');
    expect(since.windows).toEqual([['~2026-03', '~2026-02', '~2026-01', '~2025-12']]);
    expect(since.restNeeded).toBe(true); // stories dated after next month
  });
});
