import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeArticle, makePerson } from '../../../test/factories.js';
import { describeEachDialect } from '../../../test/helpers/database.js';
import { createTestServices } from '../../../test/helpers/services.js';
import type { DatabaseHandle } from '../../platform/db/connection.js';
import type { NewsServices } from '../services.js';
import type { CommentStatus } from '../vocabulary.js';
import type { QueueFilter } from './moderation.service.js';

describeEachDialect('moderation queue search', (dialect) => {
  let database: DatabaseHandle;
  let services: NewsServices;
  let ids: { alice: number; bob: number; percent: number };

  beforeAll(async () => {
    ({ database, services } = await createTestServices(dialect));
    const articleId = await makeArticle(services, { title: 'Queue search' });
    const at = '2026-03-01T10:00:00.000Z';
    const insert = (author: string, email: string, body: string) =>
      database.db
        .insertInto('comments')
        .values({
          article_id: articleId,
          parent_id: null,
          status: 'pending',
          body,
          body_html: `<p>${body}</p>`,
          author_name: author,
          author_email: email,
          user_id: null,
          is_staff: false,
          notify_replies: false,
          spam_score: null,
          reasons: '[]',
          created_at: at,
          updated_at: at,
          edited_at: null,
          status_changed_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
        .then((row) => row.id);
    ids = {
      alice: await insert('Alice Reader', 'alice@example.test', 'The Harbour plan is late.'),
      bob: await insert('Bob', 'bob@example.test', 'Agreed.'),
      percent: await insert('Carol', 'carol@example.test', 'Fares up 50% today, under_score too.'),
    };
  });
  afterAll(async () => database.destroy());

  const found = async (q: string) => (await services.moderation.queue({ status: 'pending', q }, { all: true })).items.map((item) => item.id);

  it('matches body, name and email case-insensitively on either dialect', async () => {
    expect(await found('harbour')).toEqual([ids.alice]);
    expect(await found('ALICE')).toEqual([ids.alice]);
    expect(await found('bob@EXAMPLE')).toEqual([ids.bob]);
    expect(await found('nobody')).toEqual([]);
  });

  it('matches % and _ as themselves, not as wildcards', async () => {
    expect(await found('50%')).toEqual([ids.percent]);
    expect(await found('under_score')).toEqual([ids.percent]);
    // As a wildcard, _ would match the e of "under".
    expect(await found('d_r')).toEqual([]);
    expect(await found('%')).toEqual([ids.percent]);
  });
});

describeEachDialect('moderation queue pages and counts', (dialect) => {
  let database: DatabaseHandle;
  let services: NewsServices;
  let articles: number[];

  beforeAll(async () => {
    ({ database, services } = await createTestServices(dialect));
    articles = [await makeArticle(services), await makeArticle(services), await makeArticle(services)];
    const statuses: CommentStatus[] = ['pending', 'approved', 'spam', 'trash'];
    const rows = Array.from({ length: 40 }, (_, n) => {
      // Timestamps repeat in threes, so a page often ends inside a tie.
      const at = new Date(Date.UTC(2026, 2, 1, 10, Math.floor(n / 3))).toISOString();
      return {
        article_id: articles[n % 3]!,
        parent_id: null,
        status: statuses[n % 4 === 3 ? 3 : n % 2]!,
        body: `Comment ${n}`,
        body_html: `<p>Comment ${n}</p>`,
        author_name: 'Reader',
        author_email: 'reader@example.test',
        reasons: '[]',
        created_at: at,
        updated_at: at,
        status_changed_at: at,
      };
    });
    await database.db.insertInto('comments').values(rows).execute();
    await services.articles.transaction((tx) => tx.trash(articles[2]!, { actorId: null }));
  });
  afterAll(async () => database.destroy());

  /** The queue in its order, as one query over every row (what the numbered pages were slices of). */
  async function everything(status: CommentStatus, articleId?: number): Promise<number[]> {
    const direction = status === 'pending' || status === 'spam' ? 'asc' : 'desc';
    let query = database.db
      .selectFrom('comments')
      .innerJoin('articles', 'articles.id', 'comments.article_id')
      .select('comments.id')
      .where('articles.trashed_at', 'is', null)
      .where('comments.status', '=', status);
    if (articleId !== undefined) query = query.where('comments.article_id', '=', articleId);
    return (await query.orderBy('comments.created_at', direction).orderBy('comments.id', direction).execute()).map((r) => r.id);
  }

  async function walk(filter: QueueFilter): Promise<number[]> {
    const seen: number[] = [];
    let after = null;
    for (let pages = 0; pages < 50; pages++) {
      const page = await services.moderation.queue({ ...filter, after }, { all: true });
      seen.push(...page.items.map((item) => item.id));
      if (!page.next) return seen;
      after = page.next;
    }
    throw new Error('the pages never ended');
  }

  it('walks every queue page by page without gaps or repeats, in the queue order, ties included', async () => {
    for (const status of ['pending', 'approved', 'trash'] as const) {
      const expected = await everything(status);
      expect(expected.length).toBeGreaterThan(4);
      expect(await walk({ status, perPage: 4 })).toEqual(expected);
      expect(await walk({ status, perPage: 100 })).toEqual(expected);
    }
    expect(await walk({ status: 'approved', articleId: articles[0]!, perPage: 2 })).toEqual(await everything('approved', articles[0]!));
  });

  it('turns an old page number into the cursor where that page began', async () => {
    const expected = await everything('pending');
    const page3 = await services.moderation.cursorBeforePage({ status: 'pending', perPage: 4 }, { all: true }, 3);
    const { items } = await services.moderation.queue({ status: 'pending', perPage: 4, after: page3 }, { all: true });
    expect(items.map((i) => i.id)).toEqual(expected.slice(8, 12));
    expect(await services.moderation.cursorBeforePage({ status: 'pending', perPage: 4 }, { all: true }, 1)).toBeNull();
    expect(await services.moderation.cursorBeforePage({ status: 'pending', perPage: 4 }, { all: true }, 99)).toBeNull();
  });

  it('counts the tabs from the kept figures, equal to counting the queues; an author’s from their articles', async () => {
    const counts = await services.moderation.counts({ all: true });
    for (const status of ['pending', 'approved', 'spam', 'trash'] as const) expect(counts[status]).toBe((await everything(status)).length);
    const person = await makePerson(services);
    await database.db.insertInto('article_authors').values({ article_id: articles[0]!, person_id: person.id, position: 0 }).execute();
    const own = await services.moderation.counts({ bylinePersonId: person.id });
    expect(own.approved).toBe((await everything('approved', articles[0]!)).length);
  });
});
