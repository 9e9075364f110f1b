/**
 * The one public URL of an article: /{yyyy}/{mm}/{dd}/{slug}/, dated in the site's time zone. Any other form of
 * the same article redirects here.
 */
export function articlePath(slug: string, publishedAt: string | null, timeZone = 'UTC'): string {
  if (!publishedAt) return `/preview/${slug}/`;
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date(publishedAt))
    .reduce<Record<string, string>>((acc, part) => ({ ...acc, [part.type]: part.value }), {});
  return `/${parts.year}/${parts.month}/${parts.day}/${slug}/`;
}
