import { encodeSlug } from './slug.js';

/**
 * The public addresses built from slugs, each slug percent-encoded (encodeSlug): what every link, canonical URL,
 * feed, sitemap and redirect uses. Articles' are in articles/permalink.ts (they need the date).
 */
export const sectionPath = (slug: string): string => `/section/${encodeSlug(slug)}/`;
export const tagPath = (slug: string): string => `/tag/${encodeSlug(slug)}/`;
export const authorPath = (slug: string): string => `/author/${encodeSlug(slug)}/`;
/** A static page's address, `/{slug}/` whatever page it sits under. */
export const staticPagePath = (slug: string): string => `/${encodeSlug(slug)}/`;

/**
 * A path in the one form stored redirects are kept and looked up in: characters outside printable ASCII
 * percent-encoded, escapes in upper case (`/tag/%e6%97%a5/` and `/tag/日/` are `/tag/%E6%97%A5/`), so a link written
 * by hand, by WordPress or by Dateline finds the same redirect. Anything else is left as it is.
 */
export function encodedPath(path: string): string {
  return path
    .replace(/%[0-9a-fA-F]{2}/g, (escape) => escape.toUpperCase())
    .replace(/[^\x21-\x7e]+/gu, (text) => {
      try {
        return encodeURIComponent(text.normalize('NFC'));
      } catch {
        // A lone surrogate cannot be encoded; no stored path has one.
        return text;
      }
    });
}
