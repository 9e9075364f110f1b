import { dateFormatter } from '../news/shared/date-format.js';

/** Date formatting for pages, in the site's time zone and language. */
export function formatDate(iso: string, timeZone: string, language: string): string {
  return dateFormatter(language, { timeZone, day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(iso));
}

export function formatDateTime(iso: string, timeZone: string, language: string): string {
  return dateFormatter(language, {
    timeZone,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** A later update is worth showing only when it is a real change, not the same publishing minute. */
export function isMeaningfullyUpdated(publishedAt: string | null, updatedAt: string): boolean {
  if (!publishedAt) return false;
  return new Date(updatedAt).getTime() - new Date(publishedAt).getTime() > 5 * 60_000;
}
