import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeArticle, makePerson, makeSection } from '../../../test/factories.js';
import { createTestApp, type TestApp, TEST_SITE_URL } from '../../../test/helpers/app.js';
import { ManualClock } from '../../../test/helpers/clock.js';
import { describeEachDialect } from '../../../test/helpers/database.js';
import { sitemapSchemasAvailable, xmllint, xmllintAvailable } from '../../../test/helpers/xmllint.js';
import { SITEMAP_LIMITS } from './sitemap-xml.js';

const SITE = TEST_SITE_URL;
const HOUR = 3600_000;

const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
const lastmodOf = (xml: string, loc: string) =>
  new RegExp(`<loc>${loc.replace(/[.?*+^$[\]\\(){}|-]/g, '\\$&')}</loc><lastmod>([^<]+)</lastmod>`).exec(xml)?.[1];

function expectValid(xml: string, schema: 'sitemap.xsd' | 'siteindex.xsd') {
  if (!sitemapSchemasAvailable) return;
  const result = xmllint(xml, schema);
  expect(result.output).toMatch(/validates$/);
  expect(result.ok).toBe(true);
}

describeEachDialect('sitemaps and robots.txt', (dialect) => {
  let t: TestApp;
  let clock: ManualClock;
  const paths = new Map<string, string>();

  beforeAll(async () => {
    clock = new ManualClock('2026-03-10T12:00:00.000Z');
    t = await createTestApp(dialect, { clock });
    const { services } = t.app;
    const world = await makeSection(services, { name: 'World', slug: 'world' });
    const americas = await makeSection(services, { name: 'Americas', slug: 'americas', parentId: world.id });
    await makeSection(services, { name: 'Empty', slug: 'empty' });
    const ana = await makePerson(services, { displayName: 'Ana', slug: 'ana' });
    const bo = await makePerson(services, { displayName: 'Bo', slug: 'bo' });
    await makePerson(services, { displayName: 'Drafty', slug: 'drafty' });
    const rates = await services.taxonomy.ensureTag('Rates');
    const oil = await services.taxonomy.ensureTag('Oil');
    const secret = await services.taxonomy.ensureTag('Secret');
    const story = async (slug: string, publishedAt: string | null, extra: Parameters<typeof makeArticle>[1] = {}) => {
      const id = await makeArticle(services, { title: `Story ${slug}`, slug, primarySectionId: americas.id, publishedAt, ...extra });
      const article = await services.articles.findPublishedById(id);
      if (article) paths.set(slug, article.path);
      return id;
    };
    await story('jan-a', '2026-01-05T10:00:00.000Z', { tagIds: [rates], authorIds: [ana.id] });
    await story('jan-b', '2026-01-20T10:00:00.000Z', { tagIds: [oil] });
    await story('jan-c', '2026-01-31T23:59:59.000Z', { authorIds: [bo.id] });
    await story('feb-a', '2026-02-01T00:00:00.000Z');
    await story('mar-old', '2026-03-08T11:00:00.000Z');
    await story('mar-edge', '2026-03-08T12:30:00.000Z', { title: 'Edge & <news>' });
    await story('mar-new', '2026-03-09T13:00:00.000Z');
    await story('draft', null, { tagIds: [secret], authorIds: [(await services.people.findBySlug('drafty'))!.id] });
    await services.pages.create({ title: 'About us', slug: 'about', body: '<p>Who we are.</p>', status: 'published' });
    await services.pages.create({ title: 'Unfinished', slug: 'unfinished', status: 'draft' });
  });
  afterAll(async () => t.close());

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

  it('serves a sitemap index of paged child sitemaps, valid against the sitemaps.org schema, with lastmod', async () => {
    const res = await get('/sitemap.xml');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    expectValid(res.body, 'siteindex.xsd');
    expect(locs(res.body)).toEqual([
      `${SITE}/sitemaps/sections.xml`,
      `${SITE}/sitemaps/articles-2026-01.xml`,
      `${SITE}/sitemaps/articles-2026-02.xml`,
      `${SITE}/sitemaps/articles-2026-03.xml`,
      `${SITE}/sitemaps/tags.xml`,
      `${SITE}/sitemaps/authors.xml`,
      `${SITE}/sitemaps/pages.xml`,
    ]);
    expect(lastmodOf(res.body, `${SITE}/sitemaps/articles-2026-01.xml`)).toBe('2026-01-31T23:59:59Z');
    expect(lastmodOf(res.body, `${SITE}/sitemaps/articles-2026-03.xml`)).toBe('2026-03-09T13:00:00Z');
    expect(lastmodOf(res.body, `${SITE}/sitemaps/tags.xml`)).toBe('2026-01-20T10:00:00Z');
    expect(lastmodOf(res.body, `${SITE}/sitemaps/sections.xml`)).toBe('2026-03-09T13:00:00Z');
  });

  it('lists each month’s published articles, and the sections, tags, authors and pages, each file schema-valid', async () => {
    const children: Record<string, string[]> = {};
    for (const loc of locs((await get('/sitemap.xml')).body)) {
      const res = await get(loc.slice(SITE.length));
      expect(res.statusCode, loc).toBe(200);
      expectValid(res.body, 'sitemap.xsd');
      children[loc.slice(`${SITE}/sitemaps/`.length)] = locs(res.body);
    }
    expect(children['articles-2026-01.xml']).toEqual(['jan-a', 'jan-b', 'jan-c'].map((s) => SITE + paths.get(s)));
    // The month is the UTC month of publication: midnight on the 1st belongs to the new month.
    expect(children['articles-2026-02.xml']).toEqual([SITE + paths.get('feb-a')]);
    expect(children['articles-2026-03.xml']).toHaveLength(3);
    // The front page first, then the sections in menu order, subsections after their parents.
    expect(children['sections.xml']).toEqual([`${SITE}/`, `${SITE}/section/empty/`, `${SITE}/section/world/`, `${SITE}/section/americas/`]);
    // Only tags and people with published stories: an archive of drafts would be empty.
    expect(children['tags.xml']).toEqual([`${SITE}/tag/rates/`, `${SITE}/tag/oil/`]);
    expect(children['authors.xml']).toEqual([`${SITE}/author/ana/`, `${SITE}/author/bo/`]);
    expect(children['pages.xml']).toEqual([`${SITE}/about/`]);
    const sections = (await get('/sitemaps/sections.xml')).body;
    // A parent section changes when a story in a subsection does; a section with no stories has no lastmod.
    expect(lastmodOf(sections, `${SITE}/section/world/`)).toBe('2026-03-09T13:00:00Z');
    expect(sections).toContain(`<url><loc>${SITE}/section/empty/</loc></url>`);
    const articles = (await get('/sitemaps/articles-2026-01.xml')).body;
    expect(lastmodOf(articles, SITE + paths.get('jan-b'))).toBe('2026-01-20T10:00:00Z');
  });

  it('pages every group once it outgrows the per-file limit', async () => {
    const saved = SITEMAP_LIMITS.maxUrls;
    SITEMAP_LIMITS.maxUrls = 2;
    try {
      const index = await get('/sitemap.xml');
      expectValid(index.body, 'siteindex.xsd');
      const children = locs(index.body).map((loc) => loc.slice(`${SITE}/sitemaps/`.length));
      expect(children).toEqual([
        'sections.xml',
        'sections-2.xml',
        'articles-2026-01.xml',
        'articles-2026-01-2.xml',
        'articles-2026-02.xml',
        'articles-2026-03.xml',
        'articles-2026-03-2.xml',
        'tags.xml',
        'authors.xml',
        'pages.xml',
      ]);
      const all: string[] = [];
      for (const child of children) {
        const res = await get(`/sitemaps/${child}`);
        expect(res.statusCode, child).toBe(200);
        expectValid(res.body, 'sitemap.xsd');
        expect(locs(res.body).length, child).toBeLessThanOrEqual(2);
        all.push(...locs(res.body));
      }
      expect(new Set(all).size).toBe(all.length);
      expect(all.filter((loc) => /\/\d{4}\/\d{2}\/\d{2}\//.test(loc))).toHaveLength(7);
      expect((await get('/sitemaps/articles-2026-01-3.xml')).statusCode).toBe(404);
    } finally {
      SITEMAP_LIMITS.maxUrls = saved;
    }
  });

  it('splits a month at the real file size, 1,000 URLs, and keeps its count when stories are written straight to the table', async () => {
    const local = await createTestApp(dialect, { clock: new ManualClock('2026-03-10T12:00:00.000Z') });
    try {
      const size = SITEMAP_LIMITS.maxUrls;
      expect(size).toBe(1000);
      // A bulk load (the benchmark's, a restore) bypasses the services; the kept figures follow it all the same.
      const time = (i: number) => new Date(Date.UTC(2025, 5, 1) + i * 60_000).toISOString();
      const rows = Array.from({ length: size + 1 }, (_, i) => ({
        slug: `bulk-${i}`,
        title: `Bulk ${i}`,
        standfirst: '',
        body: '',
        status: 'published' as const,
        created_at: time(i),
        updated_at: time(i),
        published_at: time(i),
        featured_image_alt: '',
        featured_image_caption: '',
        featured_image_credit: '',
        comments_open: true,
        seo_title: '',
        seo_description: '',
        seo_noindex: false,
        pinned: false,
        version: 1,
      }));
      for (let i = 0; i < rows.length; i += 200)
        await local.database.db
          .insertInto('articles')
          .values(rows.slice(i, i + 200))
          .execute();
      const lget = (url: string) => local.app.inject({ method: 'GET', url });
      const index = locs((await lget('/sitemap.xml')).body).filter((loc) => loc.includes('/articles-'));
      expect(index).toEqual([`${SITE}/sitemaps/articles-2025-06.xml`, `${SITE}/sitemaps/articles-2025-06-2.xml`]);
      const first = await lget('/sitemaps/articles-2025-06.xml');
      const second = await lget('/sitemaps/articles-2025-06-2.xml');
      expectValid(first.body, 'sitemap.xsd');
      expectValid(second.body, 'sitemap.xsd');
      expect(locs(first.body)).toHaveLength(size);
      expect(locs(first.body)[0]).toBe(`${SITE}/2025/06/01/bulk-0/`);
      expect(locs(second.body)).toEqual([`${SITE}/2025/06/01/bulk-${size}/`]);
    } finally {
      await local.close();
    }
  });

  it('404s sitemap files that do not exist', async () => {
    for (const file of ['nope.xml', 'articles-2026-13.xml', 'articles-2025-01.xml', 'tags-1.xml', 'tags-2.xml', 'sections.txt']) {
      expect((await get(`/sitemaps/${file}`)).statusCode, file).toBe(404);
    }
  });

  it('serves a Google News sitemap of the last 48 hours’ articles, newest first', async () => {
    const res = await get('/sitemaps/news.xml');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    if (xmllintAvailable) expect(xmllint(res.body).ok).toBe(true);
    expect(res.body).toContain('xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"');
    expect(res.body).toContain('xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"');
    expect(locs(res.body)).toEqual([SITE + paths.get('mar-new'), SITE + paths.get('mar-edge')]);
    const urls = [...res.body.matchAll(/<url>([\s\S]*?)<\/url>/g)].map((m) => m[1]!);
    for (const url of urls) {
      const news = /<news:news>([\s\S]*)<\/news:news>/.exec(url)?.[1] ?? '';
      expect(news).toMatch(/<news:publication>\s*<news:name>Dateline<\/news:name>\s*<news:language>en<\/news:language>\s*<\/news:publication>/);
      expect(news).toMatch(/<news:publication_date>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z<\/news:publication_date>/);
      expect(news).toMatch(/<news:title>[^<]+<\/news:title>/);
    }
    expect(urls[1]).toContain('<news:publication_date>2026-03-08T12:30:00Z</news:publication_date>');
    expect(urls[1]).toContain('<news:title>Edge &amp; &lt;news&gt;</news:title>');

    // A day later, only what was published in the 48 hours before then.
    clock.advance(24 * HOUR);
    try {
      expect(locs((await get('/sitemaps/news.xml')).body)).toEqual([SITE + paths.get('mar-new')]);
      clock.advance(24 * HOUR);
      const empty = await get('/sitemaps/news.xml');
      expect(locs(empty.body)).toEqual([]);
      if (xmllintAvailable) expect(xmllint(empty.body).ok).toBe(true);
    } finally {
      clock.advance(-48 * HOUR);
    }
  });

  it('leaves stories marked noindex out of the article sitemaps, as Yoast does, and keeps them in the feeds', async () => {
    const local = await createTestApp(dialect, { clock: new ManualClock('2026-03-10T12:00:00.000Z') });
    try {
      const { services } = local.app;
      const tag = await services.taxonomy.ensureTag('Hidden');
      const hidden = await makeArticle(services, { title: 'Hidden', slug: 'hidden', tagIds: [tag], seoNoindex: true, publishedAt: '2026-03-09T10:00:00.000Z' });
      await makeArticle(services, { title: 'Also hidden', slug: 'also-hidden', seoNoindex: true, publishedAt: '2026-02-09T10:00:00.000Z' });
      const shown = await makeArticle(services, { title: 'Shown', slug: 'shown', publishedAt: '2026-03-09T11:00:00.000Z' });
      const path = async (id: number) => SITE + (await services.articles.findPublishedById(id))!.path;
      const lget = (url: string) => local.app.inject({ method: 'GET', url });
      // February has only a hidden story: no file for it in the index, and none to fetch.
      const index = locs((await lget('/sitemap.xml')).body);
      expect(index).toContain(`${SITE}/sitemaps/articles-2026-03.xml`);
      expect(index).not.toContain(`${SITE}/sitemaps/articles-2026-02.xml`);
      expect((await lget('/sitemaps/articles-2026-02.xml')).statusCode).toBe(404);
      expect(locs((await lget('/sitemaps/articles-2026-03.xml')).body)).toEqual([await path(shown)]);
      expect(locs((await lget('/sitemaps/news.xml')).body)).toEqual([await path(shown)]);
      // Its tag's page is indexed: the tag stays in its sitemap. Feeds carry the story.
      expect(locs((await lget('/sitemaps/tags.xml')).body)).toEqual([`${SITE}/tag/hidden/`]);
      expect((await lget('/feed/')).body).toContain(`<link>${await path(hidden)}</link>`);
      // Indexed again, it is back.
      await services.articles.update(hidden, { seoNoindex: false });
      expect(locs((await lget('/sitemaps/articles-2026-03.xml')).body)).toEqual([await path(hidden), await path(shown)]);
    } finally {
      await local.close();
    }
  });

  it('answers conditional requests with 304 and changes when a story does', async () => {
    const first = await get('/sitemap.xml');
    // The newest change anywhere in it: the About page, created at the clock's start.
    expect(first.headers['last-modified']).toBe('Tue, 10 Mar 2026 12:00:00 GMT');
    expect((await get('/sitemap.xml', { 'if-none-match': first.headers.etag as string })).statusCode).toBe(304);
    expect((await get('/sitemap.xml', { 'if-modified-since': first.headers['last-modified'] as string })).statusCode).toBe(304);
    const child = await get('/sitemaps/articles-2026-01.xml');
    expect((await get('/sitemaps/articles-2026-01.xml', { 'if-none-match': child.headers.etag as string })).statusCode).toBe(304);
    const news = await get('/sitemaps/news.xml');
    expect((await get('/sitemaps/news.xml', { 'if-none-match': news.headers.etag as string })).statusCode).toBe(304);

    const article = await t.app.services.articles.findPublishedBySlug('jan-b');
    await t.app.services.articles.setUpdatedAt(article!.id, '2026-03-10T12:30:00.000Z');
    const changed = await get('/sitemaps/articles-2026-01.xml', { 'if-none-match': child.headers.etag as string });
    expect(changed.statusCode).toBe(200);
    expect(lastmodOf(changed.body, SITE + paths.get('jan-b'))).toBe('2026-03-10T12:30:00Z');
    const index = await get('/sitemap.xml', { 'if-modified-since': first.headers['last-modified'] as string });
    expect(index.statusCode).toBe(200);
    expect(index.headers['last-modified']).toBe('Tue, 10 Mar 2026 12:30:00 GMT');
    expect(lastmodOf(index.body, `${SITE}/sitemaps/articles-2026-01.xml`)).toBe('2026-03-10T12:30:00Z');
  });

  it('serves robots.txt that allows the site, keeps crawlers out of the newsroom and search, and names the sitemaps', async () => {
    const res = await get('/robots.txt');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    const lines = res.body.split('\n');
    expect(lines.slice(0, 4)).toEqual(['User-agent: *', 'Allow: /', 'Disallow: /newsroom/', 'Disallow: /search']);
    expect(lines.filter((line) => line.startsWith('Sitemap: '))).toEqual([`Sitemap: ${SITE}/sitemap.xml`, `Sitemap: ${SITE}/sitemaps/news.xml`]);
    for (const line of lines.filter((l) => l.startsWith('Sitemap: '))) {
      expect((await get(line.slice('Sitemap: '.length + SITE.length))).statusCode).toBe(200);
    }
    expect((await get('/robots.txt', { 'if-none-match': res.headers.etag as string })).statusCode).toBe(304);
  });
});
