import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect } from '../../../test/helpers/database.js';
import type { DatabaseHandle } from './connection.js';
import { sql } from 'kysely';
import { dialectOf, likeOperator, refreshPlannerStatistics, withBulkWrites } from './dialect.js';

describeEachDialect('dialectOf', (dialect) => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase(dialect, { migrate: false });
  });
  afterAll(async () => database.destroy());

  it('names the dialect of the database and of a transaction on it', async () => {
    expect(dialectOf(database.db)).toBe(dialect);
    const inside = await database.db.transaction().execute(async (trx) => [dialectOf(trx), likeOperator(trx)]);
    expect(inside).toEqual([dialect, dialect === 'postgres' ? 'ilike' : 'like']);
  });

  it('runs bulk writes with a longer SQLite log between checkpoints, and puts it back even when they fail', async () => {
    const settings = async () => {
      const read = async (name: string) => Number((await sql<Record<string, number>>`${sql.raw(`pragma ${name}`)}`.execute(database.db)).rows[0]?.[name]);
      return { checkpointEvery: await read('wal_autocheckpoint'), cacheKib: -(await read('cache_size')) };
    };
    if (dialect === 'postgres') {
      expect(await withBulkWrites(database.db, [], async () => 'done')).toBe('done');
      return;
    }
    const before = await settings();
    const during = await withBulkWrites(database.db, [], settings);
    expect(during.checkpointEvery).toBeGreaterThan(before.checkpointEvery);
    expect(during.cacheKib).toBe(before.cacheKib);
    expect(await settings()).toEqual(before);
    await expect(withBulkWrites(database.db, [], async () => Promise.reject(new Error('the import failed')))).rejects.toThrow('the import failed');
    expect(await settings()).toEqual(before);
  });

  it('gives an SQLite connection a 32 MiB page cache (the default 2 MiB misses on every page view of a large archive)', async () => {
    if (dialect === 'postgres') return;
    expect((await sql<{ cache_size: number }>`pragma cache_size`.execute(database.db)).rows[0]?.cache_size).toBe(-32_768);
  });

  it("refreshes PostgreSQL's statistics of a bulk run's tables once the rows it reports reach 1,000, then each time they double", async () => {
    await sql`create table bulk_rows (n integer)`.execute(database.db);
    const reltuples = async () =>
      Number((await sql<{ reltuples: number }>`select reltuples from pg_class where oid = 'bulk_rows'::regclass`.execute(database.db)).rows[0]?.reltuples);
    try {
      await withBulkWrites(database.db, ['bulk_rows'], async (bulk) => {
        await sql`insert into bulk_rows (n) values (1), (2), (3)`.execute(database.db);
        await bulk.wrote(999);
        if (dialect === 'postgres') expect(await reltuples()).toBe(-1);
        await bulk.wrote(1);
        if (dialect === 'postgres') expect(await reltuples()).toBe(3);
        await sql`insert into bulk_rows (n) values (4), (5)`.execute(database.db);
        await bulk.wrote(999);
        if (dialect === 'postgres') expect(await reltuples()).toBe(3);
        await bulk.wrote(1);
        if (dialect === 'postgres') expect(await reltuples()).toBe(5);
      });
    } finally {
      await sql`drop table bulk_rows`.execute(database.db);
    }
  });

  it("gives PostgreSQL's planner a bulk-filled table's row count (SQLite plans without statistics)", async () => {
    await sql`create table planner_rows (n integer)`.execute(database.db);
    try {
      await sql`insert into planner_rows (n) values (1), (2), (3), (4), (5)`.execute(database.db);
      await refreshPlannerStatistics(database.db, ['planner_rows']);
      if (dialect === 'postgres') {
        const rows = await sql<{ reltuples: number }>`select reltuples from pg_class where oid = 'planner_rows'::regclass`.execute(database.db);
        expect(Number(rows.rows[0]?.reltuples)).toBe(5);
      }
    } finally {
      await sql`drop table planner_rows`.execute(database.db);
    }
  });
});
