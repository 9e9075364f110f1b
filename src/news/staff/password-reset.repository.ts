import type { Insertable, Selectable } from 'kysely';
import type { PasswordResetLinksTable } from '../../platform/db/schema.js';
import type { Db } from '../../platform/db/types.js';

export type PasswordResetLinkRow = Selectable<PasswordResetLinksTable>;

export async function insertPasswordResetLink(db: Db, row: Insertable<PasswordResetLinksTable>): Promise<number> {
  const { id } = await db.insertInto('password_reset_links').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function findPasswordResetLinkByHash(db: Db, tokenHash: string): Promise<PasswordResetLinkRow | undefined> {
  return db.selectFrom('password_reset_links').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Makes every unused link of the user worthless; returns how many there were. */
export async function revokeOpenPasswordResetLinks(db: Db, userId: number, now: string): Promise<number> {
  const result = await db
    .updateTable('password_reset_links')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Marks a link used if it still may be: unused, not revoked, not expired. One conditional UPDATE, so of two requests
 * racing with the same link exactly one gets true.
 */
export async function claimPasswordResetLink(db: Db, id: number, now: string): Promise<boolean> {
  const result = await db
    .updateTable('password_reset_links')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Every link that can still be used (at most one per user: issuing a link revokes the older ones). */
export async function openPasswordResetLinks(db: Db, now: string): Promise<Pick<PasswordResetLinkRow, 'user_id' | 'purpose' | 'expires_at'>[]> {
  return db
    .selectFrom('password_reset_links')
    .select(['user_id', 'purpose', 'expires_at'])
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .execute();
}

/** Deletes links that were used, revoked or expired before `before`; returns how many. */
export async function purgeEndedPasswordResetLinks(db: Db, before: string): Promise<number> {
  const result = await db
    .deleteFrom('password_reset_links')
    .where((eb) => eb.or([eb('used_at', '<', before), eb('revoked_at', '<', before), eb('expires_at', '<', before)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
