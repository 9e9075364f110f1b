import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely } from 'kysely';
import { PostgresAdapter, type RawBuilder, SqliteAdapter, sql } from 'kysely';
import type { SqliteDatabase } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';

/**
 * Everything that differs between SQLite and PostgreSQL lives here (and in migrations that ask this module).
 * Repositories and services are written once against Kysely and never branch on the dialect themselves: a
 * repository that needs a dialect's piece of SQL asks for it with the database (or transaction) it runs on, e.g.
 * `likeOperator(db)`, `utcHour(db, column)`; nobody passes a dialect name around.
 */
export type DialectName = 'sqlite' | 'postgres';

/** Any Kysely database or transaction, whatever its tables: all the dialect needs of it is its executor. */
export type AnyDatabase = Pick<Kysely<object>, 'getExecutor'>;

/**
 * The dialect a database or an open transaction speaks, read from its Kysely adapter. A transaction shares its
 * database's adapter (a property added to the Kysely instance would be lost on a `Transaction`, which is a new
 * instance); connection.ts makes the PostgreSQL adapter a subclass of PostgresAdapter, so `instanceof` holds.
 * `getExecutor()` is what Kysely's own Migrator reads the adapter through.
 */
export function dialectOf(db: AnyDatabase): DialectName {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof PostgresAdapter) return 'postgres';
  if (adapter instanceof SqliteAdapter) return 'sqlite';
  throw new Error(`Unsupported database adapter: ${adapter.constructor.name}`);
}

export interface DialectHelpers {
  name: DialectName;
  /** Adds an auto-generated integer primary key called `id`. */
  addIdColumn<T extends string>(table: CreateTableBuilder<T, never>): CreateTableBuilder<T, 'id'>;
  timestampType: 'text' | 'timestamptz';
  booleanType: 'integer' | 'boolean';
  booleanDefault(value: boolean): ColumnDefinitionBuilderCallback;
}

type ColumnDefinitionBuilderCallback = (col: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;

export function dialectHelpers(name: DialectName): DialectHelpers {
  if (name === 'sqlite') {
    return {
      name,
      addIdColumn: (table) => table.addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement()),
      timestampType: 'text',
      booleanType: 'integer',
      booleanDefault: (value) => (col) => col.notNull().defaultTo(value ? 1 : 0),
    };
  }
  return {
    name,
    addIdColumn: (table) => table.addColumn('id', 'integer', (col) => col.primaryKey().generatedByDefaultAsIdentity()),
    timestampType: 'timestamptz',
    booleanType: 'boolean',
    booleanDefault: (value) => (col) => col.notNull().defaultTo(value),
  };
}

/**
 * Adapts better-sqlite3 for Kysely:
 * - better-sqlite3 refuses JavaScript booleans as parameters and returns 0/1 for them. Parameters are converted
 *   here; results are converted by the repositories' row mappers (the driver cannot know which columns are booleans).
 * - Compiling SQL is a large share of a small query's cost, and Kysely prepares every query afresh, so prepared
 *   statements are kept per SQL text (a bounded cache; the app issues a fixed set of query shapes).
 */
const STATEMENT_CACHE_SIZE = 1000;

export function sqliteDatabaseAdapter(db: BetterSqlite3.Database): SqliteDatabase {
  const toParams = (parameters: ReadonlyArray<unknown>) => parameters.map((value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value));
  const statements = new Map<string, BetterSqlite3.Statement>();
  const prepared = (query: string) => {
    let statement = statements.get(query);
    if (!statement) {
      statement = db.prepare(query);
      if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
      statements.set(query, statement);
    }
    return statement;
  };
  return {
    close: () => db.close(),
    prepare(query: string) {
      const statement = prepared(query);
      return {
        reader: statement.reader,
        all: (parameters) => statement.all(toParams(parameters)),
        run: (parameters) => statement.run(toParams(parameters)),
        iterate: (parameters) => statement.iterate(toParams(parameters)),
      };
    },
  };
}

/** Case-insensitive LIKE; SQLite's LIKE is already case-insensitive for ASCII, PostgreSQL needs ILIKE. */
export function likeOperator(db: AnyDatabase): 'like' | 'ilike' {
  return dialectOf(db) === 'postgres' ? 'ilike' : 'like';
}

/**
 * "Contains this text", case-insensitively, for `eb(column, like.operator, like.pattern)`: the text's own `%`, `_` and
 * `\` match themselves (escaped, with an ESCAPE clause, which SQLite needs: it has no default escape character).
 */
