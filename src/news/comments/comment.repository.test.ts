import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { makeArticle, makeDiscussion } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { ManualClock } from '../../../test/helpers/clock.js';
import { describeEachDialect } from '../../../test/helpers/database.js';
import { createStaffUser } from '../../../test/helpers/staff.js';
import { recountComments } from './comment.repository.js';
import type { Moderator } from './moderation.service.js';
import type { CommentSubmission } from './pipeline.types.js';

/**
 * The kept counts (articles.comment_count and comment_thread_count, comments.thread_size) against the same figures
 * counted from the rows, after each path that changes a comment's status or existence.
 */
describeEachDialect('kept comment counts', (dialect) => {
  let t: TestApp;
  let clock: ManualClock;
  let moderator: Moderator;
  let articleId: number;
  let seq = 0;

  beforeAll(async () => {
    clock = new ManualClock('2026-02-09T12:00:00.000Z');
    t = await createTestApp(dialect, { clock });
    moderator = { userId: (await createStaffUser(t.app, 'editor')).id, scope: { all: true } };
    await t.app.services.settings.update({ commentsRequirePriorApproval: false });
  });
  afterAll(async () => t.close());
  beforeEach(async () => {
    articleId = await makeArticle(t.app.services, { title: `Counted ${++seq}` });
  });

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
      ip: `192.0.2.${seq % 250}`,
      userAgent: 'test',
      ...overrides,
    });
  }

  /** The figures counted from the rows: approved comments, threads holding one, and each thread's size. */
  async function counted(id = articleId) {
    const rows = await t.database.db.selectFrom('comments').select(['id', 'parent_id', 'status']).where('article_id', '=', id).execute();
    const byId = new Map(rows.map((row) => [row.id, row]));
    const topOf = (row: (typeof rows)[number]): number => (row.parent_id !== null && byId.has(row.parent_id) ? topOf(byId.get(row.parent_id)!) : row.id);
    const sizes = new Map<number, number>();
    for (const row of rows) if (row.status === 'approved') sizes.set(topOf(row), (sizes.get(topOf(row)) ?? 0) + 1);
    return { comments: rows.filter((row) => row.status === 'approved').length, threads: sizes.size, sizes: Object.fromEntries(sizes) };
  }

  async function kept(id = articleId) {
    const article = await t.database.db.selectFrom('articles').select(['comment_count', 'comment_thread_count']).where('id', '=', id).executeTakeFirstOrThrow();
    const roots = await t.database.db
      .selectFrom('comments')
      .select(['id', 'thread_size'])
      .where('article_id', '=', id)
      .where('root_id', 'is', null)
      .where('thread_size', '>', 0)
      .execute();
    return {
      comments: article.comment_count,
      threads: article.comment_thread_count,
      sizes: Object.fromEntries(roots.map((root) => [root.id, root.thread_size])),
    };
  }

  async function expectKept(expected: { comments: number; threads: number }, id = articleId) {
    const truth = await counted(id);
    expect(truth).toMatchObject(expected);
    expect(await kept(id)).toEqual(truth);
  }

  it('counts a posted comment, a reply, and a held one', async () => {
    const first = await post();
    await post({ parentId: first.id });
    await post({ honeypot: 'bot' });
    await expectKept({ comments: 2, threads: 1 });
    // The listing card and the article read the same kept count.
    expect((await t.app.services.articles.findPublishedById(articleId))!.commentCount).toBe(2);
  });

  it('follows every moderation action, one comment at a time and in bulk', async () => {
    const root = await post();
    const replies = [await post({ parentId: root.id }), await post({ parentId: root.id })];
    const act = (ids: number[], action: Parameters<typeof t.app.services.moderation.act>[1]) => t.app.services.moderation.act(ids, action, moderator);
    await act([root.id], 'unapprove');
    // A held top-level comment with approved replies is still a thread on the page.
    await expectKept({ comments: 2, threads: 1 });
    await act([replies[0]!.id, replies[1]!.id], 'spam');
    await expectKept({ comments: 0, threads: 0 });
    await act([replies[0]!.id], 'not-spam');
    await expectKept({ comments: 1, threads: 1 });
    await act([root.id, replies[0]!.id, replies[1]!.id], 'approve');
    await expectKept({ comments: 3, threads: 1 });
    await act([root.id], 'trash');
    await act([root.id], 'trash');
    await expectKept({ comments: 2, threads: 1 });
    await act([root.id], 'restore');
    await expectKept({ comments: 2, threads: 1 });
    await act([root.id, replies[1]!.id], 'approve');
    await expectKept({ comments: 3, threads: 1 });
  });

  it('counts a staff reply', async () => {
    const root = await post();
    await t.app.services.moderation.replyAsStaff(root.id, 'Thanks, corrected.', { ...moderator, displayName: 'Desk', email: 'desk@example.test' });
    await expectKept({ comments: 2, threads: 1 });
  });

  it('follows a reader deleting their own comment and readers reporting one back to moderation', async () => {
    const own = await post();
    const reported = await post();
    await t.app.services.comments.deleteOwn(own.id, [own.id]);
    await expectKept({ comments: 1, threads: 1 });
    const { commentsReportThreshold } = await t.app.services.settings.get();
    for (let i = 0; i < commentsReportThreshold; i++) await t.app.services.comments.report(reported.id, 'abuse', '', `reader-${i}`);
    await expectKept({ comments: 0, threads: 0 });
  });

  it('does not change for edits', async () => {
    const own = await post();
    const other = await post({ parentId: own.id });
    await t.app.services.comments.editOwn(own.id, [own.id], 'Changed my mind.');
    await t.app.services.moderation.edit(other.id, 'Edited by the desk.', moderator);
    await expectKept({ comments: 2, threads: 1 });
  });

  it('keeps a held thread head with approved replies through the purge, and purges the rest', async () => {
    const head = await post();
    await post({ parentId: head.id });
    const lone = await post();
    await t.app.services.moderation.act([head.id, lone.id], 'trash', moderator);
    clock.advance(40 * 86_400_000);
    await t.app.services.comments.purge();
    const left = await t.database.db.selectFrom('comments').select('id').where('article_id', '=', articleId).execute();
    expect(left.map((row) => row.id)).toContain(head.id);
    expect(left.map((row) => row.id)).not.toContain(lone.id);
    await expectKept({ comments: 1, threads: 1 });
  });

  it('recounts what a bulk write threaded after the fact (as the import does)', async () => {
    // A chain, a second thread, a held reply, and a reply whose parent is on another article: its own thread here.
    const elsewhere = await makeArticle(t.app.services, { title: 'Elsewhere' });
    const [foreign] = await makeDiscussion(t.database.db, elsewhere, [{}]);
    await makeDiscussion(t.database.db, articleId, [{}, { parent: 0 }, { parent: 1 }, {}, { parent: 3, status: 'pending' }]);
    await t.database.db.updateTable('comments').set({ parent_id: foreign! }).where('article_id', '=', articleId).where('parent_id', 'is', null).execute();
    await recountComments(t.database.db, [articleId, elsewhere]);
    await expectKept({ comments: 4, threads: 2 });
    await expectKept({ comments: 1, threads: 1 }, elsewhere);
  });
});
