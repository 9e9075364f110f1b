import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeArticle, makeSection } from '../../test/factories.js';
import { createTestApp, type TestApp, TEST_SITE_URL } from '../../test/helpers/app.js';
import { describeEachDialect } from '../../test/helpers/database.js';
import { NUMBERED_PAGES } from './views/components/ArchivePagination.js';

const STORIES = 15;
const PER_PAGE = 2;

describeEachDialect('archive paging', (dialect) => {
  let t: TestApp;
  /** The section's stories' addresses, newest first. */
  const newestFirst: string[] = [];
  beforeAll(async () => {
    t = await createTestApp(dialect);
    const services = t.app.services;
    await services.settings.update({ postsPerPage: PER_PAGE });
    const section = await makeSection(services, { name: 'Markets', slug: 'markets' });
    for (let i = 0; i < STORIES; i++) {
      // Two stories in each instant: pages split between them by id.
      const id = await makeArticle(services, { primarySectionId: section.id, publishedAt: new Date(Date.UTC(2026, 0, 1, Math.floor(i / 2))).toISOString() });
      newestFirst.unshift((await services.articles.findPublishedById(id))!.path);
    }
  });
  afterAll(async () => t.close());
  const get = (url: string) => t.app.inject({ method: 'GET', url });
  const storiesOn = (html: string) => [...html.matchAll(/<h2 class="card-title"><a href="([^"]+)"/g)].map((m) => m[1]!);
  const link = (html: string, rel: 'prev' | 'next') => html.match(new RegExp(`<a rel="${rel}" href="([^"]+)"`))?.[1];

  it('walks the archive by number to page 5, then by keyset to the end, and back by keyset', async () => {
    const pages: string[][] = [];
    const addresses: string[] = [];
    for (let url: string | undefined = '/section/markets/'; url;) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      addresses.push(url);
      pages.push(storiesOn(res.body));
      url = link(res.body, 'next');
    }
    expect(pages.flat()).toEqual(newestFirst);
    expect(addresses.slice(0, NUMBERED_PAGES)).toEqual([
      '/section/markets/',
      '/section/markets/page/2/',
      '/section/markets/page/3/',
      '/section/markets/page/4/',
      '/section/markets/page/5/',
    ]);
    expect(addresses.slice(NUMBERED_PAGES).every((a) => /^\/section\/markets\/\?before=\d{4}-\d\d-\d\dT\d\d:00:00\.000Z_\d+$/.test(a))).toBe(true);

    const keysetPage = await get(addresses.at(-1)!);
    expect(keysetPage.body).toContain(`<link rel="canonical" href="${TEST_SITE_URL}${addresses.at(-1)!}"/>`);
    expect(keysetPage.body).toContain('<title>Markets (older stories)');
    expect(keysetPage.body).not.toContain('rel="next"');
    // Back towards the newest: each "Newer stories" page holds the stories just newer than the page it came from.
    const newer = await get(link(keysetPage.body, 'prev')!);
    expect(storiesOn(newer.body)).toEqual(newestFirst.slice(newestFirst.indexOf(pages.at(-1)![0]!) - PER_PAGE, newestFirst.indexOf(pages.at(-1)![0]!)));
    expect(link(newer.body, 'next')).toMatch(/\?before=/);
  });

  it('keeps every /page/N/ address working, however deep, and 404s past the end', async () => {
    const deepest = Math.ceil(STORIES / PER_PAGE);
    const res = await get(`/section/markets/page/${deepest}/`);
    expect(res.statusCode).toBe(200);
    expect(storiesOn(res.body)).toEqual(newestFirst.slice((deepest - 1) * PER_PAGE));
    expect(link(res.body, 'prev')).toBe(`/section/markets/page/${deepest - 1}/`);
    expect(link(res.body, 'next')).toBeUndefined();
    expect((await get(`/section/markets/page/${deepest + 1}/`)).statusCode).toBe(404);
    expect((await get('/section/markets/page/1/')).headers.location).toBe('/section/markets/');
  });

  it('refuses a cursor that is no instant or both directions at once (400), and sends a stale one to the first page', async () => {
    expect((await get('/section/markets/?before=2026-13-01T00:00:00.000Z_1')).statusCode).toBe(400);
    expect((await get('/section/markets/?before=yesterday')).statusCode).toBe(400);
    expect((await get('/section/markets/?before=2026-01-01T00:00:00.000Z_1&after=2026-01-01T00:00:00.000Z_1')).statusCode).toBe(400);
    const stale = await get('/section/markets/?before=2000-01-01T00:00:00.000Z_1');
    expect([stale.statusCode, stale.headers.location]).toEqual([302, '/section/markets/']);
    expect((await get('/tag/no-such-tag/?before=2026-01-01T00:00:00.000Z_1')).statusCode).toBe(404);
  });
});
