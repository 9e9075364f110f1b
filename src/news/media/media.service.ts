import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { Db } from '../../platform/db/types.js';
import type { MediaStorage } from '../../platform/storage/media-storage.js';
import { formatBytes } from '../../platform/format-bytes.js';
import type { AuditService } from '../audit/audit.service.js';
import { type Clock, isoNow } from '../shared/clock.js';
import { DomainError, invalid, notFound } from '../shared/errors.js';
import { ACCEPTED_TYPES, processImage, UnreadableImageError } from './image-processing.js';
import {
  articlesFeaturing,
  deleteMediaRow,
  findMedia,
  insertMedia,
  isSiteLogo,
  mediaByKeys,
  type MediaRowWithUploader,
  searchMedia,
  updateMediaText,
} from './media.repository.js';
import type { MediaItem, MediaText, MediaUpload, MediaUploadOptions } from './media.types.js';

export const NOT_AN_IMAGE_MESSAGE = 'This file is not a JPEG, PNG, WebP or GIF image.';
const LIMITS = { alt: 500, caption: 1000, credit: 200, filename: 200 } as const;

export { formatBytes };

export function tooLargeMessage(maxBytes: number): string {
  return `The file is larger than ${formatBytes(maxBytes)}.`;
}

/** A file name for display and search: no directories, no control characters, a sane length. */
export function sanitizeFilename(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  const clean = base
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  return clean.slice(0, LIMITS.filename);
}

/** Who is acting, for the audit log. */
export interface MediaActor {
  userId: number | null;
  ip?: string | null;
}

export interface SrcsetInfo {
  srcset: string;
  width: number;
  height: number;
}

export interface MediaServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  /** Where the files go; without one, uploads are refused. */
  storage: MediaStorage | null;
  /** The largest upload accepted, in bytes. */
  maxBytes: number;
  audit?: AuditService | null;
}

/** The media library: uploads (checked, oriented, stripped, WebP variants), text, search, safe deletion. */
export class MediaService {
  constructor(private readonly deps: MediaServiceDeps) {}

  get maxBytes(): number {
    return this.deps.maxBytes;
  }

  private store(): MediaStorage {
    if (!this.deps.storage) throw new DomainError('Media storage is not configured here', 'invalid');
    return this.deps.storage;
  }

  async upload(input: MediaUpload, actor: MediaActor, options: MediaUploadOptions = {}): Promise<MediaItem> {
    const uploadedBy = actor.userId;
    const storage = this.store();
    if (input.bytes.length > this.maxBytes) throw invalid(tooLargeMessage(this.maxBytes), { file: tooLargeMessage(this.maxBytes) });
    if (!input.bytes.length) throw invalid('The file is empty. Choose a JPEG, PNG, WebP or GIF image.', { file: 'Choose an image' });
    let processed;
    try {
      processed = await processImage(input.bytes);
    } catch (error) {
      if (error instanceof UnreadableImageError) throw invalid(NOT_AN_IMAGE_MESSAGE, { file: NOT_AN_IMAGE_MESSAGE });
      throw error;
    }
    const text = validText(input);
    const now = isoNow(this.deps.clock);
    const type = ACCEPTED_TYPES[processed.format];
    const prefix = `${now.slice(0, 4)}/${now.slice(5, 7)}/${randomBytes(8).toString('hex')}`;
    const originalKey = `${prefix}/original.${type.extension}`;
    const variants = processed.variants.map((v) => ({ width: v.width, key: `${prefix}/${v.width}.webp` }));
    const written: string[] = [];
    try {
      await storage.put(originalKey, processed.original, type.contentType);
      written.push(originalKey);
      for (const [i, variant] of processed.variants.entries()) {
        await storage.put(variants[i]!.key, variant.bytes, 'image/webp');
        written.push(variants[i]!.key);
      }
      const id = await insertMedia(this.deps.db, {
        ...(options.id !== undefined && { id: options.id }),
        storage_key: originalKey,
        original_filename: sanitizeFilename(input.filename),
        content_type: type.contentType,
        bytes: processed.original.length,
        width: processed.width,
        height: processed.height,
        ...text,
        variants: JSON.stringify(variants),
        uploaded_by: uploadedBy,
        created_at: options.createdAt ?? now,
        updated_at: now,
      });
      const item = await this.get(id);
      await this.deps.audit?.record({
        actorId: actor.userId,
        action: 'media.uploaded',
        subjectType: 'media',
        subjectId: id,
        after: auditView(item),
        ip: actor.ip ?? null,
      });
      return item;
    } catch (error) {
      await Promise.all(written.map((key) => storage.delete(key).catch(() => {})));
      throw error;
    }
  }

  async get(id: number): Promise<MediaItem> {
    const row = await findMedia(this.deps.db, id);
    if (!row) throw notFound('Image');
    return this.toItem(row);
  }

  async search(q: string, limit = 60, offset = 0): Promise<MediaItem[]> {
    const rows = await searchMedia(this.deps.db, q.trim().slice(0, 200), limit, offset);
    return rows.map((row) => this.toItem(row));
  }

  async updateText(id: number, input: Partial<MediaText>): Promise<MediaItem> {
    await this.get(id);
    await updateMediaText(this.deps.db, id, { ...validText(input), updated_at: isoNow(this.deps.clock) });
    return this.get(id);
  }

  /** Articles whose featured image is this item. */
  async usedBy(id: number): Promise<{ id: number; title: string }[]> {
    const item = await this.get(id);
    return articlesFeaturing(this.deps.db, item.url);
  }

