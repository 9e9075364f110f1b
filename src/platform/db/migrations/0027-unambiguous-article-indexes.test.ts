import { randomBytes } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newestPublishedUpdate } from '../../../news/articles/archive.repository.js';
import { DomainEventBus } from '../../../news/events.js';
import { createNewsServices } from '../../../news/services.js';
import { systemClock } from '../../../news/shared/clock.js';
import { createSigner } from '../../security/signer.js';
import { sqliteDatabaseAdapter } from '../dialect.js';
import { migrateToLatest } from '../migrate.js';
import type { Database } from '../schema.js';

/**
 * SQLite plans without statistics, so an empty database shows the plan a 100,000-story archive gets (where the wrong
 * choices cost 350–650 ms). The queries are the app's own, captured from Kysely's log as they run. PostgreSQL plans
 * from statistics, which a few test rows do not have; its plans are checked by the bench at archive size.
 */
describe('migration 0027: the articles list and the newest public change walk their own index [sqlite]', () => {
  const queries: CompiledQuery[] = [];
  let db: Kysely<Database>;
  beforeAll(async () => {
    db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: sqliteDatabaseAdapter(new BetterSqlite3(':memory:')) }),
      log: (event) => {
        queries.push(event.query);
      },
    });
    await migrateToLatest(db, 'sqlite');
  });
  afterAll(async () => db.destroy());

  async function plansOf(run: () => Promise<unknown>): Promise<string[][]> {
    queries.length = 0;
    await run();
    const captured = queries.filter((query) => /^select/i.test(query.sql) && /from "articles"/.test(query.sql));
    expect(captured.length).toBeGreaterThan(0);
    const plans: string[][] = [];
    for (const query of captured) {
      const rows = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]));
      plans.push(rows.rows.map((row) => row.detail));
    }
    return plans;
  }

  it('reads the newest public change from the top of (status, updated_at)', async () => {
    const [plan] = await plansOf(() => newestPublishedUpdate(db));
    expect(plan!.join(' | ')).toContain('articles_status_updated_idx');
    expect(plan!.join(' | ')).not.toContain('TEMP B-TREE');
  });

  it('lists live articles, one status and the trash in index order, with no sort', async () => {
    const services = createNewsServices({
      db,
      events: new DomainEventBus(() => {}),
      clock: systemClock,
      signer: createSigner(randomBytes(32).toString('hex')),
      media: { storage: null },
    });
    const cases = [
      [{}, 'articles_live_updated_idx'],
      [{ status: 'draft' as const }, 'articles_status_updated_idx'],
      [{ trashed: true }, 'articles_trashed_idx'],
    ] as const;
    for (const [query, index] of cases) {
      const [plan] = await plansOf(() => services.editorial.list(query));
      expect(plan!.join(' | '), JSON.stringify(query)).toContain(index);
      expect(plan!.join(' | '), JSON.stringify(query)).not.toContain('TEMP B-TREE');
    }
  });
});
