import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeArticle, makePerson, makeSection } from '../../test/factories.js';
import { createTestApp, type TestApp, TEST_SITE_URL } from '../../test/helpers/app.js';
import { describeEachDialect } from '../../test/helpers/database.js';

/** Upper-case percent-encoding (what Dateline writes and browsers send) and WordPress's lower-case form. */
const upper = (text: string) => encodeURIComponent(text);
const lower = (text: string) => encodeURIComponent(text).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());

describeEachDialect('unicode slugs on the site', (dialect) => {
  let t: TestApp;
  let articleId: number;
  const get = (url: string) => t.app.inject({ method: 'GET', url });
  beforeAll(async () => {
    t = await createTestApp(dialect);
    const section = await makeSection(t.app.services, { name: 'ニュース', slug: 'ニュース' });
    const person = await makePerson(t.app.services, { displayName: 'Иван Петров', slug: 'иван-петров' });
    const tag = await t.app.services.taxonomy.ensureTag('Ελλάδα');
    articleId = await makeArticle(t.app.services, {
      title: '選挙が始まる',
      primarySectionId: section.id,
      authorIds: [person.id],
      tagIds: [tag],
      publishedAt: '2026-01-05T12:00:00.000Z',
    });
    await t.app.services.pages.create({ title: 'О нас', body: '<p>Кто мы.</p>', status: 'published' });
  });
  afterAll(async () => t.close());

  describe('the article', () => {
    const path = `/2026/01/05/${upper('選挙が始まる')}/`;

    it('gets a unicode slug from its headline and is served at its encoded address, however the escapes are cased', async () => {
      const article = await t.app.services.articles.findPublishedById(articleId);
      expect(article?.slug).toBe('選挙が始まる');
      expect(article?.path).toBe(path);
      for (const url of [path, `/2026/01/05/${lower('選挙が始まる')}/`]) {
        const res = await get(url);
        expect([url, res.statusCode]).toEqual([url, 200]);
        expect(res.body).toContain(`<link rel="canonical" href="${TEST_SITE_URL}${path}"/>`);
        expect(res.body).toContain(`<meta property="og:url" content="${TEST_SITE_URL}${path}"/>`);
      }
    });

    it('links its section, tag and byline by their encoded addresses', async () => {
      const html = (await get(path)).body;
      expect(html).toContain(`href="/section/${upper('ニュース')}/"`);
      expect(html).toContain(`href="/tag/${upper('ελλάδα')}/" rel="tag"`);
      expect(html).toContain(`href="/author/${upper('иван-петров')}/" rel="author"`);
      expect(html).not.toMatch(/href="[^"]*[^\x20-\x7e"][^"]*"/);
    });

    it('redirects other forms of its address to the canonical one, with an ASCII Location', async () => {
      // Another date, a decomposed form of the same text (NFD), and the page route's /{slug}/ form.
      const decomposed = '選挙が始まる'.normalize('NFD');
      expect(decomposed).not.toBe('選挙が始まる');
      for (const url of [`/2020/01/01/${upper('選挙が始まる')}/`, `/2026/01/05/${upper(decomposed)}/`, `/${upper('選挙が始まる')}/`]) {
        const res = await get(url);
        expect([url, res.statusCode, res.headers.location]).toEqual([url, 301, path]);
      }
    });

    it('is in the feeds, the news sitemap and the month sitemap at its encoded address', async () => {
      expect((await get('/feed/')).body).toContain(`<link>${TEST_SITE_URL}${path}</link>`);
      const json = JSON.parse((await get('/feed/json/')).body) as { items: { url: string; authors: { url: string }[] }[] };
      expect(json.items[0]).toMatchObject({ url: `${TEST_SITE_URL}${path}`, authors: [{ url: `${TEST_SITE_URL}/author/${upper('иван-петров')}/` }] });
      // The news sitemap has the last two days' stories.
      const today = await t.app.services.articles.findPublishedById(await makeArticle(t.app.services, { title: 'Новости дня' }));
      expect(today?.path).toMatch(new RegExp(`/${upper('новости-дня')}/$`));
      expect((await get('/sitemaps/news.xml')).body).toContain(`<loc>${TEST_SITE_URL}${today!.path}</loc>`);
      const month = await get('/sitemaps/articles-2026-01.xml');
      expect(month.statusCode).toBe(200);
      expect(month.body).toContain(`<loc>${TEST_SITE_URL}${path}</loc>`);
      expect(month.body).not.toMatch(/<loc>[^<]*[^\x20-\x7e][^<]*<\/loc>/);
    });

    it('has a comment feed at its encoded address', async () => {
      const res = await get(`${path}comments/feed/`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(`${TEST_SITE_URL}${path}`);
    });
  });

  it.each([
    ['section', 'ニュース'],
    ['tag', 'ελλάδα'],
    ['author', 'иван-петров'],
  ])('serves the %s archive at %s, encoded either way, with its feed and an encoded canonical link', async (prefix, slug) => {
    const canonical = `/${prefix}/${upper(slug)}/`;
    for (const url of [canonical, `/${prefix}/${lower(slug)}/`]) {
      const res = await get(url);
      expect([url, res.statusCode]).toEqual([url, 200]);
      expect(res.body).toContain(`<link rel="canonical" href="${TEST_SITE_URL}${canonical}"/>`);
      expect(res.body).toContain(`href="/2026/01/05/${upper('選挙が始まる')}/"`);
    }
    const feed = await get(`${canonical}feed/atom/`);
    expect(feed.statusCode).toBe(200);
    expect(feed.body).toContain(`href="${TEST_SITE_URL}${canonical}"`);
    expect((await get(`${canonical}page/1/`)).headers.location).toBe(canonical);
  });

  it('serves a static page at its unicode slug and lists it in the menu and the sitemap, encoded', async () => {
    const path = `/${upper('о-нас')}/`;
    for (const url of [path, `/${lower('о-нас')}/`]) {
      const res = await get(url);
      expect([url, res.statusCode]).toEqual([url, 200]);
      expect(res.body).toContain(`<link rel="canonical" href="${TEST_SITE_URL}${path}"/>`);
      expect(res.body).toContain(`<a href="${path}">О нас</a>`);
    }
    expect((await get('/sitemaps/pages.xml')).body).toContain(`<loc>${TEST_SITE_URL}${path}</loc>`);
  });

  it('lists sections, tags and authors in their sitemaps by encoded addresses', async () => {
    expect((await get('/sitemaps/sections.xml')).body).toContain(`<loc>${TEST_SITE_URL}/section/${upper('ニュース')}/</loc>`);
    expect((await get('/sitemaps/tags.xml')).body).toContain(`<loc>${TEST_SITE_URL}/tag/${upper('ελλάδα')}/</loc>`);
    expect((await get('/sitemaps/authors.xml')).body).toContain(`<loc>${TEST_SITE_URL}/author/${upper('иван-петров')}/</loc>`);
  });

  it('follows the redirect a renamed unicode tag leaves, however the old address is encoded', async () => {
    const tag = await t.app.services.taxonomy.ensureTag('Κρήτη');
    await t.app.services.taxonomy.renameTag(tag, { name: 'Κρήτη νέα', slug: 'κρήτη-νέα' });
    for (const url of [`/tag/${upper('κρήτη')}/`, `/tag/${lower('κρήτη')}/feed/`]) {
      const res = await get(url);
      expect([url, res.statusCode]).toEqual([url, 301]);
      expect(res.headers.location).toBe(url.replace(/^\/tag\/[^/]+\//, `/tag/${upper('κρήτη-νέα')}/`));
    }
  });

  it('answers an unknown unicode slug with the 404 page, not an error', async () => {
    for (const url of [`/${upper('неизвестно')}/`, `/tag/${upper('неизвестно')}/`, `/2026/01/05/${upper('неизвестно')}/`]) {
      expect([url, (await get(url)).statusCode]).toEqual([url, 404]);
    }
  });
});
