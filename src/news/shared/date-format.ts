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
