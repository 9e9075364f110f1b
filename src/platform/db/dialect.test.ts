import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect } from '../../../test/helpers/database.js';
import type { DatabaseHandle } from './connection.js';
import { sql } from 'kysely';
import { dialectOf, likeOperator, withBulkWrites } from './dialect.js';

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
      expect(await withBulkWrites(database.db, async () => 'done')).toBe('done');
      return;
    }
    const before = await settings();
    const during = await withBulkWrites(database.db, settings);
    expect(during.checkpointEvery).toBeGreaterThan(before.checkpointEvery);
    expect(during.cacheKib).toBe(before.cacheKib);
    expect(await settings()).toEqual(before);
    await expect(withBulkWrites(database.db, async () => Promise.reject(new Error('the import failed')))).rejects.toThrow('the import failed');
    expect(await settings()).toEqual(before);
  });

  it('gives an SQLite connection a 32 MiB page cache (the default 2 MiB misses on every page view of a large archive)', async () => {
    if (dialect === 'postgres') return;
    expect((await sql<{ cache_size: number }>`pragma cache_size`.execute(database.db)).rows[0]?.cache_size).toBe(-32_768);
  });
});
