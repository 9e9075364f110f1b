import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../platform/db/types.js';
import type { SectionRow, SectionsTable } from '../../platform/db/schema.js';

export async function listSections(db: Db): Promise<SectionRow[]> {
  return db.selectFrom('sections').selectAll().orderBy('sort_order').orderBy('name').execute();
}

export async function findSectionById(db: Db, id: number): Promise<SectionRow | undefined> {
  return db.selectFrom('sections').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findSectionBySlug(db: Db, slug: string): Promise<SectionRow | undefined> {
  return db.selectFrom('sections').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function insertSection(db: Db, row: Insertable<SectionsTable>): Promise<number> {
  const { id } = await db.insertInto('sections').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateSectionRow(db: Db, id: number, changes: Updateable<SectionsTable>): Promise<void> {
  await db.updateTable('sections').set(changes).where('id', '=', id).execute();
}

/**
 * Holds every section row until the transaction ends (a no-op write), so two changes to the tree take turns on
 * PostgreSQL and each checks for cycles against the other's result; SQLite has one writer anyway.
 */
export async function lockSectionTree(db: Db): Promise<void> {
  await db
    .updateTable('sections')
    .set((eb) => ({ sort_order: eb.ref('sort_order') }))
    .execute();
}

/**
 * Articles in each section (primary or additional, whatever their status), by section id, as migration 0029's
 * triggers keep them; sections without any are absent or at 0.
 */
export async function articleCountsBySection(db: Db): Promise<Map<number, number>> {
  const rows = await db.selectFrom('section_article_counts').select(['section_id', 'n']).execute();
  return new Map(rows.map((row) => [row.section_id, Number(row.n)]));
}

/** Articles in a section, as their primary section or another. */
export async function articleIdsInSection(db: Db, sectionId: number): Promise<number[]> {
  return (await inSection(db, sectionId).execute()).map((row) => row.id);
}

function inSection(db: Db, sectionId: number) {
  return db
    .selectFrom('articles')
    .select('id')
    .where((eb) =>
      eb.or([
        eb('primary_section_id', '=', sectionId),
        eb('id', 'in', eb.selectFrom('article_sections').select('article_id').where('section_id', '=', sectionId)),
      ]),
    );
}

/**
 * Gives every article in section `from` (primary or additional) section `to` instead, in the caller's transaction:
 * `to` becomes the primary section where `from` was, and an article already in both keeps one link (the
 * (article_id, section_id) key is never violated).
 */
export async function moveSectionArticles(db: Db, from: number, to: number): Promise<void> {
  const inFrom = inSection(db, from);
  await db
    .insertInto('article_sections')
    .columns(['article_id', 'section_id'])
    .expression(
      inFrom
        .clearSelect()
        .select((eb) => ['id', eb.cast<number>(eb.val(to), 'integer').as('section_id')])
        .where('id', 'not in', db.selectFrom('article_sections').select('article_id').where('section_id', '=', to)),
    )
    .execute();
  await db.updateTable('articles').set({ primary_section_id: to }).where('primary_section_id', '=', from).execute();
  await db.deleteFrom('article_sections').where('section_id', '=', from).execute();
}

/** Deletes a section (which has no subsections); its articles lose it (their primary section becomes none). */
export async function deleteSectionRow(db: Db, id: number): Promise<void> {
  await db.updateTable('articles').set({ primary_section_id: null }).where('primary_section_id', '=', id).execute();
  await db.deleteFrom('article_sections').where('section_id', '=', id).execute();
  await db.deleteFrom('sections').where('id', '=', id).execute();
}
