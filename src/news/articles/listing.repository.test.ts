import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeArticle, makePerson, makeSection } from '../../../test/factories.js';
import { createTestDatabase, describeEachDialect } from '../../../test/helpers/database.js';
import type { DatabaseHandle } from '../../platform/db/connection.js';
import type { Db } from '../../platform/db/types.js';
import { createSigner } from '../../platform/security/signer.js';
import { DomainEventBus } from '../events.js';
import { type NewsServices, createNewsServices } from '../services.js';
import type { Clock } from '../shared/clock.js';
import { type PublishedFilter, publishedFor } from './article.repository.js';
import type { ListingCursor } from './article.types.js';
import { claimDueArticle } from '../scheduling/schedule.repository.js';
import { type ListingWindow, listPublished, listPublishedForEach, relatedArticleRows } from './listing.repository.js';
import { rebuildSectionListings } from '../../platform/db/migrations/0030-section-listings.js';

/** The section and every section under it, from the tree itself. */
async function subtreeOf(db: Db, sectionId: number): Promise<number[]> {
  const rows = await db.selectFrom('sections').select(['id', 'parent_id']).execute();
  const subtree = [sectionId];
  for (let i = 0; i < subtree.length; i++) subtree.push(...rows.filter((row) => row.parent_id === subtree[i]).map((row) => row.id));
  return subtree;
}

/**
 * The listing rule before migration 0023: filter every published article by `id in (links)`, then sort them all (a
 * section's links being those of its subtree, as the union of one range per section in it gave).
 */
async function listingBefore(db: Db, filter: PublishedFilter, limit: number, offset: number): Promise<number[]> {
  let query = db
    .selectFrom('articles')
    .select('articles.id')
    .where(publishedFor(filter.reach ?? 'listed'));
  if (filter.sectionId !== undefined) {
    const subtree = await subtreeOf(db, filter.sectionId);
    query = query.where('articles.id', 'in', db.selectFrom('article_sections').select('article_id').where('section_id', 'in', subtree));
  }
  if (filter.tagId !== undefined)
    query = query.where('articles.id', 'in', db.selectFrom('article_tags').select('article_id').where('tag_id', '=', filter.tagId));
  if (filter.authorId !== undefined)
    query = query.where('articles.id', 'in', db.selectFrom('article_authors').select('article_id').where('person_id', '=', filter.authorId));
  if (filter.excludeIds?.length) query = query.where('articles.id', 'not in', filter.excludeIds);
  const rows = await query.orderBy('articles.published_at', 'desc').orderBy('articles.id', 'desc').limit(limit).offset(offset).execute();
  return rows.map((row) => row.id);
}

