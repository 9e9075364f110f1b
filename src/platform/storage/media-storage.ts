import type { Readable } from 'node:stream';

/**
 * Where uploaded media bytes live. Callers know only keys ("2026/11/ab12cd/original.jpg": relative, slash-separated,
 * no "..") and ask the store for a public URL; a local directory today, an S3-compatible bucket later, without
 * touching callers.
 */
export interface MediaStorage {
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The bytes, or null when there is no such object. */
  get(key: string): Promise<Buffer | null>;
  /** A stream of the bytes, or null when there is no such object. */
  stream(key: string): Promise<Readable | null>;
  /** Removes the object; a missing one is not an error. */
  delete(key: string): Promise<void>;
  /** The URL readers fetch it from (site-relative for the local store). */
  url(key: string): string;
  /** The key behind one of this store's URLs, or null when the URL is not one of them. */
  keyOf(url: string): string | null;
}

/** Keys are relative paths of safe segments: letters, digits, dot, dash and underscore; no "." or ".." segments. */
export function assertValidKey(key: string): void {
  const segments = key.split('/');
  if (!key || key.length > 500 || segments.some((s) => !/^[A-Za-z0-9._-]+$/.test(s) || s === '.' || s === '..')) {
    throw new Error(`Invalid media storage key: ${JSON.stringify(key)}`);
  }
}
