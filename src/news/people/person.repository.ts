import type { Insertable } from 'kysely';
import type { Db } from '../../platform/db/types.js';
import type { PeopleTable, PersonRow } from '../../platform/db/schema.js';

export async function findPersonBySlug(db: Db, slug: string): Promise<PersonRow | undefined> {
  return db.selectFrom('people').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function insertPerson(db: Db, row: Insertable<PeopleTable>): Promise<number> {
  const { id } = await db.insertInto('people').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}
