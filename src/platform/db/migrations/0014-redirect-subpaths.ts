import type { MigrationDb } from '../migration-db.js';
import type { DialectHelpers } from '../dialect.js';

/**
 * A redirect may cover everything under its path: a renamed section or tag sends `/section/old/page/2/` and
 * `/section/old/feed/` on to the same place under `/section/new/`, so feed subscriptions and deep links keep working.
 */
export async function up(db: MigrationDb, d: DialectHelpers): Promise<void> {
  await db.schema.alterTable('redirects').addColumn('include_subpaths', d.booleanType, d.booleanDefault(false)).execute();
}
