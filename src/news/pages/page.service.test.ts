import { afterEach, beforeEach, expect, it } from 'vitest';
import { ManualClock } from '../../../test/helpers/clock.js';
import { createTestDatabase, describeEachDialect } from '../../../test/helpers/database.js';
import { domainRejection } from '../../../test/helpers/services.js';
import type { DatabaseHandle } from '../../platform/db/connection.js';
import { createSigner } from '../../platform/security/signer.js';
import { DomainEventBus } from '../events.js';
import { type NewsServices, createNewsServices } from '../services.js';

describeEachDialect('PageService: parents and order', (dialect) => {
  let database: DatabaseHandle;
  let services: NewsServices;

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    const clock = new ManualClock('2026-03-10T12:00:00.000Z');
    services = createNewsServices({ db: database.db, events: new DomainEventBus(() => {}), clock, signer: createSigner('k'.repeat(32)) });
  });
  afterEach(async () => database.destroy());

  it('creates a page under a parent with an order, an imported one with its id and dates', async () => {
    const about = await services.pages.create({ title: 'About', status: 'published' });
    const team = await services.pages.create({ title: 'Team', status: 'published', parentId: about, sortOrder: 2 });
    expect(await services.pages.findPublished('team')).toMatchObject({ parentId: about, sortOrder: 2, parent: { slug: 'about', title: 'About' } });
    expect(await services.pages.findPublished('about')).toMatchObject({ parentId: null, sortOrder: 0, parent: null });
    const imported = await services.pages.create(
      { title: 'History', slug: 'history', status: 'published', parentId: about, sortOrder: 1 },
      { id: 900, createdAt: '2015-01-01T00:00:00Z', updatedAt: '2016-01-01T00:00:00Z', publishedAt: '2015-01-02T00:00:00Z' },
    );
    expect(imported).toBe(900);
    const row = await database.db.selectFrom('pages').selectAll().where('id', '=', 900).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      parent_id: about,
      sort_order: 1,
      created_at: '2015-01-01T00:00:00.000Z',
      updated_at: '2016-01-01T00:00:00.000Z',
      published_at: '2015-01-02T00:00:00.000Z',
    });
    expect(team).toBeGreaterThan(about);
  });

  it('refuses a parent that is the page itself, one of its subpages or missing, naming parentId; allows a move elsewhere', async () => {
    const a = await services.pages.create({ title: 'A' });
    const b = await services.pages.create({ title: 'B', parentId: a });
    const c = await services.pages.create({ title: 'C', parentId: b });
    for (const [page, parent] of [
      [a, a],
      [a, b],
      [a, c],
      [b, c],
    ] as const) {
      const error = await domainRejection(services.pages.update(page, { parentId: parent }));
      expect(error.code).toBe('invalid');
      expect(error.details).toHaveProperty('parentId');
    }
    expect((await domainRejection(services.pages.update(c, { parentId: 12345 }))).details).toHaveProperty('parentId');
    expect((await domainRejection(services.pages.create({ title: 'D', parentId: 12345 }))).details).toHaveProperty('parentId');
    expect(
      (await domainRejection(services.pages.create({ title: 'Self' }, { id: 777 }).then(() => services.pages.update(777, { parentId: 777 })))).details,
    ).toHaveProperty('parentId');
    // Nothing changed by the refusals.
    expect((await services.pages.findById(a))!.parentId).toBeNull();
    // C moves to the top, then A under C: no cycle any more.
    await services.pages.update(c, { parentId: null });
    await services.pages.update(a, { parentId: c, sortOrder: 3 });
    expect(await services.pages.findById(a)).toMatchObject({ parentId: c, sortOrder: 3 });
    expect((await domainRejection(services.pages.update(a, { sortOrder: 1.5 }))).details).toHaveProperty('sortOrder');
  });

  it('lists published pages in their order, then by title; deleting a parent leaves its children at the top', async () => {
    const z = await services.pages.create({ title: 'Zebra', status: 'published', sortOrder: -1 });
    await services.pages.create({ title: 'Beta', status: 'published', sortOrder: 1, parentId: z });
    await services.pages.create({ title: 'Alpha', status: 'published', sortOrder: 1 });
    await services.pages.create({ title: 'Draft', sortOrder: -5 });
    expect((await services.pages.listPublished()).map((p) => p.title)).toEqual(['Zebra', 'Alpha', 'Beta']);
    await database.db.deleteFrom('pages').where('id', '=', z).execute();
    expect(await services.pages.findPublished('beta')).toMatchObject({ parentId: null, parent: null });
  });

  it('shows the parent only while it is published', async () => {
    const parent = await services.pages.create({ title: 'Hidden parent' });
    await services.pages.create({ title: 'Child', status: 'published', parentId: parent });
    expect(await services.pages.findPublished('child')).toMatchObject({ parentId: parent, parent: null });
    await services.pages.update(parent, { status: 'published' });
    expect(await services.pages.findPublished('child')).toMatchObject({ parent: { slug: 'hidden-parent', title: 'Hidden parent' } });
  });
});
