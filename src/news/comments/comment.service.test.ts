import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeArticle } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { ManualClock } from '../../../test/helpers/clock.js';
import { describeEachDialect } from '../../../test/helpers/database.js';
import type { CommentSubmission } from './pipeline.types.js';

describeEachDialect('CommentService', (dialect) => {
  let t: TestApp;
  let clock: ManualClock;
  let articleId: number;
  let seq = 0;

  beforeAll(async () => {
    clock = new ManualClock('2026-02-09T12:00:00.000Z');
    t = await createTestApp(dialect, { clock });
    articleId = await makeArticle(t.app.services, { title: 'Service target' });
    await t.app.services.settings.update({ commentsRequirePriorApproval: false, commentsReportThreshold: 2 });
  });
  afterAll(async () => t.close());

  async function post(overrides: Partial<CommentSubmission> = {}) {
    seq++;
    const formToken = t.app.services.comments.formToken(articleId);
    clock.advance(20_000);
    return t.app.services.comments.submit({
      articleId,
      parentId: null,
      body: `Comment number ${seq}`,
      name: 'Reader',
      email: `r${seq}@example.com`,
      url: '',
      honeypot: '',
      formToken,
      ip: `192.0.2.${seq}`,
      userAgent: 'test',
      ...overrides,
    });
  }

  it('purges spam and trash after 30 days, and never anything else', async () => {
    const spam = await post({ honeypot: 'bot' });
    const kept = await post();
    expect([spam.status, kept.status]).toEqual(['spam', 'approved']);
    clock.advance(29 * 86_400_000);
    expect(await t.app.services.comments.purge()).toBe(0);
    clock.advance(2 * 86_400_000);
    expect(await t.app.services.comments.purge()).toBe(1);
    const remaining = await t.app.services.moderation.counts({ all: true });
    expect(remaining.spam).toBe(0);
    expect(await t.app.services.comments.visibleOrHeld(kept.id)).not.toBeNull();
  });

  it('sends an approved comment back to moderation once enough distinct readers report it', async () => {
    const { id } = await post();
    await t.app.services.comments.report(id, 'abuse', '', 'reader-a');
    await t.app.services.comments.report(id, 'abuse', '', 'reader-a');
    expect((await t.app.services.comments.visibleOrHeld(id))!.status).toBe('approved');
    await t.app.services.comments.report(id, 'spam', 'again', 'reader-b');
    const comment = (await t.app.services.comments.visibleOrHeld(id))!;
    expect(comment.status).toBe('pending');
    expect(comment.reasons).toContain('reported by 2 readers');
  });

  it('turns reply notifications off with a signed link, and refuses a forged one', async () => {
    const { id } = await post({ notifyReplies: true });
    expect(await t.app.services.comments.unsubscribe('forged.token')).toBe(false);
    expect(await t.app.services.comments.unsubscribe(t.app.services.comments.unsubscribeToken(id))).toBe(true);
  });
});
