import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeArticle } from '../../../test/factories.js';
import { createTestApp, type TestApp, TEST_SITE_URL } from '../../../test/helpers/app.js';
import { describeEachDialect } from '../../../test/helpers/database.js';
import { LOGO } from './head.js';

const SITE = TEST_SITE_URL;
const VENEZUELA = 'us-venezuela-military-contact-maduro';
const validator = new HtmlValidate({ extends: ['html-validate:standard'], rules: { 'long-title': 'off' } });

async function expectValidHtml(html: string) {
  const report = await validator.validateString(html);
  expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message} (line ${m.line})`))).toEqual([]);
}

// A JSON-LD block as parsed: open, with the fields these tests read by name (they check their values).
interface Ld {
  '@type'?: unknown;
  [field: string]: unknown;
}
interface NewsArticleLd extends Ld {
  datePublished: string;
  dateModified: string;
  author: { '@type': string; url: string }[];
  image: string[];
  publisher: { logo: { url: string } };
}
interface BreadcrumbListLd extends Ld {
  itemListElement: { name: string; position: number; item: string }[];
}

/** Every JSON-LD block in a page, parsed. */
function jsonLd(html: string): Ld[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]!) as Ld);
}

const decode = (value: string) =>
  value
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** The page's <meta property|name> values, decoded, in order. */
function metaTags(html: string): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const m of html.matchAll(/<meta (?:property|name)="([^"]+)" content="([^"]*)"\/>/g)) (map[m[1]!] ??= []).push(decode(m[2]!));
  return map;
}

describeEachDialect('page metadata', (dialect) => {
  let t: TestApp;
  let articlePath: string;
  beforeAll(async () => {
    t = await createTestApp(dialect, { seed: true });
    articlePath = (await t.app.inject('/')).body.match(new RegExp(`href="(/\\d{4}/\\d{2}/\\d{2}/${VENEZUELA}/)"`))![1]!;
  });
  afterAll(async () => t.close());
  const get = (url: string) => t.app.inject({ method: 'GET', url });

  it('gives an article Open Graph, Twitter and article tags, NewsArticle and BreadcrumbList JSON-LD, all resolvable', async () => {
    const html = (await get(articlePath)).body;
    await expectValidHtml(html);
    const canonical = SITE + articlePath;
    const headline = decode(html.match(/<h1 class="story-title">([^<]+)<\/h1>/)![1]!);
    const meta = metaTags(html);
    expect(meta.description?.[0]).toMatch(/^The White House says/);
    expect(meta['og:type']).toEqual(['article']);
    expect(meta['og:title']).toEqual([headline]);
    expect(meta['og:url']).toEqual([canonical]);
    expect(meta['og:site_name']).toEqual(['Dateline']);
    expect(meta['og:description']).toEqual(meta.description);
    expect(meta['og:image']?.[0]).toMatch(new RegExp(`^${SITE}/media/\\d{4}/\\d{2}/[0-9a-f]{16}/original\\.jpg$`));
    expect(meta['og:image:width']).toEqual(['1200']);
    expect(meta['og:image:height']).toEqual(['675']);
    expect(meta['og:image:alt']?.[0]?.length).toBeGreaterThan(10);
    expect(meta['twitter:card']).toEqual(['summary_large_image']);
    expect(meta['article:section']).toEqual(['Americas']);
    expect(meta['article:tag']).toEqual(['Sanctions', 'Venezuela']);
    expect(meta['article:published_time']?.[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    const blocks = jsonLd(html);
    expect(blocks.map((b) => b['@type'])).toEqual(['NewsArticle', 'BreadcrumbList']);
    const [news, crumbs] = blocks as [NewsArticleLd, BreadcrumbListLd];
    expect(news['@context']).toBe('https://schema.org');
    expect(news.headline).toBe(headline);
    expect(news.mainEntityOfPage).toEqual({ '@type': 'WebPage', '@id': canonical });
    expect(news.datePublished).toBe(meta['article:published_time']![0]);
    expect(news.dateModified).toBe(meta['article:modified_time']![0]);
    expect(new Date(news.dateModified).getTime()).toBeGreaterThan(new Date(news.datePublished).getTime());
    expect(news.author).toHaveLength(2);
    expect(news.articleSection).toEqual(['Americas', 'Politics']);
    expect(news.keywords).toEqual(['Sanctions', 'Venezuela']);
    expect(news.image).toEqual(meta['og:image']);
    expect(news.publisher).toMatchObject({ '@type': 'Organization', name: 'Dateline', url: `${SITE}/` });
    expect(news.publisher.logo).toMatchObject({ '@type': 'ImageObject', width: LOGO.width, height: LOGO.height });
    for (const author of news.author) {
      expect(author['@type']).toBe('Person');
      expect((await get(author.url.slice(SITE.length))).statusCode, author.url).toBe(200);
    }
    expect((await get(news.image[0]!.slice(SITE.length))).statusCode).toBe(200);
    // The logo is a PNG of the size the JSON-LD says (Google wants a raster logo).
    const logo = await get(news.publisher.logo.url.slice(SITE.length));
    expect(logo.statusCode).toBe(200);
    expect(logo.headers['content-type']).toBe('image/png');
    expect([logo.rawPayload.readUInt32BE(16), logo.rawPayload.readUInt32BE(20)]).toEqual([LOGO.width, LOGO.height]);

    expect(crumbs.itemListElement.map((c) => c.name)).toEqual(['Home', 'World', 'Americas', headline]);
    expect(crumbs.itemListElement.map((c) => c.position)).toEqual([1, 2, 3, 4]);
    for (const crumb of crumbs.itemListElement) expect((await get(crumb.item.slice(SITE.length))).statusCode, crumb.item).toBe(200);
  });

  it('gives the front page WebSite with a SearchAction that targets the search page', async () => {
    const html = (await get('/')).body;
    await expectValidHtml(html);
    const [site, org] = jsonLd(html) as [Ld, Ld];
    expect(site['@type']).toBe('WebSite');
    expect(site.url).toBe(`${SITE}/`);
    expect(site.potentialAction).toEqual({
      '@type': 'SearchAction',
      target: { '@type': 'EntryPoint', urlTemplate: `${SITE}/search?q={search_term_string}` },
      'query-input': 'required name=search_term_string',
    });
    expect(org['@type']).toBe('Organization');
    const meta = metaTags(html);
    expect(meta['og:type']).toEqual(['website']);
    expect(meta['og:url']).toEqual([`${SITE}/`]);
    expect(meta['twitter:card']).toEqual(['summary']);
    expect(meta['og:image']?.[0]).toMatch(new RegExp(`^${SITE}/assets/logo\\.[0-9a-f]{10}\\.png$`));
  });

  it('gives section archives breadcrumbs with their ancestors, and every page a description and a canonical URL', async () => {
    const html = (await get('/section/americas/')).body;
    const [crumbs] = jsonLd(html) as [BreadcrumbListLd];
    expect(crumbs['@type']).toBe('BreadcrumbList');
    expect(crumbs.itemListElement.map((c) => [c.name, c.item])).toEqual([
      ['Home', `${SITE}/`],
      ['World', `${SITE}/section/world/`],
      ['Americas', `${SITE}/section/americas/`],
    ]);
    for (const path of ['/', articlePath, '/section/americas/', '/tag/venezuela/', '/about/', '/search?q=oil', '/no/such/page/']) {
      const page = (await get(path)).body;
      const meta = metaTags(page);
      expect(meta.description?.[0]?.length, path).toBeGreaterThan(0);
      expect(meta['og:title']?.length, path).toBe(1);
      expect(page, path).toMatch(/<link rel="canonical" href="http:\/\/news\.test\/[^"]*"\/>/);
    }
    expect(metaTags((await get('/about/')).body).description?.[0]).not.toBe('Independent news, told plainly');
  });

  it('marks archive pages after the first noindex, as a setting', async () => {
    await t.app.services.settings.update({ postsPerPage: 2 });
    try {
      const robots = async (path: string) => metaTags((await get(path)).body).robots;
      expect(await robots('/section/markets/')).toBeUndefined();
      expect(await robots('/section/markets/page/2/')).toEqual(['noindex, follow']);
      expect(await robots('/search?q=the')).toEqual(['noindex, follow']);
      await expectValidHtml((await get('/section/markets/page/2/')).body);
      await t.app.services.settings.update({ noindexPaginatedArchives: false });
      expect(await robots('/section/markets/page/2/')).toBeUndefined();
    } finally {
      await t.app.services.settings.update({ postsPerPage: 10, noindexPaginatedArchives: true });
    }
  });

  it('renders the canonical URL and the noindex a story declares in its head, and neither when it declares none', async () => {
    const plain = (await get(articlePath)).body;
    expect(plain).toContain(`<link rel="canonical" href="${SITE}${articlePath}"/>`);
    expect(metaTags(plain).robots).toBeUndefined();
    const id = await makeArticle(t.app.services, {
      title: 'Syndicated story',
      seoCanonical: 'https://partner.example/original/story?id=7&src=feed',
      seoNoindex: true,
    });
    const path = (await t.app.services.articles.findPublishedById(id))!.path;
    const html = (await get(path)).body;
    expect(html).toContain('<link rel="canonical" href="https://partner.example/original/story?id=7&amp;src=feed"/>');
    expect(metaTags(html)['og:url']).toEqual(['https://partner.example/original/story?id=7&src=feed']);
    expect(metaTags(html).robots).toEqual(['noindex, follow']);
    expect(html.match(/rel="canonical"/g)).toHaveLength(1);
    await expectValidHtml(html);
  });

  it('refuses a canonical URL that is not an absolute http(s) address, naming the field', async () => {
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', '//evil.example/', '/relative/', 'https://user:pw@x.example/', 'ftp://x.example/']) {
      const error = await t.app.services.articles.create({ title: 'Bad canonical', seoCanonical: bad }).catch((e: unknown) => e);
      expect([bad, (error as { details?: Record<string, string> }).details?.seoCanonical]).toEqual([bad, expect.stringMatching(/^Enter a full address/)]);
    }
  });

  it('keeps hostile headlines inside their JSON-LD block', async () => {
    const title = 'Breaking </script><script>alert(1)</script> <!-- \u2028 & more';
    const id = await makeArticle(t.app.services, { title });
    const article = await t.app.services.articles.findPublishedById(id);
    const html = (await get(article!.path)).body;
    expect(html).not.toContain('<script>alert(1)');
    const blocks = jsonLd(html);
    // (The service folds whitespace in headlines, U+2028 included.)
    expect(blocks[0]!.headline).toBe(article!.title);
    expect((blocks[1] as BreadcrumbListLd).itemListElement.at(-1)?.name).toBe(article!.title);
    expect(article!.title).toContain('</script><script>alert(1)</script> <!--');
    await expectValidHtml(html);
  });
});
