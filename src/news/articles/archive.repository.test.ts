import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeArticle, makePerson, makeSection } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { ManualClock } from '../../../test/helpers/clock.js';
import { describeEachDialect } from '../../../test/helpers/database.js';
import type { Db } from '../../platform/db/types.js';
import { seedDemo } from '../demo/seed.js';
import { DomainEventBus } from '../events.js';
import { PublicationScheduler } from '../scheduling/publication-scheduler.js';
import type { NewsServices } from '../services.js';
import { publishedMonths } from './archive.repository.js';

type Figure = { count: number; lastmod: string };

/** Newest-wins grouping of rows, the way the sitemaps counted before the figures were kept. */
function group<T>(rows: T[], keyOf: (row: T) => string, lastmodOf: (row: T) => string): Record<string, Figure> {
  const figures: Record<string, Figure> = {};
  for (const row of rows) {
    const figure = (figures[keyOf(row)] ??= { count: 0, lastmod: lastmodOf(row) });
    figure.count++;
    if (lastmodOf(row) > figure.lastmod) figure.lastmod = lastmodOf(row);
  }
  return figures;
}

/** What the kept figures must say, computed from every row in JavaScript: the oracle. */
async function figuresFromRows(db: Db) {
  const open = (await db.selectFrom('articles').select(['id', 'status', 'visibility', 'seo_noindex', 'published_at', 'updated_at']).execute()).filter(
    (a) => a.status === 'published' && a.visibility === 'public',
  );
  const openById = new Map(open.map((a) => [a.id, a]));
  const months = group(
    open.filter((a) => !a.seo_noindex && a.published_at),
    (a) => a.published_at!.slice(0, 7),
    (a) => a.updated_at,
  );
  const listings: Record<string, Figure> = {};
  const links = [
    ['section', await db.selectFrom('article_sections').select(['article_id', 'section_id as item']).execute()],
    ['tag', await db.selectFrom('article_tags').select(['article_id', 'tag_id as item']).execute()],
    ['author', await db.selectFrom('article_authors').select(['article_id', 'person_id as item']).execute()],
  ] as const;
  for (const [kind, rows] of links) {
    const listed = rows.filter((row) => openById.has(row.article_id));
    Object.assign(
      listings,
      group(
        listed,
        (row) => `${kind}:${row.item}`,
        (row) => openById.get(row.article_id)!.updated_at,
      ),
    );
  }
  return { months, listings };
}

async function keptFigures(db: Db) {
  const months = Object.fromEntries((await publishedMonths(db)).map((m) => [m.month, { count: m.count, lastmod: m.lastmod }]));
  const rows = await db.selectFrom('sitemap_listings').selectAll().execute();
  const listings = Object.fromEntries(rows.map((row) => [`${row.kind}:${row.item_id}`, { count: Number(row.article_count), lastmod: row.lastmod }]));
  return { months, listings };
}

