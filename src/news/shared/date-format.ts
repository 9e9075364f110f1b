/**
 * Intl.DateTimeFormat is expensive to construct (it dominated page render time) and cheap to reuse, so formatters
 * are cached by their locale and options.
 */
const cache = new Map<string, Intl.DateTimeFormat>();

export function dateFormatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let formatter = cache.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, options);
    cache.set(key, formatter);
  }
  return formatter;
}

/** How far `timeZone`'s wall clock is ahead of UTC at `instant`, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const parts = dateFormatter('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The instant (ISO, UTC) at which a wall-clock time (month 1-12) happens in `timeZone`. */
export function zonedWallTime(year: number, month: number, day: number, hour: number, minute: number, second: number, timeZone: string): string {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  let instant = asUtc - offsetAt(asUtc, timeZone);
  // Near a daylight-saving change the offset at the guessed instant can differ from the one at the wall time.
  instant = asUtc - offsetAt(instant, timeZone);
  return new Date(instant).toISOString();
}

/** How the public site writes dates (a setting). Machine-readable dates (datetime attributes, feeds, JSON-LD) stay ISO. */
export const DATE_FORMATS = ['long', 'us', 'iso', 'short'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export interface DateDisplay {
  timeZone: string;
  /** Month names come from the site's language; the order of the parts from the format. */
  language: string;
  dateFormat: DateFormat;
}

/** The two formatters a display needs, made once per setting: a page formats a date per comment (up to 60). */
const displayFormatters = new Map<string, { date: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();

function formattersFor({ timeZone, language, dateFormat }: DateDisplay) {
  const key = `${timeZone}|${language}|${dateFormat}`;
  let formatters = displayFormatters.get(key);
  if (!formatters) {
    formatters = {
      // ISO digits are Western whatever the language.
      date: dateFormatter(dateFormat === 'iso' ? 'en' : language, {
        timeZone,
        year: 'numeric',
        month: dateFormat === 'short' ? 'short' : dateFormat === 'iso' ? '2-digit' : 'long',
        day: dateFormat === 'iso' ? '2-digit' : 'numeric',
      }),
      time: dateFormatter(dateFormat === 'us' ? 'en-US' : 'en-GB', {
        timeZone,
        hour: 'numeric',
        minute: '2-digit',
        hourCycle: dateFormat === 'us' ? 'h12' : 'h23',
        timeZoneName: 'short',
      }),
    };
    displayFormatters.set(key, formatters);
  }
  return formatters;
}

/**
 * A date for readers: 'long' "27 November 2026", 'us' "November 27, 2026", 'iso' "2026-11-27", 'short' "27 Nov 2026";
 * `withTime` adds the time and zone ("27 November 2026, 14:05 UTC"; 12-hour clock in the 'us' format).
 */
export function formatDisplayDate(iso: string, display: DateDisplay, withTime = false): string {
  const { dateFormat } = display;
  const formatters = formattersFor(display);
  const date = new Date(iso);
  let year = '';
  let month = '';
  let day = '';
  for (const part of formatters.date.formatToParts(date)) {
    if (part.type === 'year') year = part.value;
    else if (part.type === 'month') month = part.value;
    else if (part.type === 'day') day = part.value;
  }
  // Some languages' short months end in a full stop ("nov."); the format's own punctuation is enough.
  month = month.replace(/\.$/, '');
  const text = dateFormat === 'us' ? `${month} ${day}, ${year}` : dateFormat === 'iso' ? `${year}-${month}-${day}` : `${day} ${month} ${year}`;
  if (!withTime) return text;
  return `${text}${dateFormat === 'iso' ? ' ' : ', '}${formatters.time.format(date)}`;
}
