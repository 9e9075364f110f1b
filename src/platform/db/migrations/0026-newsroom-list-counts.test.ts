import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeArticle, makeDiscussion } from '../../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { describeEachDialect } from '../../../../test/helpers/database.js';
import { backfillListCounts } from './0026-newsroom-list-counts.js';

describeEachDialect('migration 0026: kept article and comment counts', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  const db = () => t.database.db;
  const kept = async () => {
    const articles = await db().selectFrom('article_status_counts').select(['bucket', 'n']).orderBy('bucket').execute();
    const comments = await db().selectFrom('comment_status_counts').select(['status', 'n']).orderBy('status').execute();
    // A tag's row may be missing or at 0 when it has no articles: both mean none.
    const tags = await db().selectFrom('tag_article_counts').select(['tag_id', 'n']).where('n', '!=', 0).orderBy('tag_id').execute();
    return {
      articles: articles.map((r) => [r.bucket, Number(r.n)]),
      comments: comments.map((r) => [r.status, Number(r.n)]),
      tags: tags.map((r) => [r.tag_id, Number(r.n)]),
    };
  };
  /** The kept counts must equal a count from the rows themselves, which the backfill computes. */
  async function expectKeptCountsRight(): Promise<void> {
    const before = await kept();
    await backfillListCounts(db());
    expect(before).toEqual(await kept());
  }
  async function addComment(articleId: number, status: 'pending' | 'approved' | 'spam' | 'trash') {
    const [id] = await makeDiscussion(db(), articleId, [{ status }]);
    return id!;
  }

  it('stay equal to a full count through inserts, status changes, trash, restore and deletes', async () => {
    const services = t.app.services;
    const tag = async (name: string) =>
      (
        await db()
          .insertInto('tags')
          .values({ name, slug: name, description: '', created_at: '2026-03-01T00:00:00.000Z' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const [harbour, budget] = [await tag('harbour'), await tag('budget')];
    const published = await makeArticle(services, { tagIds: [harbour, budget] });
    await makeArticle(services, { tagIds: [harbour] });
    const draft = await makeArticle(services, { publishedAt: null });
    const doomed = await makeArticle(services);
    const livelyDeleted = await makeArticle(services);
    await services.articles.schedule(draft, '2030-01-01T00:00:00.000Z');
    await expectKeptCountsRight();
    expect((await kept()).tags).toEqual([
      [harbour, 2],
      [budget, 1],
    ]);
    await services.articles.update(published, { tagIds: [budget] });
    await expectKeptCountsRight();
    await db()
      .insertInto('article_tags')
      .values([
        { article_id: doomed, tag_id: harbour },
        { article_id: livelyDeleted, tag_id: harbour },
      ])
      .execute();
    await expectKeptCountsRight();
    expect((await kept()).articles).toEqual([
      ['draft', 0],
      ['pending', 0],
      ['published', 4],
      ['scheduled', 1],
      ['trash', 0],
    ]);

    const first = await addComment(published, 'pending');
    await addComment(published, 'approved');
    await addComment(doomed, 'spam');
    await addComment(doomed, 'approved');
    await addComment(livelyDeleted, 'pending');
    await expectKeptCountsRight();
    await db().updateTable('comments').set({ status: 'approved' }).where('id', '=', first).execute();
    await expectKeptCountsRight();
    // Many rows in one statement (PostgreSQL counts them per statement).
    await db().updateTable('comments').set({ status: 'spam' }).where('article_id', 'in', [published, doomed]).execute();
    await expectKeptCountsRight();
    await db().updateTable('comments').set({ status: 'approved' }).where('article_id', 'in', [published, doomed]).where('id', '!=', first).execute();
    await db().updateTable('comments').set({ status: 'approved' }).where('id', '=', first).execute();
    await db().updateTable('articles').set({ status: 'draft' }).where('id', 'in', [published, draft]).execute();
    await expectKeptCountsRight();
    await db().updateTable('articles').set({ status: 'published' }).where('id', '=', published).execute();
    await db().updateTable('articles').set({ status: 'scheduled' }).where('id', '=', draft).execute();

    // Trashed with its comments: they leave the queue's counts, and come back on restore.
    await services.articles.transaction((tx) => tx.trash(doomed, { actorId: null }));
    await expectKeptCountsRight();
    expect((await kept()).comments).toEqual([
      ['approved', 2],
      ['pending', 1],
      ['spam', 0],
      ['trash', 0],
    ]);
    await addComment(doomed, 'pending'); // a comment on a trashed article is not counted
    await expectKeptCountsRight();
    await services.articles.transaction((tx) => tx.restore(doomed));
    await expectKeptCountsRight();
    await services.articles.transaction((tx) => tx.trash(doomed, { actorId: null }));
    await services.articles.transaction((tx) => tx.remove(doomed)); // from the trash, comments and all
    await expectKeptCountsRight();

    // A live article deleted outright (the cascade takes its comments).
    await db().deleteFrom('articles').where('id', '=', livelyDeleted).execute();
    await expectKeptCountsRight();
    await db().deleteFrom('comments').where('article_id', '=', published).execute();
    await expectKeptCountsRight();
    expect((await kept()).comments.every(([, n]) => n === 0)).toBe(true);
    expect((await kept()).articles).toEqual([
      ['draft', 0],
      ['pending', 0],
      ['published', 2],
      ['scheduled', 1],
      ['trash', 0],
    ]);
    await db().deleteFrom('article_tags').where('tag_id', '=', harbour).execute();
    await db().deleteFrom('tags').where('id', '=', harbour).execute();
    await expectKeptCountsRight();
    expect((await kept()).tags).toEqual([[budget, 1]]);
  });
});
