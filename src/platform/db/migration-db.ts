import type { Migration } from 'kysely';

/**
 * The database a migration works on: Kysely's own type for it (`Kysely<any>`, from `Migration.up`). A released
 * migration never changes, so it is not checked against today's tables (schema.ts): it names tables and columns as
 * they were when it was written.
 */
export type MigrationDb = Parameters<Migration['up']>[0];
