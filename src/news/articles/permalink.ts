import { dateFormatter } from '../shared/date-format.js';

/**
 * The one public URL of an article: /{yyyy}/{mm}/{dd}/{slug}/, dated in the site's time zone. Any other form of
 * the same article redirects here.
 */
export function articlePath(slug: string, publishedAt: string, timeZone = 'UTC'): string {
  // en-CA formats as yyyy-mm-dd.
  const date = dateFormatter('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(publishedAt));
  return `/${date.replaceAll('-', '/')}/${slug}/`;
}