describeEachDialect('kept sitemap figures', (dialect) => {
  let t: TestApp;
  let services: NewsServices;
  let db: Db;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock('2026-03-10T12:00:00.000Z');
    t = await createTestApp(dialect, { clock });
    services = t.app.services;
    db = t.database.db;
  });
  afterEach(async () => t.close());

  /** After each change, the kept figures equal the ones counted from the rows, and are not trivially empty. */
  async function expectInStep(step: string) {
    const expected = await figuresFromRows(db);
    expect(await keptFigures(db), step).toEqual(expected);
    return expected;
  }

  it('stay equal to the rows through publish, edit, unpublish, reschedule, noindex, visibility, retagging, trash and delete', async () => {
    const world = await makeSection(services, { name: 'World', slug: 'world' });
    const ana = await makePerson(services, { slug: 'ana' });
    const rates = await services.taxonomy.ensureTag('Rates');
    const oil = await services.taxonomy.ensureTag('Oil');
    const story = (publishedAt: string | null, extra: Parameters<typeof makeArticle>[1] = {}) =>
      makeArticle(services, { primarySectionId: world.id, tagIds: [rates], authorIds: [ana.id], publishedAt, ...extra });
    const janOld = await story('2026-01-05T10:00:00.000Z');
    const janNew = await story('2026-01-20T10:00:00.000Z', { tagIds: [rates, oil] });
    const feb = await story('2026-02-01T00:00:00.000Z');
    const draft = await story(null);
    let expected = await expectInStep('published');
    expect(expected.months).toEqual({
      '2026-01': { count: 2, lastmod: '2026-01-20T10:00:00.000Z' },
      '2026-02': { count: 1, lastmod: '2026-02-01T00:00:00.000Z' },
    });
    expect(expected.listings[`tag:${oil}`]).toEqual({ count: 1, lastmod: '2026-01-20T10:00:00.000Z' });

    clock.advance(60_000);
    await services.articles.update(janOld, { title: 'Edited' });
    expected = await expectInStep('edited');
    expect(expected.months['2026-01']!.lastmod).toBe('2026-03-10T12:01:00.000Z');
    // The newest change goes back in time: the month's lastmod is read again from its other stories.
    await services.articles.setUpdatedAt(janOld, '2026-01-06T00:00:00.000Z');
    expect((await expectInStep('updated_at lowered')).months['2026-01']!.lastmod).toBe('2026-01-20T10:00:00.000Z');

    await services.articles.unpublish(janNew);
    expected = await expectInStep('unpublished');
    expect(expected.months['2026-01']).toEqual({ count: 1, lastmod: '2026-01-06T00:00:00.000Z' });
    expect(expected.listings[`tag:${oil}`]).toBeUndefined();

    // Rescheduled into another month and published there by the scheduler.
    await services.articles.schedule(janNew, '2026-03-10T12:05:00.000Z');
    await services.articles.schedule(draft, '2026-03-10T12:06:00.000Z');
    await expectInStep('scheduled');
    clock.advance(10 * 60_000);
    const log = { info: () => {}, warn: () => {} };
    const events = new DomainEventBus(() => {});
    const scheduler = new PublicationScheduler({ db, events, clock, audit: services.audit, writeHook: services.searchIndexer, log });
    expect(await scheduler.tick()).toHaveLength(2);
    expect((await expectInStep('published by the scheduler')).months['2026-03']).toEqual({ count: 2, lastmod: '2026-03-10T12:06:00.000Z' });

    await services.articles.update(feb, { seoNoindex: true });
    expected = await expectInStep('noindex');
    expect(expected.months['2026-02']).toBeUndefined();
    // Its tag and byline pages are still indexed: the listings keep it.
    expect(expected.listings[`author:${ana.id}`]!.count).toBe(4);
    await services.articles.update(feb, { seoNoindex: false });
    await expectInStep('indexed again');

    await services.articles.update(janOld, { visibility: 'private' });
    expected = await expectInStep('private');
    expect(expected.months['2026-01']).toBeUndefined();
    await services.articles.update(janOld, { visibility: 'public', tagIds: [oil], authorIds: [] });
    await expectInStep('public again, retagged');

    await services.taxonomy.mergeTags(oil, rates);
    expect((await expectInStep('tags merged')).listings[`tag:${oil}`]).toBeUndefined();

    await services.articles.transaction((tx) => tx.trash(feb, { actorId: null }));
    expect((await expectInStep('trashed')).months['2026-02']).toBeUndefined();
    await services.articles.transaction((tx) => tx.restore(feb));
    await services.articles.publish(feb);
    await expectInStep('restored and published');
    await services.articles.transaction(async (tx) => {
      await tx.trash(janOld, { actorId: null });
      await tx.remove(janOld);
    });
    await services.taxonomy.deleteTag(rates, { reassignTo: null });
    expected = await expectInStep('deleted');
    expect(Object.keys(expected.listings).some((key) => key.startsWith('tag:'))).toBe(false);
    expect(Object.keys(expected.months).sort()).toEqual(['2026-02', '2026-03']);
  });

  it('stay equal to the rows through an import (and a newer export of it) and the demo’s seeding and removal', async () => {
    const target = { source: 'https://old.example.com', ids: await services.imports.idModeFor('https://old.example.com') };
    await services.imports.people(target, [{ oldId: 7, slug: 'ana', displayName: 'Ana', bio: '' }]);
    await services.imports.sections(target, [{ oldId: 30, slug: 'news', name: 'News', description: '', parentOldId: null }]);
    await services.imports.tags(target, [{ oldId: 40, slug: 'ports', name: 'Ports', description: '' }]);
    const imported = (oldId: number, publishedAt: string, updatedAt: string, seoNoindex = false) => ({
      oldId,
      slug: `story-${oldId}`,
      title: `Story ${oldId}`,
      standfirst: '',
      body: `<p>Story ${oldId}.</p>`,
      status: 'published' as const,
      publishedAt,
      createdAt: publishedAt,
      updatedAt,
      trashed: false,
      commentsOpen: true,
      sectionOldIds: [30],
      tagOldIds: [40],
      authorOldIds: [7],
      seoTitle: '',
      seoDescription: '',
      seoCanonical: '',
      seoNoindex,
      guid: null,
      featuredImageUrl: null,
      featuredImageAlt: '',
      featuredImageCaption: '',
      pinned: false,
      visibility: 'public' as const,
      password: null,
    });
    await services.imports.articles(target, [
      imported(120, '2020-05-01T10:00:00.000Z', '2020-05-02T09:00:00.000Z'),
      imported(95, '2020-04-01T10:00:00.000Z', '2020-04-01T10:00:00.000Z'),
      imported(96, '2020-04-02T10:00:00.000Z', '2020-04-02T10:00:00.000Z', true),
    ]);
    await services.imports.finish(target);
    const expected = await expectInStep('imported');
    expect(expected.months).toEqual({
      '2020-04': { count: 1, lastmod: '2020-04-01T10:00:00.000Z' },
      '2020-05': { count: 1, lastmod: '2020-05-02T09:00:00.000Z' },
    });
    await services.imports.articles(target, [
      imported(120, '2020-04-03T10:00:00.000Z', '2020-06-01T00:00:00.000Z'),
      imported(96, '2020-04-02T10:00:00.000Z', '2020-06-02T00:00:00.000Z'),
    ]);
    await services.imports.finish(target);
    expect((await expectInStep('a newer export')).months).toEqual({ '2020-04': { count: 3, lastmod: '2020-06-02T00:00:00.000Z' } });

    await seedDemo(services);
    expect(Object.keys((await expectInStep('demo seeded')).months).length).toBeGreaterThan(1);
    await services.demo.remove();
    expect((await expectInStep('demo removed')).months).toEqual({ '2020-04': { count: 3, lastmod: '2020-06-02T00:00:00.000Z' } });
  });
});
