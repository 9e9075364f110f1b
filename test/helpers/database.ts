import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { describe } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../src/platform/db/connection.js';
import type { DialectName } from '../../src/platform/db/dialect.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';

export const POSTGRES_URL = process.env.DATELINE_TEST_POSTGRES_URL;

/**
 * A fresh, migrated database for one test file or test. SQLite is in memory; PostgreSQL gets a schema of its own,
 * dropped on destroy, so parallel test files never see each other's rows.
 */
export async function createTestDatabase(dialect: DialectName, options: { migrate?: boolean } = {}): Promise<DatabaseHandle> {
  let handle: DatabaseHandle;
  if (dialect === 'sqlite') {
    handle = openDatabase({ dialect: 'sqlite', filename: ':memory:' });
  } else {
    if (!POSTGRES_URL) throw new Error('DATELINE_TEST_POSTGRES_URL is not set');
    const schema = `test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const inner = openDatabase({ dialect: 'postgres', connectionString: POSTGRES_URL, schema, poolSize: 5 });
    handle = {
      ...inner,
      destroy: async () => {
        await inner.destroy();
        const cleanup = new pg.Client({ connectionString: POSTGRES_URL });
        await cleanup.connect();
        await cleanup.query(`drop schema if exists ${schema} cascade`);
        await cleanup.end();
      },
    };
  }
  if (options.migrate !== false) await migrateToLatest(handle.db, handle.dialect);
  return handle;
}

/**
 * Two handles (two connection pools) on one fresh, migrated PostgreSQL schema: two app instances sharing a database.
 * destroy() on the result closes both and drops the schema.
 */
export async function createSharedPostgresDatabases(): Promise<{ first: DatabaseHandle; second: DatabaseHandle; destroy(): Promise<void> }> {
  if (!POSTGRES_URL) throw new Error('DATELINE_TEST_POSTGRES_URL is not set');
  const first = await createTestDatabase('postgres');
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(first.db);
  const second = openDatabase({ dialect: 'postgres', connectionString: POSTGRES_URL, schema: rows[0]!.schema, poolSize: 5 });
  return {
    first,
    second,
    async destroy() {
      await second.destroy();
      await first.destroy();
    },
  };
}

export const DIALECTS: DialectName[] = ['sqlite', 'postgres'];

/** Declares the same tests once per database; PostgreSQL's run is skipped (and says so) where it is not configured. */
export function describeEachDialect(name: string, body: (dialect: DialectName) => void): void {
  for (const dialect of DIALECTS) {
    const skip = dialect === 'postgres' && !POSTGRES_URL;
    (skip ? describe.skip : describe)(`${name} [${dialect}]`, () => body(dialect));
  }
}
