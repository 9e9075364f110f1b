import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { type DatabaseIntrospector, type DialectAdapter, Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../../config.js';
import { CurrentSchemaIntrospector } from './current-schema-introspector.js';
import { type DialectName, sqliteDatabaseAdapter } from './dialect.js';
import type { MigrationDb } from './migration-db.js';
import type { Database } from './schema.js';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: DialectName;
  destroy(): Promise<void>;
}

// PostgreSQL hands timestamps back as Date and bigint counts as strings; the app works in ISO strings and numbers
// on both dialects, so parse them that way at the driver.
const TIMESTAMPTZ_OID = 1184;
const INT8_OID = 20;
const NUMERIC_OID = 1700;
function pgTypeParser(oid: number, format?: 'text' | 'binary') {
  if (oid === TIMESTAMPTZ_OID) return (value: string) => new Date(value).toISOString();
  if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
  return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text');
}

/** SQLite's page cache, in KiB (negative: a size, not a page count). */
const SQLITE_CACHE_KIB = -32_768;

export function openDatabase(config: DatabaseConfig): DatabaseHandle {
  if (config.dialect === 'sqlite') {
    if (config.filename !== ':memory:') fs.mkdirSync(path.dirname(config.filename), { recursive: true });
    const sqlite = new BetterSqlite3(config.filename);
    sqlite.pragma('journal_mode = WAL');
    // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commits.
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // SQLite's default page cache is 2 MiB. On a 100,000-story archive (4 GB) pages then fall out of it between
    // requests and are read again: 446 pread calls per page view over the front page and 104 articles, against ~1
    // with 32 MiB (strace -c, bench dataset). It grows only as pages are used, one connection per process.
    sqlite.pragma(`cache_size = ${SQLITE_CACHE_KIB}`);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqliteDatabaseAdapter(sqlite) }) });
    return { db, dialect: 'sqlite', destroy: () => db.destroy() };
  }
  const pool = new pg.Pool({
    connectionString: config.connectionString,
    max: config.poolSize,
    types: { getTypeParser: pgTypeParser as typeof pg.types.getTypeParser },
    ...(config.schema ? { options: `-c search_path=${config.schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new SchemaLockingPostgresDialect({ pool }) });
  return { db, dialect: 'postgres', destroy: () => db.destroy() };
}

/**
 * Kysely's PostgreSQL migration lock is one advisory lock for the whole database, so migrating one schema (a site,
 * a test run, the benchmark's archive) would hold up every other schema's. This one is per schema: two instances of
 * one site still take turns, sites in other schemas do not wait.
 */
class SchemaMigrationLockAdapter extends PostgresAdapter {
  override async acquireMigrationLock(db: MigrationDb): Promise<void> {
    // Migrations run in this lock's transaction. No parallel workers in it: a worker has been seen failing to find
    // the migration table ("relation does not exist", where: parallel worker) when catalog bloat made the planner
    // choose one, and migrations have nothing to gain from them.
    await sql`set local max_parallel_workers_per_gather = 0`.execute(db);
    // Wait up to an hour (a long migration on a big archive), set before the lock is asked for.
    await sql`
      with timeout as (select set_config('lock_timeout', '3600000', true))
      select pg_advisory_lock(hashtext('dateline.migrate.' || current_schema())) from timeout`.execute(db);
  }

  override async releaseMigrationLock(db: MigrationDb): Promise<void> {
    await sql`select pg_advisory_unlock(hashtext('dateline.migrate.' || current_schema()))`.execute(db);
  }
}

class SchemaLockingPostgresDialect extends PostgresDialect {
  override createAdapter(): DialectAdapter {
    return new SchemaMigrationLockAdapter();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db);
  }
}