export function containsText(db: AnyDatabase, text: string): { operator: 'like' | 'ilike'; pattern: RawBuilder<string> } {
  const escaped = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return { operator: likeOperator(db), pattern: sql<string>`${escaped} escape '\\'` };
}

/**
 * After rows were inserted with explicit ids (an import keeping the source's), makes the table's next generated id
 * come after the largest. SQLite's AUTOINCREMENT already follows the largest id inserted; a PostgreSQL identity
 * sequence does not, and would hand out an id that is taken.
 */
export async function moveIdentityPastMaxId(db: AnyDatabase, table: string): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await sql`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce((select max(id) from ${sql.table(table)}), 0) + 1, false)`.execute(db);
}

/**
 * After a migration fills a table in bulk, PostgreSQL's planner knows nothing of its rows until autovacuum analyzes
 * it (never, where autovacuum is off): it took a new 156,000-row listing table for one row and sorted 55,000 matches
 * instead of reading 21 in index order (66 ms against 1.5 ms). SQLite plans without statistics.
 */
export async function refreshPlannerStatistics(db: AnyDatabase, tables: readonly string[]): Promise<void> {
  if (dialectOf(db) !== 'postgres' || !tables.length) return;
  await sql`analyze ${sql.join(tables.map((table) => sql.table(table)))}`.execute(db);
}

/** Pages SQLite lets its write-ahead log reach before a checkpoint during bulk writes (64 MiB of 4 KiB pages). */
const BULK_WAL_PAGES = 16_384;

/** What a run of bulk writes reports as it goes. */
export interface BulkWrites {
  /** These many rows were written (into the run's tables, directly or through their triggers). */
  wrote(rows: number): Promise<void>;
}

/** Rows a run of bulk writes makes before PostgreSQL's statistics of its tables are first refreshed. */
const FIRST_STATISTICS_REFRESH = 1000;

/**
 * Runs a long run of writes (an import) into these tables.
 * - SQLite: fewer checkpoints. SQLite copies the log into the database every 1,000 pages by default, each time inside a
 *   commit, which rewrites the same index pages over and over while a big batch job writes; a larger log between
 *   checkpoints copies each page once per 64 MiB. (The page cache matters as much: the default 2 MiB held little of
 *   the comments' five indexes, and 32 MiB made the import's write pass 13% faster, bench/wxr-import.ts, 20,000
 *   posts: 42.1 s → 36.5 s; every connection now has that cache, see connection.ts.) The default comes back
 *   afterwards, with a checkpoint.
 * - PostgreSQL: the tables' statistics are refreshed each time the rows the run reports (`wrote`) double. Triggers on
 *   them were planned when they were nearly empty; a session keeps those plans, and where autovacuum has not analyzed
 *   the tables yet (or is off) each batch got slower: a 20,000-post import took 406 s, with the refreshes 53 s.
 */
export async function withBulkWrites<T>(db: AnyDatabase, tables: readonly string[], run: (bulk: BulkWrites) => Promise<T>): Promise<T> {
  if (dialectOf(db) !== 'sqlite') {
    let rows = 0;
    let refreshAt = FIRST_STATISTICS_REFRESH;
    return run({
      wrote: async (written) => {
        rows += written;
        if (rows < refreshAt) return;
        refreshAt = rows * 2;
        await refreshPlannerStatistics(db, tables);
      },
    });
  }
  const rows = (await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db)).rows;
  const walPagesBefore = Number(rows[0]?.wal_autocheckpoint ?? 1000);
  await sql.raw(`pragma wal_autocheckpoint = ${BULK_WAL_PAGES}`).execute(db);
  try {
    return await run({ wrote: async () => {} });
  } finally {
    await sql.raw(`pragma wal_autocheckpoint = ${walPagesBefore}`).execute(db);
    await sql`pragma wal_checkpoint(passive)`.execute(db);
  }
}

/** The UTC hour ('YYYY-MM-DDTHH') of a timestamp column, for grouping; callers turn hours into local days. */
export function utcHour(db: AnyDatabase, column: string): RawBuilder<string> {
  return dialectOf(db) === 'postgres'
    ? sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24')`
    : sql<string>`substr(${sql.ref(column)}, 1, 13)`;
}

/** Whether a database error is a unique-constraint violation (someone else wrote the same key first), on either dialect. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * Whether a transaction failed because another one changed what it read (PostgreSQL's serializable isolation), or
 * SQLite's database stayed locked by another writer past the busy timeout: nothing was written; trying again may work.
 */
export function isConcurrentWriteFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40001' || code === 'SQLITE_BUSY';
}
