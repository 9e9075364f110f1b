import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../platform/db/types.js';
import type { UserRow, UsersTable } from '../../platform/db/schema.js';

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function findUserById(db: Db, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUserByPersonId(db: Db, personId: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('person_id', '=', personId).executeTakeFirst();
}

export async function insertUser(db: Db, row: Insertable<UsersTable>): Promise<number> {
  const { id } = await db.insertInto('users').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateUser(db: Db, id: number, changes: Updateable<UsersTable>): Promise<void> {
  await db.updateTable('users').set(changes).where('id', '=', id).execute();
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().orderBy('display_name').orderBy('id').execute();
}

export async function countUsers(db: Db): Promise<number> {
  const { n } = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(n);
}

export async function personExists(db: Db, personId: number): Promise<boolean> {
  return (await db.selectFrom('people').select('id').where('id', '=', personId).executeTakeFirst()) !== undefined;
}

export async function personSlugTaken(db: Db, slug: string): Promise<boolean> {
  return (await db.selectFrom('people').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined;
}