  /** Whether the item is the site's logo (the `logo` setting), which cannot be deleted. */
  async isSiteLogo(id: number): Promise<boolean> {
    return isSiteLogo(this.deps.db, id);
  }

  /** Deletes the item and its files; refused while it is the site's logo or an article's featured image. */
  async delete(id: number, actor: MediaActor): Promise<void> {
    const item = await this.get(id);
    if (await isSiteLogo(this.deps.db, id)) {
      throw new DomainError('This image is the site’s logo. Choose another logo in Settings before deleting it.', 'conflict');
    }
    const users = await articlesFeaturing(this.deps.db, item.url);
    if (users.length) {
      const first = users[0]!;
      const more = users.length > 1 ? ` and ${users.length - 1} more ${users.length === 2 ? 'article' : 'articles'}` : '';
      throw new DomainError(
        `This image cannot be deleted: it is the featured image of “${first.title}”${more}. Choose another featured image there first.`,
        'conflict',
      );
    }
    const row = (await findMedia(this.deps.db, id))!;
    await deleteMediaRow(this.deps.db, id);
    await this.deps.audit?.record({
      actorId: actor.userId,
      action: 'media.deleted',
      subjectType: 'media',
      subjectId: id,
      before: auditView(item),
      ip: actor.ip ?? null,
    });
    const storage = this.store();
    await Promise.all([row.storage_key, ...parseVariants(row.variants).map((v) => v.key)].map((key) => storage.delete(key)));
  }

  /** The public URL of a stored file (an item's original or a variant, by storage key). */
  urlOf(key: string): string {
    return this.store().url(key);
  }

  /** The storage key behind a URL of this store, or null when the URL is not one of its files. */
  keyOf(url: string): string | null {
    return this.deps.storage?.keyOf(url) ?? null;
  }

  /**
   * Deletes these items' rows in the caller's transaction, without delete()'s checks (the caller has made its own) and
   * without an audit entry each, and returns the storage keys of their files (originals and variants): delete those
   * with deleteFiles once the transaction has committed, so a rollback leaves every file in place.
   */
  async deleteRowsIn(db: Db, ids: readonly number[]): Promise<string[]> {
    if (!ids.length) return [];
    const rows = await db
      .selectFrom('media')
      .select(['id', 'storage_key', 'variants'])
      .where('id', 'in', [...ids])
      .execute();
    await db
      .deleteFrom('media')
      .where('id', 'in', [...ids])
      .execute();
    return rows.flatMap((row) => [row.storage_key, ...parseVariants(row.variants).map((v) => v.key)]);
  }

  /** Deletes stored files by key (a missing one is no error); returns the keys that could not be deleted. */
  async deleteFiles(keys: readonly string[]): Promise<string[]> {
    const storage = this.store();
    const results = await Promise.allSettled(keys.map((key) => storage.delete(key)));
    return keys.filter((_, i) => results[i]!.status === 'rejected');
  }

  /** srcset data for featured-image URLs that point at media items (for article summaries); others are absent. */
  async srcsetsForUrls(urls: readonly string[]): Promise<Map<string, SrcsetInfo>> {
    const result = new Map<string, SrcsetInfo>();
    if (!this.deps.storage) return result;
    const keys = [...new Set(urls.map((url) => this.deps.storage!.keyOf(url)).filter((k): k is string => k !== null))];
    for (const row of await mediaByKeys(this.deps.db, keys)) {
      const srcset = this.srcsetOf(parseVariants(row.variants));
      if (srcset) result.set(this.deps.storage.url(row.storage_key), { srcset, width: row.width, height: row.height });
    }
    return result;
  }

  private srcsetOf(variants: { width: number; key: string }[]): string {
    return variants.map((v) => `${this.deps.storage!.url(v.key)} ${v.width}w`).join(', ');
  }

  private toItem(row: MediaRowWithUploader): MediaItem {
    const storage = this.store();
    const variants = parseVariants(row.variants);
    return {
      id: row.id,
      url: storage.url(row.storage_key),
      originalFilename: row.original_filename,
      contentType: row.content_type,
      bytes: row.bytes,
      width: row.width,
      height: row.height,
      alt: row.alt,
      caption: row.caption,
      credit: row.credit,
      variants: variants.map((v) => ({ width: v.width, url: storage.url(v.key) })),
      srcset: this.srcsetOf(variants),
      uploadedBy: row.uploaded_by,
      uploaderName: row.uploader_name,
      createdAt: row.created_at,
    };
  }
}

function auditView(item: MediaItem) {
  return { url: item.url, filename: item.originalFilename, alt: item.alt, caption: item.caption, credit: item.credit, uploadedBy: item.uploadedBy };
}

function parseVariants(json: string): { width: number; key: string }[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? (parsed as { width: number; key: string }[]) : [];
  } catch {
    return [];
  }
}

function validText(input: Partial<MediaText>): MediaText {
  const clean = (value: string | undefined) => (value ?? '').replace(/\s+/g, ' ').trim();
  const text = { alt: clean(input.alt), caption: clean(input.caption), credit: clean(input.credit) };
  const errors: Record<string, string> = {};
  for (const field of ['alt', 'caption', 'credit'] as const) {
    if (text[field].length > LIMITS[field]) errors[field] = `Keep it under ${LIMITS[field]} characters`;
  }
  if (Object.keys(errors).length) throw invalid('Some of the text is too long', errors);
  return text;
}
