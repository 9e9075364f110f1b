import type { FastifyBaseLogger } from 'fastify';
import type { DatabaseHandle } from './connection.js';
import { migrateToLatest } from './migrate.js';

/** Run at every start: the schema is brought up to date before the first request. */
export async function prepareDatabase(database: DatabaseHandle, log: Pick<FastifyBaseLogger, 'info'>): Promise<void> {
  const applied = await migrateToLatest(database.db, database.dialect);
  if (applied.length) log.info({ migrations: applied }, `applied ${applied.length} migration(s)`);
}
