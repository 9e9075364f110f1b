import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PlanRecorder, createPlanRecorder } from '../../../../test/helpers/sqlite-plans.js';
import { newestPublishedUpdate } from '../../../news/articles/archive.repository.js';
import { DomainEventBus } from '../../../news/events.js';
import { createNewsServices } from '../../../news/services.js';
import { systemClock } from '../../../news/shared/clock.js';
import { createSigner } from '../../security/signer.js';

/**
 * SQLite plans without statistics, so an empty database shows the plan a 100,000-story archive gets (where the wrong
 * choices cost 350–650 ms). The queries are the app's own, captured from Kysely's log as they run. PostgreSQL plans
 * from statistics, which a few test rows do not have; its plans are checked by the bench at archive size.
 */
describe('migration 0027: the articles list and the newest public change walk their own index [sqlite]', () => {
  let recorder: PlanRecorder;
  beforeAll(async () => {
    recorder = await createPlanRecorder();
  });
  afterAll(async () => recorder.destroy());
  const plansOf = async (run: () => Promise<unknown>) => {
    const plans = await recorder.plansOf(run, (query) => /^select/i.test(query.sql) && /from "articles"/.test(query.sql));
    expect(plans.length).toBeGreaterThan(0);
    return plans;
  };

  it('reads the newest public change from the top of (status, updated_at)', async () => {
    const [plan] = await plansOf(() => newestPublishedUpdate(recorder.db));
    expect(plan!.join(' | ')).toContain('articles_status_updated_idx');
    expect(plan!.join(' | ')).not.toContain('TEMP B-TREE');
  });

  it('lists live articles, one status and the trash in index order, with no sort', async () => {
    const services = createNewsServices({
      db: recorder.db,
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
