import type { Db } from '../../platform/db/types.js';
import type { SectionRow } from '../../platform/db/schema.js';
import type { Insertable } from 'kysely';
import type { SectionsTable } from '../../platform/db/schema.js';

export async function listSections(db: Db): Promise<SectionRow[]> {
  return db.selectFrom('sections').selectAll().orderBy('sort_order').orderBy('name').execute();
}

export async function insertSection(db: Db, row: Insertable<SectionsTable>): Promise<number> {
  const { id } = await db.insertInto('sections').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}
