import fs from 'node:fs';
import path from 'node:path';
import type { ImportTarget } from '../../news/imports/import.service.js';
import type { ImportedLink } from '../../news/imports/import.types.js';
import type { NewsServices } from '../../news/services.js';
import { safeFetch, SafeFetchError, type SafeFetchOptions } from '../../platform/http/safe-fetch.js';
import { absoluteUrl } from './media-urls.js';
import { plainText, wpDateToIso } from './wxr-mapping.js';
import type { WxrAttachmentInfo, WxrSummary } from './wxr-reader.js';

/** An old upload's key: its path under wp-content/uploads (or under the host, for WordPress.com's files host). */
export function uploadKey(url: string): string | null {
  try {
    const { pathname } = new URL(url);
    const decoded = decodeURIComponent(pathname);
    const marker = '/wp-content/uploads/';
    const at = decoded.indexOf(marker);
    return (at >= 0 ? decoded.slice(at + marker.length) : decoded.replace(/^\/+/, '')) || null;
  } catch {
    return null;
  }
}

/**
 * Where an attachment's file is in a copy of the old site's uploads folder, or why it cannot be used. The lookup stays
 * inside the folder: no `..`, no absolute paths, and no symbolic link that leads out of it (the real path is checked).
 */
export async function fileInUploads(root: string, relative: string): Promise<{ file: string } | { problem: string }> {
  if (path.isAbsolute(relative) || relative.split(/[\\/]/).includes('..') || relative.includes('\0'))
    return { problem: `its upload path "${relative}" leaves the uploads folder` };
  const realRoot = await fs.promises.realpath(root);
  let real: string;
  try {
    real = await fs.promises.realpath(path.join(realRoot, relative));
  } catch {
    return { problem: `its file ${relative} is not in the uploads folder` };
  }
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) return { problem: `its file ${relative} is a link that leads out of the uploads folder` };
  const stat = await fs.promises.stat(real);
  if (!stat.isFile()) return { problem: `${relative} is not a file` };
  return { file: real };
}

export interface MediaPassResult {
  /** Old upload key -> the library's URL, for the content conversion and featured images. */
  urls: Map<string, string>;
  links: ImportedLink[];
}

/** An attachment's file as a source has it: `read` is called only when the library needs the bytes (new files). */
export interface AttachmentFile {
  /** Changes when the file does, as far as the source can tell (part of the import's fingerprint). */
  version: string;
  /** The bytes; a MediaUnavailable error skips the attachment with its message. */
  read(): Promise<Buffer>;
}

/** Where the media pass finds attachments' files: a copy of the uploads folder, or the old site itself. */
export interface MediaSource {
  /** How many attachments are worked on at the same time. */
  concurrency: number;
  /** The file of one attachment (`relative` is its upload path), or why the source has none. */
  file(attachment: WxrAttachmentInfo, relative: string): Promise<AttachmentFile | { problem: string }>;
}

/** Why a source could not give an attachment's bytes after all (a download that failed). */
export class MediaUnavailable extends Error {
  override name = 'MediaUnavailable';
}

/** Attachments' files from a copy of the old site's wp-content/uploads, never outside it (see fileInUploads). */
export function uploadsFolder(root: string): MediaSource {
  return {
    concurrency: 1,
    async file(_attachment, relative) {
      const found = await fileInUploads(root, relative);
      if ('problem' in found) return found;
      const stat = await fs.promises.stat(found.file);
      return { version: `${relative}:${stat.size}:${Math.round(stat.mtimeMs)}`, read: () => fs.promises.readFile(found.file) };
    },
  };
}

/**
 * Attachments' files downloaded from their old URLs with safeFetch (https only, public addresses only, capped), two at
 * a time. An http:// URL is asked for over https, the only way this fetches; `siteLink` makes relative URLs absolute.
 */
