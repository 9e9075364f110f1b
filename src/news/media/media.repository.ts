import { type Insertable, type Kysely } from 'kysely';
import { containsText } from '../../platform/db/dialect.js';
import type { Database, MediaRow, MediaTable } from '../../platform/db/schema.js';
import type { Db } from '../../platform/db/types.js';

export type MediaRowWithUploader = MediaRow & { uploader_name: string | null };

function selectMedia(db: Db) {
  return db.selectFrom('media').leftJoin('users', 'users.id', 'media.uploaded_by').selectAll('media').select('users.display_name as uploader_name');
}

export async function insertMedia(db: Db, row: Insertable<MediaTable>): Promise<number> {
  const { id } = await db.insertInto('media').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function findMedia(db: Db, id: number): Promise<MediaRowWithUploader | undefined> {
  return selectMedia(db).where('media.id', '=', id).executeTakeFirst();
}

/** Newest first; `q` matches alt, caption, credit or file name (case-insensitive, via the dialect's like operator). */
export async function searchMedia(db: Db, q: string, limit: number, offset: number): Promise<MediaRowWithUploader[]> {
  let query = selectMedia(db);
  if (q) {
    const like = containsText(db, q);
    query = query.where((eb) =>
      eb.or((['media.alt', 'media.caption', 'media.credit', 'media.original_filename'] as const).map((column) => eb(column, like.operator, like.pattern))),
    );
  }
  return query.orderBy('media.created_at', 'desc').orderBy('media.id', 'desc').limit(limit).offset(offset).execute();
}

export async function mediaByKeys(db: Db, keys: string[]): Promise<Pick<MediaRow, 'storage_key' | 'variants' | 'width' | 'height'>[]> {
  if (!keys.length) return [];
  return db.selectFrom('media').select(['storage_key', 'variants', 'width', 'height']).where('storage_key', 'in', keys).execute();
}

export async function updateMediaText(db: Db, id: number, changes: { alt: string; caption: string; credit: string; updated_at: string }): Promise<void> {
  await db.updateTable('media').set(changes).where('id', '=', id).execute();
}

export async function deleteMediaRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('media').where('id', '=', id).execute();
}

/** Articles (any status) whose featured image is this URL. */
export async function articlesFeaturing(db: Kysely<Database>, url: string): Promise<{ id: number; title: string }[]> {
  return db.selectFrom('articles').select(['id', 'title']).where('featured_image_url', '=', url).orderBy('id').execute();
}

/**
 * Whether the site's logo setting is this item. Read here, fresh, rather than through SettingsService (which caches
 * for seconds and itself depends on the media service): the settings table holds each value as JSON, the logo as an id.
 */
export async function isSiteLogo(db: Db, id: number): Promise<boolean> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'logo').executeTakeFirst();
  if (!row) return false;
  try {
    return JSON.parse(row.value) === id;
  } catch {
    return false;
  }
}
