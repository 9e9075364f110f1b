import fs from 'node:fs';
import path from 'node:path';
import type { ImportTarget } from '../../news/imports/import.service.js';
import type { ImportedLink } from '../../news/imports/import.types.js';
import type { NewsServices } from '../../news/services.js';
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

/**
 * The media pass, before any story is written: each attachment's file from the uploads copy into the media library
 * (sizes, WebP), so stories and pages can point at the library's URLs. Returns the URL map and the old file addresses.
 */
export async function importMediaFromDir(
  services: NewsServices,
  target: ImportTarget,
  summary: WxrSummary,
  root: string,
  record: {
    outcome(outcome: 'imported' | 'updated' | 'unchanged'): void;
    skip(id: number, reason: string): void;
  },
): Promise<MediaPassResult> {
  const urls = new Map<string, string>();
  const links: ImportedLink[] = [];
  for (const [id, attachment] of summary.attachments) {
    const relative = attachment.attachedFile ?? (attachment.url ? uploadKey(attachment.url) : null);
    if (!relative) {
      record.skip(id, 'it names no file');
      continue;
    }
    const found = await fileInUploads(root, relative);
    if ('problem' in found) {
      record.skip(id, found.problem);
      continue;
    }
    const stat = await fs.promises.stat(found.file);
    const result = await services.imports.mediaItem(
      target,
      {
        oldId: id,
        filename: path.basename(relative),
        alt: plainText(attachment.alt ?? ''),
        caption: plainText(attachment.caption),
        createdAt: createdAtOf(attachment),
        version: `${relative}:${stat.size}:${Math.round(stat.mtimeMs)}`,
      },
      () => fs.promises.readFile(found.file),
    );
    if (result.outcome === 'skipped' || !result.item) {
      record.skip(id, `the media library refused its file ${relative}: ${result.reason ?? 'unreadable'}`);
      continue;
    }
    record.outcome(result.outcome);
    urls.set(relative, result.item.url);
    if (attachment.url) {
      const key = uploadKey(attachment.url);
      if (key) urls.set(key, result.item.url);
    }
    links.push({ path: `/wp-content/uploads/${relative}`, kind: 'media', oldId: id, includeSubpaths: false });
  }
  return { urls, links };
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
