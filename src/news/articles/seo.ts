/**
 * A story's SEO fields beyond its title and description: the canonical URL it declares and whether search engines
 * may index it. Pure rules shared by the article service, the newsroom's form and the WordPress import.
 */

/** Longer than any URL a crawler keeps (sitemaps allow 2,048 characters for a whole URL). */
export const CANONICAL_MAX_LENGTH = 2000;

/** What the form says beside a canonical URL it cannot take. */
export const CANONICAL_RULE = 'Enter a full address starting with https:// or http://, e.g. https://example.com/story/, or leave it empty';

/**
 * The canonical URL as stored: '' (the story's own address) or an absolute http(s) URL in the form URL serialises it
 * to (scheme and host lower-case, spaces and non-ASCII percent-encoded), so it can go in a `<link>` as it is. Null
 * when the value is not one: another scheme (`javascript:`, `data:`), a relative or protocol-relative address, a
 * user name or password in it, or more than CANONICAL_MAX_LENGTH characters.
 */
export function canonicalUrlOf(value: string): string | null {
  const trimmed = value.trim();
  if (!trimmed) return '';
  if (!/^https?:\/\//i.test(trimmed)) return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !url.hostname || url.username || url.password) return null;
  return url.href.length <= CANONICAL_MAX_LENGTH ? url.href : null;
}
