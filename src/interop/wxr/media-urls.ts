/**
 * Which URLs in a post are the old site's uploads, and the keys to look them up by in the media library.
 *
 * WordPress stores one original per attachment (`_wp_attached_file`, the WXR item's `attachment_url`) and writes
 * resized copies next to it named `photo-300x200.jpg`; since 5.3 a large original is itself scaled down to
 * `photo-scaled.jpg` (the attached file) while its sizes keep the unscaled name (`photo-1024x768.jpg`). WordPress.com
 * serves uploads from `*.files.wordpress.com` and resizes with a query (`photo.jpg?w=300`). So a URL found in content
 * is tried as it is, then without its query, then without the `-WxH` suffix, then as that name's `-scaled` file:
 *
 *   https://old.example/wp-content/uploads/2019/03/photo-300x200.jpg?resize=1
 *   -> …/photo-300x200.jpg?resize=1, …/photo-300x200.jpg, …/photo.jpg, …/photo-scaled.jpg
 */

const UPLOADS_PATH = /\/wp-content\/(uploads|blogs\.dir)\//i;
const WPCOM_FILES_HOST = /(^|\.)files\.wordpress\.com$/i;

/** True for a URL (absolute, protocol-relative or root-relative) of the old site's uploaded files. */
export function isUploadUrl(url: string): boolean {
  if (UPLOADS_PATH.test(url)) return true;
  const host = /^(?:https?:)?\/\/([^/?#:]+)/i.exec(url)?.[1];
  return host !== undefined && WPCOM_FILES_HOST.test(host);
}

/** The URLs to try, in order, for an upload URL (see the module's comment). */
export function mediaLookupKeys(url: string): string[] {
  const keys = [url];
  const bare = url.replace(/[?#].*$/, '');
  if (bare !== url) keys.push(bare);
  const sized = /^(.*)-\d+x\d+(\.[a-z0-9]+)$/i.exec(bare);
  if (sized) keys.push(`${sized[1]}${sized[2]}`, `${sized[1]}-scaled${sized[2]}`);
  return keys;
}

/** An absolute URL for one written as protocol-relative (`//host/…`, https) or root-relative (with a base). */
export function absoluteUrl(url: string, base: string | undefined): string {
  if (url.startsWith('//')) return `https:${url}`;
  if (base && url.startsWith('/')) {
    try {
      return new URL(url, base).href;
    } catch {
      return url;
    }
  }
  return url;
}

/** `wp-image-123` in an image's classes: its attachment id. */
export function attachmentIdOfClass(className: string | null): number | null {
  const m = className ? /(?:^|\s)wp-image-(\d+)(?:\s|$)/.exec(className) : null;
  return m ? Number(m[1]) : null;
}

const IMAGE_FILE = /\.(jpe?g|png|gif|webp|avif|bmp|tiff?|svg|heic|heif)(\?|#|$)/i;

export function isImageUrl(url: string): boolean {
  return IMAGE_FILE.test(url);
}
