import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect } from 'kysely';
import { sqliteDatabaseAdapter } from '../../src/platform/db/dialect.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import type { Database } from '../../src/platform/db/schema.js';

/**
 * A migrated, empty in-memory SQLite database that records the app's queries as they run, for plan tests: SQLite
 * plans without statistics, so an empty database shows the plan an archive of any size gets.
 */
export interface PlanRecorder {
  db: Kysely<Database>;
  /** The EXPLAIN QUERY PLAN of every query `run` issued that `pick` accepts, one list of details per query. */
  plansOf(run: () => Promise<unknown>, pick?: (query: CompiledQuery) => boolean): Promise<string[][]>;
  destroy(): Promise<void>;
}

export async function createPlanRecorder(): Promise<PlanRecorder> {
  const queries: CompiledQuery[] = [];
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqliteDatabaseAdapter(new BetterSqlite3(':memory:')) }),
    log: (event) => {
      queries.push(event.query);
    },
  });
  await migrateToLatest(db, 'sqlite');
  return {
    db,
    async plansOf(run, pick = () => true) {
      queries.length = 0;
      await run();
      const plans: string[][] = [];
      for (const query of queries.filter(pick)) {
        const { rows } = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]));
        plans.push(rows.map((row) => row.detail));
      }
      return plans;
    },
    destroy: () => db.destroy(),
  };
}
