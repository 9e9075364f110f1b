import type { Insertable } from 'kysely';
import type { Db } from '../../platform/db/types.js';
import type { TagRow, TagsTable } from '../../platform/db/schema.js';

export async function findTagBySlug(db: Db, slug: string): Promise<TagRow | undefined> {
  return db.selectFrom('tags').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function insertTag(db: Db, row: Insertable<TagsTable>): Promise<number> {
  const { id } = await db.insertInto('tags').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}
