import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeArticle, makePerson } from '../../../test/factories.js';
import { ManualClock } from '../../../test/helpers/clock.js';
import { createTestDatabase, describeEachDialect } from '../../../test/helpers/database.js';
import type { DatabaseHandle } from '../../platform/db/connection.js';
import { DomainEventBus } from '../events.js';
import { createSigner } from '../../platform/security/signer.js';
import { type NewsServices, createNewsServices } from '../services.js';
import { DomainError } from '../shared/errors.js';

describeEachDialect('ArchiveService', (dialect) => {
  let database: DatabaseHandle;
  let services: NewsServices;
  const clock = new ManualClock('2026-03-10T12:00:00.000Z');

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    services = createNewsServices({ db: database.db, events: new DomainEventBus(() => {}), clock, signer: createSigner('k'.repeat(32)) });
  });
  afterEach(async () => database.destroy());

  it('counts published articles per UTC month, with the newest change in each', async () => {
    await makeArticle(services, { publishedAt: '2026-01-31T23:59:59.999Z' });
    const feb = await makeArticle(services, { publishedAt: '2026-02-01T00:00:00.000Z' });
    await makeArticle(services, { publishedAt: '2026-02-14T08:00:00.000Z' });
    await makeArticle(services, { publishedAt: null });
    await services.articles.setUpdatedAt(feb, '2026-03-01T09:00:00.000Z');
    const { months, newest } = await services.archive.overview();
    expect(months).toEqual([
      { month: '2026-01', count: 1, lastmod: '2026-01-31T23:59:59.999Z' },
      { month: '2026-02', count: 2, lastmod: '2026-03-01T09:00:00.000Z' },
    ]);
    expect(newest).toBe('2026-03-01T09:00:00.000Z');
    const inFeb = await services.archive.articlesInMonth('2026-02', 0, 10);
    expect(inFeb.map((a) => a.publishedAt)).toEqual(['2026-02-01T00:00:00.000Z', '2026-02-14T08:00:00.000Z']);
    expect(inFeb[0]!.path).toMatch(/^\/2026\/02\/01\/story-number-\d+\/$/);
    expect((await services.archive.articlesInMonth('2026-02', 1, 10)).map((a) => a.publishedAt)).toEqual(['2026-02-14T08:00:00.000Z']);
    await expect(services.archive.articlesInMonth('2026-13', 0, 10)).rejects.toBeInstanceOf(DomainError);
  });

  it('stores publication times in one UTC form, so months and ranges agree whatever offset a caller wrote', async () => {
    const id = await makeArticle(services, { publishedAt: '2026-03-01T01:00:00+02:00' });
    expect((await services.articles.findPublishedById(id))!.publishedAt).toBe('2026-02-28T23:00:00.000Z');
    expect((await services.archive.overview()).months.map((m) => m.month)).toEqual(['2026-02']);
    expect(await services.archive.articlesInMonth('2026-02', 0, 10)).toHaveLength(1);
    await expect(makeArticle(services, { publishedAt: 'not a date' })).rejects.toBeInstanceOf(DomainError);
  });

  it('lists the last hours’ articles, newest first, never ones dated in the future', async () => {
    await makeArticle(services, { title: 'Old', publishedAt: '2026-03-08T11:59:59.000Z' });
    await makeArticle(services, { title: 'Edge', publishedAt: '2026-03-08T12:00:00.000Z' });
    await makeArticle(services, { title: 'New', publishedAt: '2026-03-10T11:00:00.000Z' });
    await makeArticle(services, { title: 'Future', publishedAt: '2026-03-10T13:00:00.000Z' });
    expect((await services.archive.publishedInLast(48, 10)).map((a) => a.title)).toEqual(['New', 'Edge']);
    expect((await services.archive.publishedInLast(48, 1)).map((a) => a.title)).toEqual(['New']);
  });

  it('pages tags and bylines that have published stories, in the order they were created', async () => {
    const ana = await makePerson(services, { slug: 'ana' });
    const bo = await makePerson(services, { slug: 'bo' });
    const cy = await makePerson(services, { slug: 'cy' });
    const [zeta, alpha, unused] = [
      await services.taxonomy.ensureTag('Zeta'),
      await services.taxonomy.ensureTag('Alpha'),
      await services.taxonomy.ensureTag('Unused'),
    ];
    await makeArticle(services, { tagIds: [zeta, alpha], authorIds: [bo.id, ana.id], publishedAt: '2026-02-01T00:00:00.000Z' });
    await makeArticle(services, { tagIds: [alpha], authorIds: [ana.id], publishedAt: '2026-02-05T00:00:00.000Z' });
    await makeArticle(services, { tagIds: [unused], authorIds: [cy.id], publishedAt: null });
    const overview = await services.archive.overview();
    expect(overview.tags).toEqual({ count: 2, lastmod: '2026-02-05T00:00:00.000Z' });
    expect(overview.authors).toEqual({ count: 2, lastmod: '2026-02-05T00:00:00.000Z' });
    expect(await services.archive.tags(0, 10)).toEqual([
      { slug: 'zeta', lastmod: '2026-02-01T00:00:00.000Z' },
      { slug: 'alpha', lastmod: '2026-02-05T00:00:00.000Z' },
    ]);
    expect(await services.archive.tags(1, 1)).toEqual([{ slug: 'alpha', lastmod: '2026-02-05T00:00:00.000Z' }]);
    expect((await services.archive.authors(0, 10)).map((a) => a.slug)).toEqual(['ana', 'bo']);
    expect(overview.pages).toEqual({ count: 0, lastmod: null });
  });
});
