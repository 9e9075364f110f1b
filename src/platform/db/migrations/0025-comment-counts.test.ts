import { afterEach, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect } from '../../../../test/helpers/database.js';
import type { DatabaseHandle } from '../connection.js';
import { backfillCommentCounts } from './0025-comment-counts.js';

describeEachDialect('migration 0025: kept comment counts', (dialect) => {
  let database: DatabaseHandle;
  afterEach(async () => database?.destroy());

  it('threads the comments written before it and counts them', async () => {
    database = await createTestDatabase(dialect);
    const { db } = database;
    const at = '2026-03-01T12:00:00.000Z';
    const article = (slug: string) =>
      db
        .insertInto('articles')
        .values({
          slug,
          title: slug,
          standfirst: '',
          body: '',
          status: 'published',
          created_at: at,
          updated_at: at,
          published_at: at,
          featured_image_alt: '',
          featured_image_caption: '',
          featured_image_credit: '',
          comments_open: true,
          seo_title: '',
          seo_description: '',
          seo_noindex: false,
          version: 1,
          pinned: false,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
        .then((row) => row.id);
    const [a, b] = [await article('a'), await article('b')];
    // As the rows stood before 0025: no thread, no sizes, no article counts.
    const comment = (id: number, articleId: number, parentId: number | null, status: 'approved' | 'pending' | 'spam' = 'approved') => ({
      id,
      article_id: articleId,
      parent_id: parentId,
      status,
      body: `c${id}`,
      body_html: `<p>c${id}</p>`,
      author_name: 'R',
      author_email: 'r@example.com',
      reasons: '[]',
      created_at: at,
      updated_at: at,
      status_changed_at: at,
    });
    await db
      .insertInto('comments')
      .values([
        comment(1, a, null),
        comment(2, a, 1),
        comment(3, a, 2),
        comment(4, a, 1, 'spam'),
        comment(5, a, null, 'pending'),
        comment(6, a, 5),
        comment(7, a, null, 'spam'),
        comment(8, b, null),
      ])
      .execute();
    await db.updateTable('comments').set({ root_id: null, thread_size: 0 }).execute();
    await db.updateTable('articles').set({ comment_count: 0, comment_thread_count: 0 }).execute();

    await backfillCommentCounts(db);
    const rows = await db.selectFrom('comments').select(['id', 'root_id', 'thread_size']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 1, root_id: null, thread_size: 3 },
      { id: 2, root_id: 1, thread_size: 0 },
      { id: 3, root_id: 1, thread_size: 0 },
      { id: 4, root_id: 1, thread_size: 0 },
      { id: 5, root_id: null, thread_size: 1 },
      { id: 6, root_id: 5, thread_size: 0 },
      { id: 7, root_id: null, thread_size: 0 },
      { id: 8, root_id: null, thread_size: 1 },
    ]);
    const articles = await db.selectFrom('articles').select(['id', 'comment_count', 'comment_thread_count']).orderBy('id').execute();
    expect(articles).toEqual([
      { id: a, comment_count: 4, comment_thread_count: 2 },
      { id: b, comment_count: 1, comment_thread_count: 1 },
    ]);
  });
});
