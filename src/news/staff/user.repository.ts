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
  const { n } = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

export async function personExists(db: Db, personId: number): Promise<boolean> {
  return (await db.selectFrom('people').select('id').where('id', '=', personId).executeTakeFirst()) !== undefined;
}

export async function personSlugTaken(db: Db, slug: string): Promise<boolean> {
  return (await db.selectFrom('people').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined;
}

/** Accounts with the slug and name of their byline person, if any; all of them, or the one with `id`. */
export async function listUsersWithBylines(db: Db, id?: number) {
  let query = db
    .selectFrom('users')
    .leftJoin('people', 'people.id', 'users.person_id')
    .selectAll('users')
    .select(['people.slug as person_slug', 'people.display_name as person_name']);
  if (id !== undefined) query = query.where('users.id', '=', id);
  return query.orderBy('users.display_name').orderBy('users.id').execute();
}

/** Byline people no account writes under (wire services, freelancers), to attach to a new account. */
export async function listPeopleWithoutAccount(db: Db): Promise<{ id: number; slug: string; display_name: string }[]> {
  return db
    .selectFrom('people')
    .leftJoin('users', 'users.person_id', 'people.id')
    .select(['people.id', 'people.slug', 'people.display_name'])
    .where('users.id', 'is', null)
    .orderBy('people.display_name')
    .orderBy('people.id')
    .execute();
}

/**
 * Locks the rows of the active administrators and returns their ids. A no-op UPDATE locks on both dialects (SQLite
 * takes its single write lock, PostgreSQL row locks), so two admins demoting each other at once are serialised: the
 * second waits for the first to commit and then no longer counts it.
 */
export async function lockActiveAdmins(db: Db): Promise<number[]> {
  const rows = await db
    .updateTable('users')
    .set((eb) => ({ role: eb.ref('role') }))
    .where('role', '=', 'admin')
    .where('active', '=', true)
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}
