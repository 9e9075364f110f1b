import { describe, expect, it } from 'vitest';
import { SearchWindows } from './search-windows.js';

/** When the newest story came out. */
const NEWEST = '2026-02-10T12:00:00.000Z';

describe('SearchWindows', () => {
  it("asks the newest story's month and the three before it first", () => {
    const windows = new SearchWindows(NEWEST);
    expect(windows.next(0, 1001)).toEqual(['~2026-02', '~2026-01', '~2025-12', '~2025-11']);
  });

  it('sizes the next window from the matches found so far, with a margin', () => {
    const windows = new SearchWindows(NEWEST);
    windows.next(0, 1001);
    // 300 in 4 months: 701 more need about 9.3 months; with the margin, 15.
    const second = windows.next(300, 1001)!;
    expect(second).toHaveLength(15);
    expect(second[0]).toBe('~2025-10');
    expect(second.at(-1)).toBe('~2024-08');
    expect(windows.rest()).toEqual({ outside: { coveredFrom: '2024-08-01T00:00:00.000Z', coveredUntil: '2026-03-01T00:00:00.000Z' } });
  });

  it('goes straight to the rest of the archive for a rare word, or one not found in the first months', () => {
    const rare = new SearchWindows(NEWEST);
    rare.next(0, 1001);
    expect(rare.next(25, 1001)).toBeNull(); // ~240 months would be needed
    expect(rare.rest()).toEqual({ outside: { coveredFrom: '2025-11-01T00:00:00.000Z', coveredUntil: '2026-03-01T00:00:00.000Z' } });

    const none = new SearchWindows(NEWEST);
    none.next(0, 1001);
    expect(none.next(0, 1001)).toBeNull();
  });

  it('keeps to the months of a date filter, and needs no rest when they are all asked', () => {
    const june = new SearchWindows(NEWEST, '2025-06-01T00:00:00.000Z', '2025-07-01T00:00:00.000Z');
    expect(june.next(0, 1001)).toEqual(['~2025-06']);
    expect(june.next(10, 1001)).toBeNull();
    expect(june.rest()).toBeNull();

    // An old filter starts at its own last month, not at the newest story.
    const old = new SearchWindows(NEWEST, '2010-01-01T00:00:00.000Z', '2011-01-01T00:00:00.000Z');
    expect(old.next(0, 1001)).toEqual(['~2010-12', '~2010-11', '~2010-10', '~2010-09']);
    expect(old.next(400, 1001)).toHaveLength(8); // ceil(601 × 4 × 1.5 / 400) = 10 months, cut at January
    expect(old.next(900, 1001)).toBeNull();
    expect(old.rest()).toBeNull();

    // Open-ended: stories dated after the newest month are still to be asked.
    const since = new SearchWindows(NEWEST, '2025-12-15T00:00:00.000Z');
    expect(since.next(0, 1001)).toEqual(['~2026-02', '~2026-01', '~2025-12']);
    expect(since.next(5, 1001)).toBeNull();
    expect(since.rest()).toEqual({ outside: { coveredFrom: '2025-12-01T00:00:00.000Z', coveredUntil: '2026-03-01T00:00:00.000Z' } });
  });

  it('asks everything at once when the filter has no month to window', () => {
    const future = new SearchWindows(NEWEST, '2030-01-01T00:00:00.000Z');
    expect(future.next(0, 1001)).toBeNull();
    expect(future.rest()).toEqual({});
  });
});
