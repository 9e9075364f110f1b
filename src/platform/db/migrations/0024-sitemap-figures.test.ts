import { afterEach, expect, it } from 'vitest';
import { makeArticle, makePerson, makeSection } from '../../../../test/factories.js';
import { describeEachDialect } from '../../../../test/helpers/database.js';
import { createTestServices } from '../../../../test/helpers/services.js';
import type { DatabaseHandle } from '../connection.js';
import { dialectHelpers } from '../dialect.js';
import { backfillSitemapFigures } from './0024-sitemap-figures.js';

describeEachDialect('migration 0024: sitemap figures', (dialect) => {
  let database: DatabaseHandle;
  afterEach(async () => database?.destroy());

  it('counts the existing archive into the same figures the triggers keep', async () => {
    const created = await createTestServices(dialect);
    database = created.database;
    const { services } = created;
    const { db } = database;
    const section = await makeSection(services, { slug: 'world' });
    const ana = await makePerson(services, { slug: 'ana' });
    const tag = await services.taxonomy.ensureTag('Rates');
    const links = { primarySectionId: section.id, tagIds: [tag], authorIds: [ana.id] };
    await makeArticle(services, { ...links, publishedAt: '2026-01-05T10:00:00.000Z' });
    await makeArticle(services, { ...links, publishedAt: '2026-01-31T23:59:59.000Z' });
    await makeArticle(services, { ...links, publishedAt: '2026-02-01T00:00:00.000Z', seoNoindex: true });
    await makeArticle(services, { ...links, publishedAt: '2026-02-02T00:00:00.000Z', visibility: 'private' });
    await makeArticle(services, { ...links, publishedAt: null });
    const read = async () => ({
      months: await db.selectFrom('sitemap_months').selectAll().orderBy('month').execute(),
      listings: await db.selectFrom('sitemap_listings').selectAll().orderBy('kind').orderBy('item_id').execute(),
    });
    const kept = await read();
    expect(kept.months.map((m) => [m.month, Number(m.article_count)])).toEqual([['2026-01', 2]]);
    expect(kept.listings.map((l) => [l.kind, Number(l.article_count)])).toEqual([
      ['author', 3],
      ['section', 3],
      ['tag', 3],
    ]);

    await db.deleteFrom('sitemap_months').execute();
    await db.deleteFrom('sitemap_listings').execute();
    await backfillSitemapFigures(db, dialectHelpers(dialect));
    expect(await read()).toEqual(kept);
  });
});
