import { canonicalUrlOf } from '../../news/articles/seo.js';
import type { WxrMeta } from './wxr.types.js';

/**
 * The canonical URL and noindex flag of the common SEO plugins, as they keep them in post meta:
 * - Yoast SEO: `_yoast_wpseo_canonical` (a URL) and `_yoast_wpseo_meta-robots-noindex` ('1' noindex, '2' index,
 *   '0' or absent: the post type's default, which is index).
 * - Rank Math: `rank_math_canonical_url` and `rank_math_robots`, a PHP-serialized array of directives
 *   (`a:2:{i:0;s:7:"noindex";i:1;s:8:"nofollow";}`), read here without unserializing anything.
 * Yoast's keys win when both plugins left a value (a site that moved from one to the other keeps the old keys).
 */

export const CANONICAL_KEYS = ['_yoast_wpseo_canonical', 'rank_math_canonical_url'] as const;
export const YOAST_NOINDEX_KEY = '_yoast_wpseo_meta-robots-noindex';
export const RANK_MATH_ROBOTS_KEY = 'rank_math_robots';

export interface WpSeo {
  /** An absolute http(s) URL, or '' (the story's own address). */
  canonical: string;
  noindex: boolean;
  /** What the import changed or could not read, for the report. */
  notes: string[];
}

/** A post's canonical URL and noindex; `ownLink` is its old permalink (a canonical naming itself is no canonical). */
export function wpSeoOf(entries: readonly WxrMeta[], ownLink: string): WpSeo {
  const notes: string[] = [];
  const value = (key: string) => entries.find((entry) => entry.key === key)?.value.trim() ?? '';
  const given = CANONICAL_KEYS.map(value).find(Boolean) ?? '';
  let canonical = canonicalUrlOf(given);
  if (canonical === null) {
    notes.push(`its canonical URL "${given.slice(0, 200)}" is not an absolute http(s) address; it was dropped`);
    canonical = '';
  } else if (canonical && sameAddress(canonical, ownLink)) {
    canonical = '';
  }
  let noindex = false;
  const yoast = value(YOAST_NOINDEX_KEY);
  if (yoast === '1' || yoast === '2') noindex = yoast === '1';
  else {
    const robots = value(RANK_MATH_ROBOTS_KEY);
    if (robots) {
      const directives = robotsDirectives(robots);
      if (directives) noindex = directives.includes('noindex');
      else notes.push(`its Rank Math robots setting could not be read (${robots.slice(0, 100)}); it is indexed`);
    }
  }
  return { canonical, noindex, notes };
}

function sameAddress(a: string, b: string): boolean {
  try {
    const [x, y] = [new URL(a), new URL(b)];
    return x.host === y.host && x.pathname.replace(/\/+$/, '') === y.pathname.replace(/\/+$/, '') && x.search === y.search;
  } catch {
    return false;
  }
}

/**
 * The directives in a robots meta value: a PHP-serialized array of strings (`a:1:{i:0;s:7:"noindex";}`, the keys
 * integers or strings) or a plain comma-separated list; null when it is neither. String lengths are UTF-8 bytes, as
 * PHP counts them, and are checked, so a value that lies about them is refused rather than misread.
 */
export function robotsDirectives(value: string): string[] | null {
  const text = value.trim();
  if (!text.startsWith('a:')) return /^[a-z-]+(\s*,\s*[a-z-]+)*$/i.test(text) ? text.split(',').map((d) => d.trim().toLowerCase()) : null;
  const bytes = Buffer.from(text, 'utf8');
  let at = 0;
  const expect = (pattern: RegExp): RegExpExecArray | null => {
    const match = pattern.exec(bytes.subarray(at, at + 40).toString('latin1'));
    if (match) at += match[0].length;
    return match;
  };
  const readString = (): string | null => {
    const head = expect(/^s:(\d{1,6}):"/);
    if (!head) return null;
    const length = Number(head[1]);
    if (at + length + 2 > bytes.length || bytes[at + length] !== 0x22 || bytes[at + length + 1] !== 0x3b) return null;
    const string = bytes.subarray(at, at + length).toString('utf8');
    at += length + 2;
    return string;
  };
  const count = expect(/^a:(\d{1,4}):\{/);
  if (!count) return null;
  const directives: string[] = [];
  for (let i = 0; i < Number(count[1]); i++) {
    if (!expect(/^i:-?\d{1,10};/) && readString() === null) return null;
    const directive = readString();
    if (directive === null) return null;
    directives.push(directive.trim().toLowerCase());
  }
  return expect(/^\}/) && at === bytes.length ? directives : null;
}
