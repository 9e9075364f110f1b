import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PlanRecorder, createPlanRecorder } from '../../../../test/helpers/sqlite-plans.js';
import { listPublished, relatedArticleRows } from '../../../news/articles/listing.repository.js';

/**
 * SQLite plans without statistics, so an empty database shows the plan an archive of any size gets. The queries are
 * the app's own, captured from Kysely's log; PostgreSQL's plans are checked by the bench at archive size.
 */
describe('migration 0031: tag, author and related-story ranges are read from their index alone [sqlite]', () => {
  let recorder: PlanRecorder;
  beforeAll(async () => {
    recorder = await createPlanRecorder();
  });
  afterAll(async () => recorder.destroy());

  async function planOf(run: () => Promise<unknown>): Promise<string> {
    const plans = await recorder.plansOf(run);
    expect(plans).toHaveLength(1);
    return plans[0]!.join(' | ');
  }

  it('reads a deep page of a tag or an author archive from the covering index', async () => {
    for (const [filter, index] of [
      [{ tagId: 1 }, 'article_tags_listing_idx'],
      [{ authorId: 1 }, 'article_authors_listing_idx'],
    ] as const) {
      expect(await planOf(() => listPublished(recorder.db, filter, 11, { offset: 4990 }))).toContain(`USING COVERING INDEX ${index}`);
    }
  });

  it("reads related stories' candidates from covering indexes", async () => {
    const plan = await planOf(() => relatedArticleRows(recorder.db, { id: 1, primarySectionId: 1, tagIds: [1, 2] }, 4));
    expect(plan).toContain('USING COVERING INDEX article_tags_listing_idx');
    expect(plan).toContain('USING COVERING INDEX articles_primary_section_idx');
  });
});
