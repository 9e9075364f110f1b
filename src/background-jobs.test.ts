import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../test/helpers/app.js';
import { ManualClock } from '../test/helpers/clock.js';
import { describeEachDialect } from '../test/helpers/database.js';
import { createStaffUser } from '../test/helpers/staff.js';
import { startBackgroundJobs } from './background-jobs.js';
import { RESET_LINK_LIFETIME_MS } from './news/staff/password-reset.service.js';

describeEachDialect('background jobs', (dialect) => {
  let t: TestApp;
  const clock = new ManualClock('2026-03-01T09:00:00.000Z');
  beforeAll(async () => {
    t = await createTestApp(dialect, { clock });
  });
  afterAll(async () => t.close());

  it('purge password links that ended more than 7 days ago, from their first run', async () => {
    const [stale, fresh] = [await createStaffUser(t.app), await createStaffUser(t.app)];
    await t.app.services.passwordResets.issueReset(stale.id, { userId: null });
    clock.advance(RESET_LINK_LIFETIME_MS + 7 * 24 * 3600_000 + 60_000);
    await t.app.services.passwordResets.issueReset(fresh.id, { userId: null });
    const userIdsWithLinks = async () =>
      (await t.database.db.selectFrom('password_reset_links').select('user_id').where('user_id', 'in', [stale.id, fresh.id]).orderBy('id').execute()).map(
        (row) => row.user_id,
      );
    expect(await userIdsWithLinks()).toEqual([stale.id, fresh.id]);

    const stop = startBackgroundJobs(t.app);
    try {
      await vi.waitFor(async () => expect(await userIdsWithLinks()).toEqual([fresh.id]), { timeout: 5000 });
    } finally {
      stop();
    }
  });
});
