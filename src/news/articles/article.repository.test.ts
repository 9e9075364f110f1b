import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PlanRecorder, createPlanRecorder } from '../../../test/helpers/sqlite-plans.js';
import { publishedRowsByIds } from './article.repository.js';

/**
 * SQLite plans without statistics, so an empty database shows the plan a 100,000-story archive gets: the moderation
 * queue's story links once came from a listing filtered by ids, which walked the newest-first index down to the
 * oldest story in the page (11–45 ms). PostgreSQL's plans are checked by the bench at archive size.
 */
describe('publishedRowsByIds: articles looked up by id [sqlite]', () => {
  let recorder: PlanRecorder;
  beforeAll(async () => {
    recorder = await createPlanRecorder();
  });
  afterAll(async () => recorder.destroy());

  it('reads each one by its primary key, whatever the reach', async () => {
    for (const reach of ['open', 'listed', 'staff'] as const) {
      const plans = await recorder.plansOf(() => publishedRowsByIds(recorder.db, [3, 1, 2], reach));
      expect(plans).toHaveLength(1);
      expect(plans[0]!.join(' | '), reach).toMatch(/^SEARCH articles USING INTEGER PRIMARY KEY \(rowid=\?\)$/);
    }
  });
});
