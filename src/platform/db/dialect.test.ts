import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect } from '../../../test/helpers/database.js';
import type { DatabaseHandle } from './connection.js';
import { dialectOf, likeOperator } from './dialect.js';

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
});
