import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeArticle, makeSection } from '../../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { describeEachDialect } from '../../../../test/helpers/database.js';
import { backfillSectionArticleCounts } from './0029-section-article-counts.js';

describeEachDialect('migration 0029: kept article counts per section', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  const db = () => t.database.db;
  /** What the sections list shows, by section id; a section with none is absent. */
  const shown = async () => {
    const list = await t.app.services.taxonomy.sectionList();
    return Object.fromEntries(list.filter((s) => s.articleCount !== 0).map((s) => [s.id, s.articleCount]));
  };
  /** The kept counts must equal the count the list made before 0029: every article_sections row, per section. */
  async function expectKeptCountsRight(): Promise<Record<number, number>> {
    const kept = await shown();
    const rows = await db()
      .selectFrom('article_sections')
      .select((eb) => ['section_id', eb.fn.countAll<number>().as('n')])
      .groupBy('section_id')
      .execute();
    expect(kept).toEqual(Object.fromEntries(rows.map((row) => [row.section_id, Number(row.n)])));
    // The backfill counts the same way.
    await backfillSectionArticleCounts(db());
    expect(await shown()).toEqual(kept);
    return kept;
  }

  it('stay equal to a full count through inserts, section changes, status changes, trash and deletes', async () => {
    const services = t.app.services;
    const [world, business, sport, doomed] = [
      await makeSection(services),
      await makeSection(services),
      await makeSection(services),
      await makeSection(services),
    ];
    const lead = await makeArticle(services, { primarySectionId: world.id, sectionIds: [business.id] });
    const draft = await makeArticle(services, { primarySectionId: world.id, publishedAt: null });
    const other = await makeArticle(services, { primarySectionId: business.id, sectionIds: [sport.id, doomed.id] });
    const gone = await makeArticle(services, { primarySectionId: sport.id });
    // Every article counts, whatever its status: the draft too.
    expect(await expectKeptCountsRight()).toEqual({ [world.id]: 2, [business.id]: 2, [sport.id]: 2, [doomed.id]: 1 });

    // An article's sections change: one link goes, one comes, the primary moves.
    await services.articles.update(lead, { primarySectionId: sport.id, sectionIds: [world.id] });
    await expectKeptCountsRight();
    // Many links in one statement (PostgreSQL counts them per statement), and a link moved to another section.
    await db()
      .insertInto('article_sections')
      .values([draft, other, gone].map((article_id) => ({ article_id, section_id: doomed.id })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    await expectKeptCountsRight();
    await db().updateTable('article_sections').set({ section_id: world.id }).where('article_id', '=', gone).where('section_id', '=', doomed.id).execute();
    await expectKeptCountsRight();

    // Status changes and the trash rewrite the links' copied columns (0023), which moves no count.
    await services.articles.publish(draft, {});
    await services.articles.transaction((tx) => tx.trash(other, { actorId: null }));
    expect(await expectKeptCountsRight()).toMatchObject({ [business.id]: 1, [doomed.id]: 2 });
    await services.articles.transaction((tx) => tx.restore(other));
    await expectKeptCountsRight();

    // A section deleted with its articles moved elsewhere, another without; an article deleted outright.
    await services.taxonomy.deleteSection(doomed.id, { moveArticlesTo: business.id });
    await expectKeptCountsRight();
    await services.taxonomy.deleteSection(sport.id, { moveArticlesTo: null });
    await expectKeptCountsRight();
    await db().deleteFrom('articles').where('id', '=', gone).execute();
    expect(await expectKeptCountsRight()).toEqual({ [world.id]: 2, [business.id]: 2 });
  });
});
