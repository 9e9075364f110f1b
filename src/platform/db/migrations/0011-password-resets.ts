import type { MigrationDb } from '../migration-db.js';
import { sql } from 'kysely';
import type { DialectHelpers } from '../dialect.js';

/**
 * Single-use links that let a staff member choose a password: reset links an administrator (or the command line)
 * issues, and invitations for new accounts. Only the SHA-256 of each link's token is stored, never the token.
 */
export async function up(db: MigrationDb, d: DialectHelpers): Promise<void> {
  const ts = d.timestampType;
  await d
    .addIdColumn(db.schema.createTable('password_reset_links'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    /** SHA-256 hex of the token in the link. */
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('reset', 'invite')`))
    /** The administrator who issued it; null for the command line (or once that account is gone). */
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('used_at', ts)
    /** Set when a newer link for the same account, or deactivating it, made this one worthless. */
    .addColumn('revoked_at', ts)
    .execute();
  await db.schema.createIndex('password_reset_links_user_idx').on('password_reset_links').column('user_id').execute();
}
