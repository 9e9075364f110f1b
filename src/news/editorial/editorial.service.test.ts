import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeArticle, makePerson } from '../../../test/factories.js';
import { describeEachDialect } from '../../../test/helpers/database.js';
import { createTestServices } from '../../../test/helpers/services.js';
import type { DatabaseHandle } from '../../platform/db/connection.js';
import type { NewsServices } from '../services.js';
import type { ArticleListQuery } from './editorial.service.js';

describeEachDialect('newsroom articles list (keyset pages, kept counts)', (dialect) => {
  let database: DatabaseHandle;
  let services: NewsServices;
  let personId: number;

  beforeAll(async () => {
    ({ database, services } = await createTestServices(dialect));
    personId = (await makePerson(services, { displayName: 'Dana Desk' })).id;
    const ids: number[] = [];
    for (let i = 0; i < 14; i++) {
      ids.push(
        await makeArticle(services, {
          title: i % 3 ? `Harbour story ${i}` : `Budget ${i}`,
          publishedAt: i % 4 ? null : undefined,
          authorIds: i % 2 ? [personId] : [],
        }),
      );
    }
    await services.articles.schedule(ids[5]!, '2030-01-01T00:00:00.000Z');
    // Saved times with ties: three articles share one, two others another.
    for (const [n, id] of ids.entries()) {
      const at = n < 3 ? '2026-03-01T10:00:00.000Z' : n < 5 ? '2026-03-02T10:00:00.000Z' : `2026-03-0${3 + (n % 6)}T10:00:00.000Z`;
      await database.db.updateTable('articles').set({ updated_at: at }).where('id', '=', id).execute();
    }
    for (const id of [ids[7]!, ids[8]!, ids[9]!]) await services.articles.transaction((tx) => tx.trash(id, { actorId: null }));
    await database.db.updateTable('articles').set({ trashed_at: '2026-03-20T00:00:00.000Z' }).where('id', 'in', [ids[7]!, ids[8]!]).execute();
  });
  afterAll(async () => database.destroy());

  /** The list as it was read before keyset pages: one query, the same order, every row (no limit reached here). */
  async function oldList(query: { trashed?: boolean; status?: string; q?: string; owner?: boolean }): Promise<number[]> {
    let select = database.db
      .selectFrom('articles')
      .select('id')
      .where('trashed_at', query.trashed ? 'is not' : 'is', null);
    if (query.status) select = select.where('status', '=', query.status as 'draft');
    if (query.q) select = select.where('title', 'like', `%${query.q}%`);
    if (query.owner) select = select.where('id', 'in', database.db.selectFrom('article_authors').select('article_id').where('person_id', '=', personId));
    return (
      await select
        .orderBy(query.trashed ? 'trashed_at' : 'updated_at', 'desc')
        .orderBy('id', 'desc')
        .execute()
    ).map((r) => r.id);
  }

  /** Every page of 2 from the first, following each page's cursor. */
  async function walk(query: Omit<ArticleListQuery, 'after' | 'limit'>): Promise<number[]> {
    const seen: number[] = [];
    let after = null;
    for (let pages = 0; pages < 50; pages++) {
      const page = await services.editorial.page({ ...query, after }, 2);
      seen.push(...page.items.map((item) => item.id));
      if (!page.next) return seen;
      expect(page.items).toHaveLength(2);
      after = page.next;
    }
    throw new Error('the pages never ended');
  }

  it('gives the rows of the old query in its order, and the pages walk them without gaps or repeats (ties included)', async () => {
    const owner = { personId, userId: -1 };
    const cases: [Omit<ArticleListQuery, 'after' | 'limit'>, Parameters<typeof oldList>[0]][] = [
      [{}, {}],
      [{ status: 'draft' }, { status: 'draft' }],
      [{ status: 'published' }, { status: 'published' }],
      [{ status: 'scheduled' }, { status: 'scheduled' }],
      [{ trashed: true }, { trashed: true }],
      [{ q: 'Harbour' }, { q: 'Harbour' }],
      [{ owner }, { owner: true }],
    ];
    for (const [query, old] of cases) {
      const expected = await oldList(old);
      expect(expected.length).toBeGreaterThan(0);
      expect((await services.editorial.list(query)).map((item) => item.id)).toEqual(expected);
      expect(await walk(query)).toEqual(expected);
    }
  });

  it('counts the tabs from the kept figures, equal to a count of the rows; one person’s from their rows', async () => {
    const rows = await database.db.selectFrom('articles').select(['status', 'trashed_at', 'id']).execute();
    const bylined = new Set(
      (await database.db.selectFrom('article_authors').select('article_id').where('person_id', '=', personId).execute()).map((r) => r.article_id),
    );
    const tally = (keep: (row: (typeof rows)[number]) => boolean) => {
      const counts = { draft: 0, pending: 0, scheduled: 0, published: 0, trash: 0 };
      for (const row of rows.filter(keep)) counts[row.trashed_at === null ? row.status : 'trash']++;
      return counts;
    };
    expect(await services.editorial.counts()).toEqual(tally(() => true));
    expect(await services.editorial.counts({ owner: { personId, userId: -1 } })).toEqual(tally((row) => bylined.has(row.id)));
    expect((await services.editorial.counts()).trash).toBe(3);
  });
});
