import type { Selectable } from 'kysely';
import type { UserTwoFactorTable } from '../../platform/db/schema.js';
import type { Db } from '../../platform/db/types.js';

export type TwoFactorRow = Selectable<UserTwoFactorTable>;

export async function findTwoFactor(db: Db, userId: number): Promise<TwoFactorRow | undefined> {
  return db.selectFrom('user_two_factor').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** Starts (or restarts) setting up: a new, unconfirmed secret replaces any earlier unconfirmed one. */
export async function saveUnconfirmedSecret(db: Db, userId: number, secretCiphertext: string, now: string): Promise<void> {
  await db
    .insertInto('user_two_factor')
    .values({ user_id: userId, secret_ciphertext: secretCiphertext, enabled_at: null, last_used_step: null, created_at: now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ secret_ciphertext: secretCiphertext, enabled_at: null, last_used_step: null, created_at: now }))
    .execute();
}

export async function enableTwoFactor(db: Db, userId: number, step: number, now: string): Promise<boolean> {
  const result = await db
    .updateTable('user_two_factor')
    .set({ enabled_at: now, last_used_step: step })
    .where('user_id', '=', userId)
    .where('enabled_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Records that a code for `step` was used, only if no code for that step or a later one was used before. False means
 * the code was already spent (possibly by a request racing this one): both dialects apply the condition atomically.
 */
export async function claimTotpStep(db: Db, userId: number, step: number): Promise<boolean> {
  const result = await db
    .updateTable('user_two_factor')
    .set({ last_used_step: step })
    .where('user_id', '=', userId)
    .where('enabled_at', 'is not', null)
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deleteUnconfirmedSecret(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('user_two_factor').where('user_id', '=', userId).where('enabled_at', 'is', null).execute();
}

/** Removes the authenticator and every recovery code; true when there was one. */
export async function deleteTwoFactor(db: Db, userId: number): Promise<boolean> {
  await db.deleteFrom('user_recovery_codes').where('user_id', '=', userId).execute();
  const result = await db.deleteFrom('user_two_factor').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function replaceRecoveryCodes(db: Db, userId: number, codeHashes: string[], now: string): Promise<void> {
  await db.deleteFrom('user_recovery_codes').where('user_id', '=', userId).execute();
  await db
    .insertInto('user_recovery_codes')
    .values(codeHashes.map((code_hash) => ({ user_id: userId, code_hash, used_at: null, created_at: now })))
    .execute();
}

/** Spends an unused recovery code; false when there is no such code or it was used already. */
export async function spendRecoveryCode(db: Db, userId: number, codeHash: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('user_recovery_codes')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function countUnusedRecoveryCodes(db: Db, userId: number): Promise<number> {
  const { n } = await db
    .selectFrom('user_recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** The accounts that have two-factor sign-in on (for lists of users). */
export async function userIdsWithTwoFactor(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('user_two_factor').select('user_id').where('enabled_at', 'is not', null).execute();
  return rows.map((row) => row.user_id);
}