export function oldSite(fetchOptions: SafeFetchOptions, siteLink?: string): MediaSource {
  return {
    concurrency: 2,
    async file(attachment) {
      if (!attachment.url) return { problem: 'it has no URL to download its file from' };
      const url = absoluteUrl(attachment.url, siteLink).replace(/^http:\/\//i, 'https://');
      return {
        version: url,
        async read() {
          try {
            return (await safeFetch(url, fetchOptions)).body;
          } catch (error) {
            if (error instanceof SafeFetchError) throw new MediaUnavailable(`could not download ${url}: ${error.message}`);
            throw error;
          }
        },
      };
    },
  };
}

/**
 * The media pass, before any story is written: each attachment's file from the source into the media library (sizes,
 * WebP), so stories and pages can point at the library's URLs. Returns the URL map and the old file addresses. Records
 * are counted in the export's order, whatever the source's concurrency.
 */
export async function importMedia(
  services: NewsServices,
  target: ImportTarget,
  summary: WxrSummary,
  source: MediaSource,
  record: {
    outcome(outcome: 'imported' | 'updated' | 'unchanged'): void;
    skip(id: number, reason: string): void;
  },
): Promise<MediaPassResult> {
  const urls = new Map<string, string>();
  const links: ImportedLink[] = [];
  type Done = { id: number; skip: string } | { id: number; outcome: 'imported' | 'updated' | 'unchanged'; keys: string[]; url: string; relative: string };

  const one = async (id: number, attachment: WxrAttachmentInfo): Promise<Done> => {
    const relative = attachment.attachedFile ?? (attachment.url ? uploadKey(attachment.url) : null);
    if (!relative) return { id, skip: 'it names no file' };
    const file = await source.file(attachment, relative);
    if ('problem' in file) return { id, skip: file.problem };
    let result: Awaited<ReturnType<NewsServices['imports']['mediaItem']>>;
    try {
      result = await services.imports.mediaItem(
        target,
        {
          oldId: id,
          filename: path.basename(relative),
          alt: plainText(attachment.alt ?? ''),
          caption: plainText(attachment.caption),
          createdAt: createdAtOf(attachment),
          version: file.version,
        },
        () => file.read(),
      );
    } catch (error) {
      if (error instanceof MediaUnavailable) return { id, skip: error.message };
      throw error;
    }
    if (result.outcome === 'skipped' || !result.item) return { id, skip: `the media library refused its file ${relative}: ${result.reason ?? 'unreadable'}` };
    const key = attachment.url ? uploadKey(attachment.url) : null;
    return { id, outcome: result.outcome, url: result.item.url, relative, keys: key ? [relative, key] : [relative] };
  };

  await inOrder(
    [...summary.attachments],
    source.concurrency,
    ([id, attachment]) => one(id, attachment),
    (done) => {
      if ('skip' in done) {
        record.skip(done.id, done.skip);
        return;
      }
      record.outcome(done.outcome);
      for (const key of done.keys) urls.set(key, done.url);
      links.push({ path: `/wp-content/uploads/${done.relative}`, kind: 'media', oldId: done.id, includeSubpaths: false });
    },
  );
  return { urls, links };
}

/**
 * `work` on each item, at most `limit` at a time, with `each` given the results in the items' order. When one fails,
 * the ones under way are let finish (none is left writing after the pass has ended) and the first error is thrown.
 */
async function inOrder<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>, each: (result: R) => void): Promise<void> {
  const running: Promise<R>[] = [];
  let next = 0;
  const start = () => {
    const promise = work(items[next++]!);
    // Awaited below in order; this keeps a later one's failure from being unhandled while an earlier one is awaited.
    promise.catch(() => undefined);
    running.push(promise);
  };
  while (next < items.length && running.length < Math.max(1, limit)) start();
  while (running.length) {
    let result: R;
    try {
      result = await running.shift()!;
    } catch (error) {
      await Promise.allSettled(running);
      throw error;
    }
    if (next < items.length) start();
    each(result);
  }
}

function createdAtOf(attachment: WxrAttachmentInfo): string | null {
  // The upload path's year and month are all an export says of when a file came (the item's date is not in the summary).
  const match = /^(\d{4})\/(\d{2})\//.exec(attachment.attachedFile ?? '');
  return match ? wpDateToIso(`${match[1]}-${match[2]}-01 00:00:00`) : null;
}

/**
 * The folder in an unpacked copy of the uploads that WordPress's upload paths (`2024/05/photo.jpg`, multisite's
 * `sites/2/…`) are relative to: people zip `uploads/`, `wp-content/` or a whole backup folder as often as the
 * folder's contents. Goes down through `wp-content/`, into `uploads/`, and through a single wrapping folder (not a
 * year's), at most a few levels; otherwise the folder itself.
 */
export async function findUploadsRoot(dir: string): Promise<string> {
  let current = dir;
  for (let depth = 0; depth < 4; depth++) {
    const entries = (await fs.promises.readdir(current, { withFileTypes: true })).filter((entry) => !IGNORED_IN_UPLOADS.test(entry.name));
    const folder = (name: string) => entries.find((entry) => entry.isDirectory() && entry.name === name);
    if (folder('wp-content')) {
      current = path.join(current, 'wp-content');
      continue;
    }
    if (folder('uploads')) return path.join(current, 'uploads');
    const only = entries.length === 1 ? entries[0]! : null;
    if (!only?.isDirectory() || /^\d{4}$/.test(only.name) || only.name === 'sites') return current;
    current = path.join(current, only.name);
  }
  return current;
}

/** What zip tools add beside the files (macOS's resource forks and folder settings), never an upload. */
export const IGNORED_IN_UPLOADS = /^(?:__MACOSX|\.DS_Store|Thumbs\.db|desktop\.ini)$/;
