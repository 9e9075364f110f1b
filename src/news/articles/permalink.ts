import { dateFormatter } from '../shared/date-format.js';
import { encodeSlug } from '../shared/slug.js';

/**
 * The one public URL of an article: /{yyyy}/{mm}/{dd}/{slug}/, dated in the site's time zone. Any other form of
 * the same article redirects here. The slug is percent-encoded (`/2026/01/05/%E6%97%A5%E6%9C%AC/`), so the path is
 * ready for an href, a Location header, a feed or a sitemap.
 */
export function articlePath(slug: string, publishedAt: string, timeZone = 'UTC'): string {
  // en-CA formats as yyyy-mm-dd.
  const date = dateFormatter('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(publishedAt));
  return `/${date.replaceAll('-', '/')}/${encodeSlug(slug)}/`;
}