/** The related-stories rule before migration 0023: every published article scored by a correlated count. */
async function relatedBefore(db: Db, article: { id: number; primarySectionId: number | null; tagIds: number[] }, limit: number): Promise<number[]> {
  const tagIds = article.tagIds.length ? article.tagIds : [-1];
  const sectionId = article.primarySectionId ?? -1;
  const rows = await db
    .selectFrom('articles')
    .select('articles.id')
    .select(
      sql<number>`(select count(*) from article_tags t where t.article_id = articles.id and t.tag_id in (${sql.join(tagIds)})) * 2
        + case when articles.primary_section_id = ${sectionId} then 1 else 0 end`.as('score'),
    )
    .where(publishedFor('listed'))
    .where('articles.id', '!=', article.id)
    .where((eb) =>
      eb.or([
        eb('articles.primary_section_id', '=', sectionId),
        eb('articles.id', 'in', eb.selectFrom('article_tags').select('article_id').where('tag_id', 'in', tagIds)),
      ]),
    )
    .orderBy('score', 'desc')
    .orderBy('articles.published_at', 'desc')
    // The old rule left stories of the same score published in the same instant in no order; the new one orders them by id.
    .orderBy('articles.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}

const ids = (rows: { id: number }[]) => rows.map((row) => row.id);

describeEachDialect('Listings from the link indexes', (dialect) => {
  let database: DatabaseHandle;
  let services: NewsServices;
  const clock: Clock = { now: () => new Date('2026-06-01T12:00:00.000Z') };

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    const events = new DomainEventBus((_, error) => {
      throw error;
    });
    services = createNewsServices({ db: database.db, events, clock, signer: createSigner('k'.repeat(32)) });
  });
  afterEach(async () => database.destroy());

  /**
   * A small archive with every kind of story a listing must tell apart: drafts, scheduled, private and protected
   * ones, stories in a section and its subsections (two levels) and in several sections, stories published in the
   * same instant.
   */
  async function smallArchive() {
    const world = await makeSection(services, { name: 'World' });
    const europe = await makeSection(services, { name: 'Europe', parentId: world.id });
    const balkans = await makeSection(services, { name: 'Balkans', parentId: europe.id });
    const sport = await makeSection(services, { name: 'Sport' });
    const sections = [world.id, europe.id, balkans.id, sport.id];
    const tags = await Promise.all(['Elections', 'Climate', 'Football', 'Trade'].map((name) => services.taxonomy.ensureTag(name)));
    const people = [await makePerson(services), await makePerson(services)];
    let seed = 7;
    // A fixed pseudo-random sequence (the high bits of an LCG: its low bits repeat quickly).
    const pick = (n: number) => Math.floor((seed = (seed * 1103515245 + 12345) % 2147483648) / 65536) % n;
    const stories: number[] = [];
    for (let i = 0; i < 48; i++) {
      const primary = sections[pick(4)]!;
      const visibility = (['public', 'public', 'public', 'private', 'password'] as const)[pick(5)]!;
      // Every fifth pair shares its publication time: ties are broken by id.
      const minute = i % 5 === 4 ? i - 1 : i;
      const id = await makeArticle(services, {
        primarySectionId: primary,
        sectionIds: pick(3) === 0 ? [sections[pick(4)]!] : [],
        tagIds: tags.filter(() => pick(3) === 0),
        authorIds: [people[pick(2)]!.id],
        visibility,
        ...(visibility === 'password' ? { password: 'secret' } : {}),
        publishedAt: i % 11 === 10 ? null : new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(),
      });
      stories.push(id);
    }
    await services.articles.schedule(stories[10]!, '2026-07-01T00:00:00.000Z');
    return { world, europe, balkans, sport, tags, people, stories };
  }

  function filtersOf(archive: Awaited<ReturnType<typeof smallArchive>>): PublishedFilter[] {
    return [
      { sectionId: archive.world.id },
      { sectionId: archive.europe.id },
      { sectionId: archive.balkans.id },
      { sectionId: archive.sport.id, excludeIds: [archive.stories[3]!] },
      { sectionId: archive.world.id, reach: 'staff' as const },
      ...archive.tags.map((tagId) => ({ tagId })),
      ...archive.people.map((person) => ({ authorId: person.id })),
      { tagId: archive.tags[0]!, reach: 'open' as const },
      { authorId: archive.people[0]!.id, reach: 'staff' as const },
    ];
  }

  /** The pages of a listing, walked from `first` through the window `next` gives, until one is empty. */
  async function walk(filter: PublishedFilter, perPage: number, first: ListingWindow, next: (rows: ListingCursor[]) => ListingWindow) {
    const pages: number[][] = [];
    for (let window = first; ;) {
      const rows = await listPublished(database.db, filter, perPage, window);
      if (!rows.length) return pages;
      pages.push(ids(rows));
      window = next(rows.map((row) => ({ publishedAt: row.published_at!, id: row.id })));
    }
  }

  /** Every listing of the archive equals the old filter-and-sort's, by offset and by keyset in both directions. */
  async function expectListingsAsBefore(filters: PublishedFilter[]): Promise<void> {
    for (const filter of filters) {
      const all = await listingBefore(database.db, filter, 1000, 0);
      expect(all.length, JSON.stringify(filter)).toBeGreaterThan(2);
      for (const offset of [0, 3, all.length - 1]) {
        expect(ids(await listPublished(database.db, filter, 4, { offset }))).toEqual(await listingBefore(database.db, filter, 4, offset));
      }
      const older = await walk(filter, 3, { offset: 0 }, (rows) => ({ before: rows.at(-1)! }));
      expect(older.flat()).toEqual(all);
      const oldest = (await listPublished(database.db, filter, 1, { offset: all.length - 1 }))[0]!;
      const newer = await walk(filter, 3, { after: { publishedAt: oldest.published_at!, id: oldest.id } }, (rows) => ({ after: rows[0]! }));
      expect(newer.every((page) => page.length === 3 || page === newer.at(-1))).toBe(true);
      expect(newer.reverse().flat()).toEqual(all.slice(0, -1));
    }
  }

  it('lists what the old filter-and-sort did, by offset and by keyset in both directions', async () => {
    await expectListingsAsBefore(filtersOf(await smallArchive()));
  });

  /** Section listing rows that a rebuild from the tree and the links would not write, or would write differently. */
  async function sectionListingsOutOfStep(): Promise<{ kept: unknown[]; rebuilt: unknown[] }> {
    const rows = async () => ({
      ancestors: await database.db.selectFrom('section_ancestors').selectAll().orderBy('section_id').orderBy('ancestor_id').execute(),
      listings: await database.db.selectFrom('section_listings').selectAll().orderBy('section_id').orderBy('article_id').execute(),
    });
    const kept = await rows();
    await rebuildSectionListings(database.db);
    const rebuilt = await rows();
    return { kept: [kept.ancestors, kept.listings], rebuilt: [rebuilt.ancestors, rebuilt.listings] };
  }

  it('lists a section with its subsections as before after sections move, merge and go', async () => {
    const archive = await smallArchive();
    const move = (section: { id: number; name: string; slug: string }, parentId: number | null) =>
      services.taxonomy.updateSection(section.id, { name: section.name, slug: section.slug, parentId });
    const stepped = async () => {
      const { kept, rebuilt } = await sectionListingsOutOfStep();
      expect(kept).toEqual(rebuilt);
      await expectListingsAsBefore(filtersOf(archive).filter((filter) => filter.sectionId !== undefined));
    };
    await move(archive.europe, archive.sport.id); // Europe and the Balkans leave World for Sport
    await stepped();
    await move(archive.balkans, null); // out of Sport and Europe, to the top
    await stepped();
    await move(archive.europe, null);
    await move(archive.sport, archive.balkans.id);
    await move(archive.europe, archive.sport.id); // three deep again, another way round
    await stepped();
    // An article's sections change; a story is deleted outright; a section goes, its stories moved to another.
    const [first, second] = archive.stories;
    await services.articles.update(first!, { primarySectionId: archive.europe.id, sectionIds: [archive.world.id, archive.balkans.id] });
    await services.articles.update(second!, { primarySectionId: null, sectionIds: [] });
    await database.db.deleteFrom('articles').where('id', '=', archive.stories[5]!).execute();
    // A link moved in place (no writer does it today; the triggers allow it).
    const link = await database.db
      .selectFrom('article_sections')
      .select('article_id')
      .where('section_id', '=', archive.world.id)
      .where('article_id', 'not in', database.db.selectFrom('article_sections').select('article_id').where('section_id', '=', archive.sport.id))
      .executeTakeFirstOrThrow();
    await database.db
      .updateTable('article_sections')
      .set({ section_id: archive.sport.id })
      .where('article_id', '=', link.article_id)
      .where('section_id', '=', archive.world.id)
      .execute();
    await stepped();
    await services.taxonomy.deleteSection(archive.europe.id, { moveArticlesTo: archive.world.id });
    const { kept, rebuilt } = await sectionListingsOutOfStep();
    expect(kept).toEqual(rebuilt);
    await expectListingsAsBefore([archive.world, archive.balkans, archive.sport].map((section) => ({ sectionId: section.id })));
  });

  it('lists several listings in one query, each as listPublished lists it alone', async () => {
    const archive = await smallArchive();
    const filters = filtersOf(archive);
    for (const limit of [1, 4, 100]) {
      const each = await listPublishedForEach(database.db, filters, limit);
      expect(each.map(ids)).toEqual(await Promise.all(filters.map(async (filter) => ids(await listPublished(database.db, filter, limit)))));
    }
    expect(await listPublishedForEach(database.db, [], 4)).toEqual([]);
    await expect(listPublishedForEach(database.db, [{ pinned: true }], 4)).rejects.toThrow(/a section, a tag or an author/);
  });

  it('picks the related stories the old scoring of every story picked', async () => {
    const archive = await smallArchive();
    let compared = 0;
    for (const id of archive.stories) {
      const article = await services.articles.findPublishedById(id);
      if (!article) continue;
      const ref = { id, primarySectionId: article.section?.id ?? null, tagIds: article.tags.map((t) => t.id) };
      expect(ids(await relatedArticleRows(database.db, ref, 4))).toEqual(await relatedBefore(database.db, ref, 4));
      compared++;
    }
    expect(compared).toBeGreaterThan(30);
  });

  /** Link rows whose copies differ from their article's columns: none, whatever wrote them. */
  async function outOfStep(): Promise<string[]> {
    const stale: string[] = [];
    for (const table of ['article_sections', 'article_tags', 'article_authors', 'section_listings']) {
      const { rows } = await sql<{ article_id: number }>`
        select link.article_id from ${sql.table(table)} link join articles on articles.id = link.article_id
        where link.status <> articles.status or link.visibility <> articles.visibility
          or not (link.published_at = articles.published_at or (link.published_at is null and articles.published_at is null))`.execute(database.db);
      stale.push(...rows.map((row) => `${table}:${row.article_id}`));
    }
    return stale;
  }

  it('keeps the listings in step through publish, unpublish, schedule, edits, trash, merges and the scheduler', async () => {
    const world = await makeSection(services, { name: 'World' });
    const sport = await makeSection(services, { name: 'Sport' });
    const [climate, football] = [await services.taxonomy.ensureTag('Climate'), await services.taxonomy.ensureTag('Football')];
    const ana = await makePerson(services);
    const listed = async (filter: PublishedFilter) => ids(await listPublished(database.db, filter, 10));
    const expectListings = async (expected: { world: number[]; sport: number[]; climate: number[]; football: number[]; ana: number[] }) => {
      expect(await outOfStep()).toEqual([]);
      expect({
        world: await listed({ sectionId: world.id }),
        sport: await listed({ sectionId: sport.id }),
        climate: await listed({ tagId: climate }),
        football: await listed({ tagId: football }),
        ana: await listed({ authorId: ana.id }),
      }).toEqual(expected);
    };

    const older = await makeArticle(services, { primarySectionId: world.id, tagIds: [climate], authorIds: [ana.id], publishedAt: '2026-05-01T00:00:00.000Z' });
    const draft = await makeArticle(services, { primarySectionId: world.id, tagIds: [climate], authorIds: [ana.id], publishedAt: null });
    await expectListings({ world: [older], sport: [], climate: [older], football: [], ana: [older] });

    await services.articles.publish(draft, { at: '2026-05-02T00:00:00.000Z' });
    await expectListings({ world: [draft, older], sport: [], climate: [draft, older], football: [], ana: [draft, older] });

    // Backdated before the older story: the order follows published_at.
    await services.articles.transaction(async (tx) => {
      await tx.unpublish(draft);
      await tx.publish(draft, { at: '2026-04-01T00:00:00.000Z' });
    });
    await expectListings({ world: [older, draft], sport: [], climate: [older, draft], football: [], ana: [older, draft] });

    // Re-sectioned, retagged, bylined elsewhere.
    await services.articles.update(draft, { primarySectionId: sport.id, sectionIds: [], tagIds: [football], authorIds: [] });
    await expectListings({ world: [older], sport: [draft], climate: [older], football: [draft], ana: [older] });

    await services.articles.update(older, { visibility: 'private' });
    await expectListings({ world: [], sport: [draft], climate: [], football: [draft], ana: [] });
    await services.articles.update(older, { visibility: 'password', password: 'pw' });
    await expectListings({ world: [older], sport: [draft], climate: [older], football: [draft], ana: [older] });

    await services.articles.unpublish(draft);
    await expectListings({ world: [older], sport: [], climate: [older], football: [], ana: [older] });

    await services.articles.schedule(draft, '2026-05-20T00:00:00.000Z');
    await expectListings({ world: [older], sport: [], climate: [older], football: [], ana: [older] });
    expect(await claimDueArticle(database.db, draft, '2026-05-21T00:00:00.000Z')).toBeDefined();
    await expectListings({ world: [older], sport: [draft], climate: [older], football: [draft], ana: [older] });

    await services.taxonomy.mergeTags(football, climate);
    await services.taxonomy.deleteSection(sport.id, { moveArticlesTo: world.id });
    await expectListings({ world: [draft, older], sport: [], climate: [draft, older], football: [], ana: [older] });

    await services.articles.transaction((tx) => tx.trash(older, { actorId: null }));
    await expectListings({ world: [draft], sport: [], climate: [draft], football: [], ana: [] });
  });
});
