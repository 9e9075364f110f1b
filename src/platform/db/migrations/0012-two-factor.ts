import type { MigrationDb } from '../migration-db.js';
import type { DialectHelpers } from '../dialect.js';

/**
 * Optional TOTP two-factor sign-in for staff: at most one authenticator secret per account (encrypted, never in the
 * clear) and that account's one-time recovery codes (hashes only).
 */
export async function up(db: MigrationDb, d: DialectHelpers): Promise<void> {
  const ts = d.timestampType;

  await db.schema
    .createTable('user_two_factor')
    .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    /** AES-256-GCM of the base32 secret under a key derived from SECRET_KEY, bound to the user id. */
    .addColumn('secret_ciphertext', 'text', (c) => c.notNull())
    /** Null while the user is still setting it up: two-factor sign-in is on only once a code has confirmed the secret. */
    .addColumn('enabled_at', ts)
    /** The newest TOTP time step accepted (Unix seconds / 30; fits an integer until the year 4000), so no code works twice. */
    .addColumn('last_used_step', 'integer')
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  await d
    .addIdColumn(db.schema.createTable('user_recovery_codes'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    /** SHA-256 hex of the normalised code (80 random bits, so the hash cannot be reversed by guessing). */
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('user_recovery_codes_user_idx').on('user_recovery_codes').columns(['user_id', 'code_hash']).unique().execute();
}
