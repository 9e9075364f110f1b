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

  it('runs bulk writes with a longer SQLite log between checkpoints, and puts the setting back even when they fail', async () => {
    const checkpointEvery = async () =>
      Number((await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(database.db)).rows[0]?.wal_autocheckpoint);
    if (dialect === 'postgres') {
      expect(await withBulkWrites(database.db, async () => 'done')).toBe('done');
      return;
    }
    const before = await checkpointEvery();
    expect(await withBulkWrites(database.db, checkpointEvery)).toBeGreaterThan(before);
    expect(await checkpointEvery()).toBe(before);
    await expect(withBulkWrites(database.db, async () => Promise.reject(new Error('the import failed')))).rejects.toThrow('the import failed');
    expect(await checkpointEvery()).toBe(before);
  });
});
