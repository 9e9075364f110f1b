import { type Insertable } from 'kysely';
import { containsText } from '../../platform/db/dialect.js';
import type { Db } from '../../platform/db/types.js';
import type { TagRow, TagsTable } from '../../platform/db/schema.js';

export async function findTagBySlug(db: Db, slug: string): Promise<TagRow | undefined> {
  return db.selectFrom('tags').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function findTagById(db: Db, id: number): Promise<TagRow | undefined> {
  return db.selectFrom('tags').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A tag whose name is this one, ignoring case (as writers type names freely). */
export async function findTagByName(db: Db, name: string): Promise<TagRow | undefined> {
  return db
    .selectFrom('tags')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .orderBy('id')
    .executeTakeFirst();
}

export async function insertTag(db: Db, row: Insertable<TagsTable>): Promise<number> {
  const { id } = await db.insertInto('tags').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateTagRow(db: Db, id: number, changes: { name: string; slug: string }): Promise<void> {
  await db.updateTable('tags').set(changes).where('id', '=', id).execute();
}

/** Holds these tags' rows until the transaction ends (a no-op write), so two merges of the same tags take turns. */
export async function lockTags(db: Db, ids: number[]): Promise<void> {
  await db
    .updateTable('tags')
    .set((eb) => ({ name: eb.ref('name') }))
    .where('id', 'in', ids)
    .execute();
}

export interface TagWithCount extends TagRow {
  article_count: number;
}

/**
 * A page of tags by name, with how many articles each has (kept in tag_article_counts by migration 0026's
 * triggers); `q` matches the name or slug (case-insensitive).
 */
export async function searchTags(db: Db, q: string, limit: number, offset: number): Promise<{ rows: TagWithCount[]; total: number }> {
  const like = containsText(db, q);
  let base = db.selectFrom('tags');
  if (q) base = base.where((eb) => eb.or([eb('name', like.operator, like.pattern), eb('slug', like.operator, like.pattern)]));
  const [rows, count] = await Promise.all([
    base
      .leftJoin('tag_article_counts', 'tag_article_counts.tag_id', 'tags.id')
      .selectAll('tags')
      .select('tag_article_counts.n as article_count')
      .orderBy('tags.name')
      .orderBy('tags.id')
      .limit(limit)
      .offset(offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map((row) => ({ ...row, article_count: Number(row.article_count ?? 0) })), total: Number(count.total) };
}

export async function articleIdsWithTag(db: Db, tagId: number): Promise<number[]> {
  return (await db.selectFrom('article_tags').select('article_id').where('tag_id', '=', tagId).orderBy('article_id').execute()).map((row) => row.article_id);
}

export async function countArticlesWithTag(db: Db, tagId: number): Promise<number> {
  const row = await db
    .selectFrom('article_tags')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tag_id', '=', tagId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Gives every article tagged `from` the tag `to` (once: articles that have both keep one link) and removes `from` from them. */
export async function moveTagArticles(db: Db, from: number, to: number): Promise<void> {
  await db
    .insertInto('article_tags')
    .columns(['article_id', 'tag_id'])
    .expression((eb) =>
      eb
        .selectFrom('article_tags')
        .select((inner) => ['article_id', inner.cast<number>(inner.val(to), 'integer').as('tag_id')])
        .where('tag_id', '=', from)
        .where('article_id', 'not in', eb.selectFrom('article_tags as already').select('already.article_id').where('already.tag_id', '=', to)),
    )
    .execute();
  await db.deleteFrom('article_tags').where('tag_id', '=', from).execute();
}

/** Records that a tag is gone, and into which tag (null: none). */
export async function recordTagMove(db: Db, fromId: number, toId: number | null, at: string): Promise<void> {
  await db.insertInto('tag_moves').values({ from_tag_id: fromId, to_tag_id: toId, moved_at: at }).execute();
}

/** Where a tag that is gone went: `{ toId: null }` when nowhere; undefined when it never went (or never was). */
export async function findTagMove(db: Db, fromId: number): Promise<{ toId: number | null } | undefined> {
  const row = await db.selectFrom('tag_moves').select('to_tag_id').where('from_tag_id', '=', fromId).executeTakeFirst();
  return row ? { toId: row.to_tag_id } : undefined;
}

export async function deleteTagRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('article_tags').where('tag_id', '=', id).execute();
  await db.deleteFrom('tags').where('id', '=', id).execute();
}
