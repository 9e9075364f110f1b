import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeArticle, makePerson, makeSection } from '../../../test/factories.js';
import { ManualClock } from '../../../test/helpers/clock.js';
import { createTestDatabase, describeEachDialect } from '../../../test/helpers/database.js';
import { domainRejection } from '../../../test/helpers/services.js';
import { searchArticleIds } from '../../../test/helpers/search.js';
import type { DatabaseHandle } from '../../platform/db/connection.js';
import { createSigner } from '../../platform/security/signer.js';
import { DomainEventBus } from '../events.js';
import { type NewsServices, createNewsServices } from '../services.js';
import { ANONYMOUS_READER, type ArticleReader, PROTECTED_STANDFIRST } from './article.types.js';
import { UNLOCK_LIFETIME_SECONDS } from './unlock-token.js';

/**
 * Pinned, private and password-protected stories in the domain: what each kind of reader gets, what every list,
 * feed, sitemap and the search index hold, and the unlock tokens. (The site's side is in site/visibility.routes.test.ts.)
 */
describeEachDialect('article visibility and pinning', (dialect) => {
  let database: DatabaseHandle;
  let services: NewsServices;
  let clock: ManualClock;

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    clock = new ManualClock('2026-03-10T12:00:00.000Z');
    const events = new DomainEventBus((_, error) => {
      throw error;
    });
    services = createNewsServices({ db: database.db, events, clock, signer: createSigner('k'.repeat(32)) });
  });
  afterEach(async () => database.destroy());

  const staff = (role: 'admin' | 'editor' | 'author' | 'contributor', personId: number | null = null, id = 1000): ArticleReader => ({
    staff: { role, personId, id },
  });
  const withToken = (articleId: number, token: string): ArticleReader => ({ staff: null, unlockToken: (id) => (id === articleId ? token : undefined) });

  it('creates an imported story with its id, dates, pin and visibility, and publishes it keeping its modified date', async () => {
    const id = await services.articles.create(
      { title: 'From the old site', pinned: true, visibility: 'password', password: ' open sesame ' },
      { id: 4321, createdAt: '2019-05-01T08:00:00+02:00', updatedAt: '2019-05-02T09:00:00Z' },
    );
    expect(id).toBe(4321);
    await services.articles.publish(id, { at: '2019-05-01T10:00:00Z', updatedAt: '2021-01-01T00:00:00Z' });
    const row = await database.db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect({ ...row, pinned: Boolean(row.pinned) }).toMatchObject({
      created_at: '2019-05-01T06:00:00.000Z',
      published_at: '2019-05-01T10:00:00.000Z',
      updated_at: '2021-01-01T00:00:00.000Z',
      pinned: true,
      visibility: 'password',
      // Stored as given (WordPress exports it so, and Dateline exports it again).
      password: ' open sesame ',
    });
    await services.articles.transaction(async (tx) => tx.setUpdatedAt(id, '2022-02-02T02:02:02+01:00'));
    expect((await services.articles.findPublishedById(id))!.updatedAt).toBe('2022-02-02T01:02:02.000Z');
  });

  it('refuses a protected story without a password, an overlong password and an unknown visibility, naming the field', async () => {
    expect((await domainRejection(services.articles.create({ title: 'No password', visibility: 'password' }))).details).toHaveProperty('password');
    expect((await domainRejection(services.articles.create({ title: 'Blank', visibility: 'password', password: '   ' }))).details).toHaveProperty('password');
    expect((await domainRejection(services.articles.create({ title: 'Long', visibility: 'password', password: 'x'.repeat(256) }))).details).toHaveProperty(
      'password',
    );
    const odd = services.articles.create({ title: 'Odd', visibility: 'secret' as 'private' });
    expect((await domainRejection(odd)).details).toHaveProperty('visibility');
    const id = await makeArticle(services, { title: 'Public' });
    expect((await domainRejection(services.articles.update(id, { visibility: 'password' }))).details).toHaveProperty('password');
    await services.articles.update(id, { visibility: 'password', password: 'pw' });
    // A password kept from before is enough to protect it again.
    await services.articles.update(id, { visibility: 'public' });
    await services.articles.update(id, { visibility: 'password' });
    expect((await services.articles.findPublishedById(id))!.visibility).toBe('password');
  });

  it('puts pinned stories first on the front page, newest pinned first, then the newest others, once each', async () => {
    const oldPinned = await makeArticle(services, { title: 'Old pinned', pinned: true, publishedAt: '2026-01-01T00:00:00Z' });
    const newer = await makeArticle(services, { title: 'Newer', publishedAt: '2026-03-01T00:00:00Z' });
    const newestPinned = await makeArticle(services, { title: 'Newest pinned', pinned: true, publishedAt: '2026-02-01T00:00:00Z' });
    const newest = await makeArticle(services, { title: 'Newest', publishedAt: '2026-03-05T00:00:00Z' });
    await makeArticle(services, { title: 'Pinned draft', pinned: true, publishedAt: null });
    const hidden = await makeArticle(services, { title: 'Pinned private', pinned: true, visibility: 'private', publishedAt: '2026-03-06T00:00:00Z' });
    expect((await services.articles.frontPage(10)).map((a) => a.id)).toEqual([newestPinned, oldPinned, newest, newer]);
    expect((await services.articles.frontPage(3)).map((a) => a.id)).toEqual([newestPinned, oldPinned, newest]);
    expect((await services.articles.frontPage(10)).map((a) => a.pinned)).toEqual([true, true, false, false]);
    // Elsewhere the order is by time alone.
    expect((await services.articles.latest(10)).map((a) => a.id)).toEqual([newest, newer, newestPinned, oldPinned]);
    await services.articles.update(oldPinned, { pinned: false });
    expect((await services.articles.frontPage(10)).map((a) => a.id)).toEqual([newestPinned, newest, newer, oldPinned]);
    expect(hidden).toBeGreaterThan(0);
  });

  it('shows a private story only to staff who may write it: to everyone else it does not exist', async () => {
    const owner = await makePerson(services);
    const id = await makeArticle(services, { title: 'Staff only', visibility: 'private', authorIds: [owner.id] });
    const account = await services.staff.create({
      email: 'writer@example.test',
      displayName: 'Writer',
      role: 'contributor',
      password: 'a long enough password',
      personId: null,
    });
    const created = await services.articles.create({ title: 'Made by an account', visibility: 'private' }, { createdBy: account.id });
    await services.articles.publish(created);
    expect(await services.articles.forReader({ id }, ANONYMOUS_READER)).toBeNull();
    expect(await services.articles.forReader({ id }, staff('contributor', 999))).toBeNull();
    expect(await services.articles.forReader({ id }, staff('author', 999))).toBeNull();
    expect(await services.articles.forReader({ id }, { staff: { role: 'editor', personId: null, id: 5, active: false } })).toBeNull();
    const slug = (await services.articles.findPublishedById(id))!.slug;
    expect(await services.articles.forReader({ slug }, ANONYMOUS_READER)).toBeNull();
    for (const reader of [staff('editor'), staff('admin'), staff('contributor', owner.id), staff('author', owner.id)]) {
      expect(await services.articles.forReader({ slug }, reader)).toMatchObject({ id, locked: false, body: expect.stringContaining('Body paragraph') });
    }
    expect(await services.articles.forReader({ id: created }, staff('contributor', null, account.id))).toMatchObject({ id: created });
    expect(await services.articles.forReader({ id: created }, staff('contributor', null, account.id + 1))).toBeNull();
    // A draft is nobody's to read here, whatever their role.
    const draft = await makeArticle(services, { title: 'Draft', publishedAt: null });
    expect(await services.articles.forReader({ id: draft }, staff('admin'))).toBeNull();
  });

  it('locks a protected story until its password is given; the token ends with a password change, for other stories and in time', async () => {
    const id = await makeArticle(services, {
      title: 'Locked story',
      standfirst: 'Standfirst with quokkastand.',
      body: '<p>Body with quokkabody.</p>',
      seoDescription: 'Description with quokkaseo.',
      image: { url: '/media/x.jpg', alt: 'quokkaalt', caption: '', credit: '', width: 10, height: 10 },
      visibility: 'password',
      password: 'hunter2',
    });
    const other = await makeArticle(services, { title: 'Other locked', visibility: 'password', password: 'hunter2' });
    const locked = (await services.articles.forReader({ id }, ANONYMOUS_READER))!;
    expect(locked).toMatchObject({ id, title: 'Locked story', locked: true, body: '', standfirst: PROTECTED_STANDFIRST, seoDescription: '', image: null });
    expect(JSON.stringify(locked)).not.toMatch(/quokka|hunter2/);

    expect(await services.articles.unlock(id, 'Hunter2')).toBeNull();
    expect(await services.articles.unlock(id, '')).toBeNull();
    const unlock = (await services.articles.unlock(id, 'hunter2'))!;
    expect(unlock.maxAgeSeconds).toBe(UNLOCK_LIFETIME_SECONDS);
    expect(unlock.token).not.toContain('hunter2');
    expect(Buffer.from(unlock.token.split('.')[0]!, 'base64url').toString()).toMatch(new RegExp(`^${id}:\\d+$`));
    expect(await services.articles.forReader({ id }, withToken(id, unlock.token))).toMatchObject({ locked: false, body: '<p>Body with quokkabody.</p>' });
    expect(await services.articles.forReader({ id }, withToken(id, `${unlock.token}x`))).toMatchObject({ locked: true });
    // The same password on another story: that story's own token is needed.
    expect(await services.articles.forReader({ id: other }, withToken(other, unlock.token))).toMatchObject({ locked: true });

    clock.advance((UNLOCK_LIFETIME_SECONDS - 60) * 1000);
    expect(await services.articles.forReader({ id }, withToken(id, unlock.token))).toMatchObject({ locked: false });
    clock.advance(120 * 1000);
    expect(await services.articles.forReader({ id }, withToken(id, unlock.token))).toMatchObject({ locked: true });

    const fresh = (await services.articles.unlock(id, 'hunter2'))!;
    await services.articles.update(id, { password: 'correct horse' });
    expect(await services.articles.forReader({ id }, withToken(id, fresh.token))).toMatchObject({ locked: true });
    expect(await services.articles.unlock(id, 'hunter2')).toBeNull();
    expect(await services.articles.unlock(id, 'correct horse')).not.toBeNull();

    // Only a published protected story can be unlocked.
    const open = await makeArticle(services, { title: 'Open' });
    await expect(services.articles.unlock(open, 'x')).rejects.toMatchObject({ code: 'not_found' });
    await services.articles.unpublish(id);
    await expect(services.articles.unlock(id, 'correct horse')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('keeps private stories out of every list, and protected ones out of feeds, sitemaps and search, their text out of every list', async () => {
    const section = await makeSection(services);
    const person = await makePerson(services);
    const tag = await services.taxonomy.ensureTag('Shared topic');
    const common = { primarySectionId: section.id, tagIds: [tag], authorIds: [person.id], publishedAt: '2026-03-01T10:00:00Z' };
    const open = await makeArticle(services, { ...common, title: 'Open wombat story' });
    const hidden = await makeArticle(services, { ...common, title: 'Private wombat story', visibility: 'private' });
    const locked = await makeArticle(services, {
      ...common,
      title: 'Protected wombat story',
      standfirst: 'Secret numbat standfirst.',
      body: '<p>Secret numbat body.</p>',
      visibility: 'password',
      password: 'pw',
    });
    const ids = (list: { id: number }[]) => list.map((a) => a.id).sort((a, b) => a - b);
    const listed = [open, locked].sort((a, b) => a - b);

    expect(ids(await services.articles.latest(10))).toEqual(listed);
    expect(ids(await services.articles.frontPage(10))).toEqual(listed);
    for (const filter of [{ sectionIds: [section.id] }, { tagId: tag }, { authorId: person.id }]) {
      const page = await services.articles.archivePage(filter, { page: 1 }, 10);
      expect(ids(page.items)).toEqual(listed);
      expect([page.hasNewer, page.hasOlder]).toEqual([false, false]);
    }
    const summaries = await services.articles.latest(10);
    expect(JSON.stringify(summaries)).not.toContain('numbat');
    expect(summaries.find((a) => a.id === locked)).toMatchObject({ standfirst: PROTECTED_STANDFIRST, image: null, visibility: 'password' });
    const related = await services.articles.related((await services.articles.findPublishedById(open))!, 10);
    expect(ids(related)).toEqual([locked]);
    expect(JSON.stringify(related)).not.toContain('numbat');

    // Feeds, search, sitemaps: public stories only.
    expect(ids(await services.articles.latestWithBody(10))).toEqual([open]);
    expect(ids(await services.articles.latestWithBody(10, { sectionIds: [section.id] }))).toEqual([open]);
    expect(await services.articles.publishedSummaries([hidden, locked, open])).toMatchObject([{ id: open }]);
    expect(await searchArticleIds(services, 'wombat')).toEqual([open]);
    expect(await searchArticleIds(services, 'numbat')).toEqual([]);
    const overview = await services.archive.overview();
    expect(overview.months).toMatchObject([{ month: '2026-03', count: 1 }]);
    expect(overview.tags.count).toBe(1);
    expect(overview.authors.count).toBe(1);
    expect((await services.archive.articlesInMonth('2026-03', 0, 100)).map((a) => a.id)).toEqual([open]);
    expect((await services.archive.publishedInLast(24 * 30, 100)).map((a) => a.id)).toEqual([open]);
    // The newsroom's reach has them all.
    expect(ids(await services.articles.latest(10, { reach: 'staff' }))).toEqual([open, hidden, locked].sort((a, b) => a - b));
  });

  it('keeps pin, visibility and password through the newsroom’s saves, which do not carry them yet', async () => {
    const id = await makeArticle(services, { title: 'Edited in the newsroom', pinned: true, visibility: 'password', password: 'pw' });
    const editable = (await services.editorial.find(id))!;
    await services.editorial.save(id, { ...editable.draft, title: 'Edited again' }, { expectedVersion: editable.version, userId: null, intent: 'save' });
    const row = await database.db.selectFrom('articles').select(['title', 'pinned', 'visibility', 'password']).where('id', '=', id).executeTakeFirstOrThrow();
    expect({ ...row, pinned: Boolean(row.pinned) }).toEqual({ title: 'Edited again', pinned: true, visibility: 'password', password: 'pw' });
  });

  it('takes a story out of the search index when it becomes private or protected, and back when public again; rebuilds leave them out', async () => {
    const id = await makeArticle(services, { title: 'Platypus sighting' });
    expect(await searchArticleIds(services, 'platypus')).toEqual([id]);
    await services.articles.update(id, { visibility: 'private' });
    expect(await searchArticleIds(services, 'platypus')).toEqual([]);
    await services.articles.update(id, { visibility: 'password', password: 'pw' });
    expect(await searchArticleIds(services, 'platypus')).toEqual([]);
    const documents = () => database.db.selectFrom('article_search_documents').select('article_id').execute();
    expect(await documents()).toEqual([]);
    const rebuilt = await services.searchIndexer.rebuild();
    expect(rebuilt.indexed).toBe(0);
    expect(await documents()).toEqual([]);
    await services.articles.update(id, { visibility: 'public' });
    expect(await searchArticleIds(services, 'platypus')).toEqual([id]);
    // A document left behind by a write outside the service is removed by the rebuild.
    await database.db.updateTable('articles').set({ visibility: 'private' }).where('id', '=', id).execute();
    expect((await services.searchIndexer.rebuild()).removed).toBe(1);
    expect(await documents()).toEqual([]);
  });
});
