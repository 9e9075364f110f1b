import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeArticle, makePerson, makeSection } from '../../../test/factories.js';
import { createTestDatabase, describeEachDialect } from '../../../test/helpers/database.js';
import type { DatabaseHandle } from '../../platform/db/connection.js';
import { DomainEventBus, type ArticleEventPayload } from '../events.js';
import { createSigner } from '../../platform/security/signer.js';
import { type NewsServices, createNewsServices } from '../services.js';
import type { Clock } from '../shared/clock.js';
import { DomainError } from '../shared/errors.js';

describeEachDialect('ArticleService', (dialect) => {
  let database: DatabaseHandle;
  let services: NewsServices;
  let published: ArticleEventPayload[];
  const clock: Clock = { now: () => new Date('2026-02-10T12:00:00.000Z') };

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    const events = new DomainEventBus((_, error) => {
      throw error;
    });
    published = [];
    events.on('article.published', (payload) => void published.push(payload));
    services = createNewsServices({ db: database.db, events, clock, signer: createSigner('k'.repeat(32)) });
  });
  afterEach(async () => database.destroy());

  it('creates a draft with a slug from the headline, sanitised body and ordered byline', async () => {
    const a = await makePerson(services, { displayName: 'Ana Ruiz' });
    const b = await makePerson(services, { displayName: 'Ben Okafor' });
    const id = await makeArticle(services, {
      title: 'Nicolás Maduro faces “pebbles”',
      body: '<p>Text<script>alert(1)</script></p>',
      authorIds: [b.id, a.id],
      publishedAt: null,
    });
    expect(await services.articles.findPublishedById(id)).toBeNull();
    await services.articles.publish(id);
    const article = (await services.articles.findPublishedById(id))!;
    expect(article.slug).toBe('nicolas-maduro-faces-pebbles');
    expect(article.body).toBe('<p>Text</p>');
    expect(article.authors.map((p) => p.displayName)).toEqual(['Ben Okafor', 'Ana Ruiz']);
    expect(article.path).toBe('/2026/02/10/nicolas-maduro-faces-pebbles/');
    expect(article.publishedAt).toBe('2026-02-10T12:00:00.000Z');
    expect(published).toEqual([{ articleId: id, slug: 'nicolas-maduro-faces-pebbles', actorId: null }]);
  });

  it('keeps slugs unique by numbering repeats', async () => {
    const first = await makeArticle(services, { title: 'Same headline' });
    const second = await makeArticle(services, { title: 'Same headline' });
    expect((await services.articles.findPublishedById(first))!.slug).toBe('same-headline');
    expect((await services.articles.findPublishedById(second))!.slug).toBe('same-headline-2');
  });

  it('refuses an empty or overlong headline and an invalid slug, storing nothing', async () => {
    await expect(services.articles.create({ title: '   ' })).rejects.toThrow(DomainError);
    await expect(services.articles.create({ title: 'x'.repeat(301) })).rejects.toThrow(/longer than 300/);
    await expect(services.articles.create({ title: 'Fine', slug: 'Not A Slug' })).rejects.toThrow(/not a valid slug/);
    expect((await services.articles.latest(10)).length).toBe(0);
  });

  it('names the field of each refusal in its details, for forms to show beside it', async () => {
    const details = (promise: Promise<unknown>) =>
      promise.then(
        () => null,
        (error: DomainError) => error.details,
      );
    expect(await details(services.articles.create({ title: ' ' }))).toEqual({ title: 'Enter a headline' });
    expect(await details(services.articles.create({ title: 'Fine', slug: 'Not A Slug' }))).toEqual({
      slug: '"Not A Slug" is not a valid slug: use lowercase letters, digits and hyphens',
    });
    const first = await services.articles.create({ title: 'Taken' });
    const second = await services.articles.create({ title: 'Other' });
    expect(await details(services.articles.update(second, { slug: 'taken' }))).toEqual({ slug: 'Another article already has the slug "taken"' });
    expect(await details(services.articles.update(first, { slug: 'Bad Slug' }))).toEqual({
      slug: '"Bad Slug" is not a valid slug: use lowercase letters, digits and hyphens',
    });
  });

  it('lists published stories newest first, by section (with subsections), tag and author', async () => {
    const world = await makeSection(services, { slug: 'world' });
    const americas = await makeSection(services, { slug: 'americas', parentId: world.id });
    const markets = await makeSection(services, { slug: 'markets' });
    const reporter = await makePerson(services);
    const tagId = await services.taxonomy.ensureTag('Venezuela');
    const old = await makeArticle(services, { primarySectionId: world.id, publishedAt: '2026-02-01T00:00:00.000Z' });
    const nested = await makeArticle(services, { primarySectionId: americas.id, tagIds: [tagId], publishedAt: '2026-02-05T00:00:00.000Z' });
    const other = await makeArticle(services, {
      primarySectionId: markets.id,
      sectionIds: [world.id],
      authorIds: [reporter.id],
      publishedAt: '2026-02-03T00:00:00.000Z',
    });
    await makeArticle(services, { primarySectionId: world.id, publishedAt: null });

    const ids = async (filter: Parameters<typeof services.articles.archivePage>[0]) =>
      (await services.articles.archivePage(filter, { page: 1 }, 10)).items.map((a) => a.id);
    expect(await ids({ sectionId: world.id })).toEqual([nested, other, old]);
    expect(await ids({ tagId })).toEqual([nested]);
    expect(await ids({ authorId: reporter.id })).toEqual([other]);

    const page2 = await services.articles.archivePage({}, { page: 2 }, 2);
    expect(page2.items.map((a) => a.id)).toEqual([old]);
    expect([page2.hasNewer, page2.hasOlder]).toEqual([true, false]);
  });

  it('finds related stories by shared tags first, then section, never the story itself', async () => {
    const world = await makeSection(services);
    const markets = await makeSection(services);
    const [t1, t2] = [await services.taxonomy.ensureTag('Oil'), await services.taxonomy.ensureTag('Sanctions')];
    const main = await makeArticle(services, { primarySectionId: world.id, tagIds: [t1, t2] });
    const twoTags = await makeArticle(services, { primarySectionId: markets.id, tagIds: [t1, t2], publishedAt: '2026-01-01T00:00:00.000Z' });
    const sameSection = await makeArticle(services, { primarySectionId: world.id });
    const oneTag = await makeArticle(services, { primarySectionId: markets.id, tagIds: [t2] });
    await makeArticle(services, { primarySectionId: markets.id });
    const article = (await services.articles.findPublishedById(main))!;
    expect((await services.articles.related(article, 5)).map((a) => a.id)).toEqual([twoTags, oneTag, sameSection]);
  });

  it('edits an article: unchanged fields kept, version bumped, article.updated after the commit, stale versions refused', async () => {
    const updated: ArticleEventPayload[] = [];
    services.events.on('article.updated', (payload) => void updated.push(payload));
    const tagId = await services.taxonomy.ensureTag('Copper');
    const reporter = await makePerson(services);
    const id = await makeArticle(services, { title: 'Copper climbs', body: '<p>Mine strike</p>', tagIds: [tagId], authorIds: [reporter.id] });
    const before = (await services.articles.findPublishedById(id))!;
    await services.articles.update(id, { title: 'Copper soars', body: '<p>Strike<script>x</script></p>' }, { expectedVersion: before.version });
    const after = (await services.articles.findPublishedById(id))!;
    expect([after.title, after.body, after.standfirst, after.slug]).toEqual(['Copper soars', '<p>Strike</p>', before.standfirst, before.slug]);
    expect(after.tags.map((t) => t.id)).toEqual([tagId]);
    expect(after.authors.map((a) => a.id)).toEqual([reporter.id]);
    expect(after.version).toBe(before.version + 1);
    expect(updated).toEqual([{ articleId: id, slug: before.slug, actorId: null }]);
    await expect(services.articles.update(id, { title: 'Late' }, { expectedVersion: before.version })).rejects.toMatchObject({ code: 'conflict' });
    await services.articles.update(id, { tagIds: [] });
    expect((await services.articles.findPublishedById(id))!.tags).toEqual([]);
  });

  it('unpublishes a published article once, keeping its publication time, and emits article.unpublished', async () => {
    const unpublished: ArticleEventPayload[] = [];
    services.events.on('article.unpublished', (payload) => void unpublished.push(payload));
    const id = await makeArticle(services, { publishedAt: '2026-02-01T08:00:00.000Z' });
    await services.articles.unpublish(id);
    await services.articles.unpublish(id);
    expect(await services.articles.findPublishedById(id)).toBeNull();
    expect(unpublished.map((p) => p.articleId)).toEqual([id]);
    await services.articles.publish(id);
    expect((await services.articles.findPublishedById(id))!.publishedAt).toBe('2026-02-01T08:00:00.000Z');
  });
  it('commits several writes together: events after the commit, one per article, none when it rolls back', async () => {
    const seen: string[] = [];
    for (const name of ['article.published', 'article.updated', 'article.unpublished'] as const) {
      services.events.on(name, (payload) => void seen.push(`${name} ${payload.articleId}`));
    }
    const live = await makeArticle(services, { title: 'Live' });
    const draft = await makeArticle(services, { title: 'Draft', publishedAt: null });
    seen.length = 0;
    await services.articles.transaction(async (tx) => {
      await tx.update(live, { title: 'Live, edited' });
      await tx.publish(live);
      await tx.update(draft, { title: 'Draft, edited' });
      await tx.publish(draft);
      expect(seen).toEqual([]);
    });
    // A publication says all an update would: one event per article.
    expect(seen).toEqual([`article.published ${live}`, `article.published ${draft}`]);

    seen.length = 0;
    const failing = services.articles.transaction(async (tx) => {
      await tx.unpublish(live);
      await tx.update(draft, { title: 'Never saved' });
      throw new Error('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    expect(seen).toEqual([]);
    expect((await services.articles.findPublishedById(live))!.title).toBe('Live, edited');
    expect((await services.articles.findPublishedById(draft))!.title).toBe('Draft, edited');
  });

  it('trashes (a published article is unpublished first), restores, and deletes for good only from the trash', async () => {
    const unpublished: ArticleEventPayload[] = [];
    services.events.on('article.unpublished', (payload) => void unpublished.push(payload));
    const id = await makeArticle(services, { title: 'Doomed' });
    const before = await services.articles.transaction((tx) => tx.trash(id, { actorId: null }));
    expect(before.status).toBe('published');
    expect(unpublished.map((p) => p.articleId)).toEqual([id]);
    expect(await services.articles.findPublishedById(id)).toBeNull();
    await expect(services.articles.update(id, { title: 'Edited in the trash' })).rejects.toThrow(/in the trash/);
    await expect(services.articles.publish(id)).rejects.toThrow(/in the trash/);
    await services.articles.transaction((tx) => tx.restore(id));
    expect((await services.articles.findAnyById(id))!.status).toBe('draft');
    await expect(services.articles.transaction((tx) => tx.remove(id))).rejects.toThrow(/not in the trash/);
    const scheduled = await makeArticle(services, { publishedAt: null });
    await services.articles.schedule(scheduled, '2026-03-01T00:00:00.000Z');
    await services.articles.transaction((tx) => tx.trash(scheduled, { actorId: null }));
    expect(await services.articles.findAnyById(scheduled)).toMatchObject({ status: 'draft', publishedAt: null });
    await services.articles.transaction((tx) => tx.remove(scheduled));
    expect(await services.articles.findAnyById(scheduled)).toBeNull();
  });
  it('saves changed links only: tags and sections come and go, and a byline keeps the order it is given', async () => {
    const [ana, bo, cy] = [await makePerson(services, { slug: 'ana' }), await makePerson(services, { slug: 'bo' }), await makePerson(services, { slug: 'cy' })];
    const [world, uk] = [await makeSection(services, { slug: 'world' }), await makeSection(services, { slug: 'uk' })];
    const [rates, oil] = [await services.taxonomy.ensureTag('Rates'), await services.taxonomy.ensureTag('Oil')];
    const id = await makeArticle(services, { primarySectionId: world.id, tagIds: [rates], authorIds: [ana.id, bo.id] });
    const links = async () => {
      const article = (await services.articles.findAnyById(id))!;
      return { sections: article.sections.map((s) => s.slug).sort(), tags: article.tags.map((t) => t.slug), authors: article.authors.map((a) => a.slug) };
    };
    await services.articles.update(id, { primarySectionId: uk.id, tagIds: [rates, oil], authorIds: [bo.id, cy.id, ana.id] });
    expect(await links()).toEqual({ sections: ['uk'], tags: ['oil', 'rates'], authors: ['bo', 'cy', 'ana'] });
    await services.articles.update(id, { tagIds: [oil], authorIds: [cy.id] });
    expect(await links()).toEqual({ sections: ['uk'], tags: ['oil'], authors: ['cy'] });
    await services.articles.update(id, { tagIds: [], authorIds: [] });
    expect(await links()).toEqual({ sections: ['uk'], tags: [], authors: [] });
  });
});
