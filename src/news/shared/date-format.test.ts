import { describe, expect, it } from 'vitest';
import { type DateFormat, formatDisplayDate } from './date-format.js';

const at = (dateFormat: DateFormat, options: { timeZone?: string; language?: string } = {}) => ({
  timeZone: options.timeZone ?? 'UTC',
  language: options.language ?? 'en',
  dateFormat,
});

describe('formatDisplayDate', () => {
  const iso = '2026-11-27T14:05:00.000Z';

  it('writes each date format the way its name promises', () => {
    expect(formatDisplayDate(iso, at('long'))).toBe('27 November 2026');
    expect(formatDisplayDate(iso, at('us'))).toBe('November 27, 2026');
    expect(formatDisplayDate(iso, at('iso'))).toBe('2026-11-27');
    expect(formatDisplayDate(iso, at('short'))).toBe('27 Nov 2026');
  });

  it('adds the time and zone when asked, on a 12-hour clock only in the US format', () => {
    expect(formatDisplayDate(iso, at('long'), true)).toBe('27 November 2026, 14:05 UTC');
    expect(formatDisplayDate(iso, at('us', { timeZone: 'America/New_York' }), true)).toBe('November 27, 2026, 9:05 AM EST');
    expect(formatDisplayDate(iso, at('iso'), true)).toBe('2026-11-27 14:05 UTC');
  });

  it("uses the site's time zone for the day and its language for month names", () => {
    expect(formatDisplayDate('2026-11-27T23:30:00.000Z', at('iso', { timeZone: 'Asia/Tokyo' }))).toBe('2026-11-28');
    expect(formatDisplayDate(iso, at('long', { language: 'fr' }))).toBe('27 novembre 2026');
    expect(formatDisplayDate(iso, at('iso', { language: 'ar' }))).toBe('2026-11-27');
  });
});
