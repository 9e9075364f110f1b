import { parseFeed } from '@rowanmanning/feed-parser';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeArticle, makePerson, makeSection } from '../../../test/factories.js';
import { createTestApp, type TestApp, TEST_SITE_URL } from '../../../test/helpers/app.js';
import { ManualClock } from '../../../test/helpers/clock.js';
import { describeEachDialect } from '../../../test/helpers/database.js';

const SITE = TEST_SITE_URL;

describeEachDialect('story feeds', (dialect) => {
  let t: TestApp;
  let clock: ManualClock;
  let leadId: number;
  let otherId: number;
  let leadPath: string;
  let authorSlug: string;

  beforeAll(async () => {
    clock = new ManualClock('2026-02-09T12:00:00.000Z');
    t = await createTestApp(dialect, { clock });
    const { services } = t.app;
    const world = await makeSection(services, { name: 'World', slug: 'world' });
    const americas = await makeSection(services, { name: 'Americas', slug: 'americas', parentId: world.id });
    const markets = await makeSection(services, { name: 'Markets', slug: 'markets' });
    const author = await makePerson(services, { displayName: 'Ana Correspondent', slug: 'ana-correspondent' });
    authorSlug = author.slug;
    const tagId = await services.taxonomy.ensureTag('Central banks');
    leadId = await makeArticle(services, {
      title: 'Rates & <risks> rise',
      standfirst: 'Central banks move “together”.',
      body: '<p>See <a href="/section/world/">World</a> and <a href="https://example.com/x?a=1&amp;b=2">this</a>.</p><p><img src="/media/chart.png" alt="A chart" width="10" height="10" /></p>',
      primarySectionId: americas.id,
      tagIds: [tagId],
      authorIds: [author.id],
      image: { url: '/media/lead.png', alt: 'Traders', caption: 'On the floor', credit: '', width: 1200, height: 675 },
      publishedAt: '2026-02-08T09:30:00.000Z',
    });
    otherId = await makeArticle(services, { title: 'Copper slips', primarySectionId: markets.id, publishedAt: '2026-02-09T08:00:00.000Z' });
    await makeArticle(services, { title: 'Unpublished draft', primarySectionId: americas.id, publishedAt: null });
    leadPath = (await services.articles.findPublishedById(leadId))!.path;
  });
  afterAll(async () => t.close());

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

  it('publishes the site as RSS 2.0 that a feed reader parses, with absolute URLs, RFC 822 dates and full content', async () => {
    const res = await get('/feed/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    const feed = parseFeed(res.body);
    expect(feed.meta.type).toBe('rss');
    expect(feed.title).toBe('Dateline');
    expect(feed.url).toBe(`${SITE}/`);
    expect(feed.self).toBe(`${SITE}/feed/`);
    expect(feed.language).toBe('en');
    expect(feed.items.map((item) => item.title)).toEqual(['Copper slips', 'Rates & <risks> rise']);
    const lead = feed.items[1]!;
    expect(lead.id).toBe(`${SITE}/?p=${leadId}`);
    expect(lead.url).toBe(SITE + leadPath);
    expect(lead.published?.toISOString()).toBe('2026-02-08T09:30:00.000Z');
    expect(lead.authors.map((a) => a.name)).toEqual(['Ana Correspondent']);
    expect(lead.categories.map((c) => c.term)).toEqual(['Americas', 'Central banks']);
    expect(lead.description).toBe('Central banks move “together”.');
    // Every URL in the content is absolute; the lead image comes first as a figure.
    expect(lead.content).toContain(`<img src="${SITE}/media/lead.png" alt="Traders" width="1200" height="675"/>`);
    expect(lead.content).toContain(`<a href="${SITE}/section/world/">World</a>`);
    expect(lead.content).toContain(`<img src="${SITE}/media/chart.png"`);
    expect(lead.content).toContain('href="https://example.com/x?a=1&b=2"');
    expect(lead.content).not.toMatch(/(src|href)="\//);
    // The wire format: RFC 822 dates, one escaping of text, GUIDs that are not permalinks.
    expect(res.body).toContain('<pubDate>Sun, 08 Feb 2026 09:30:00 +0000</pubDate>');
    expect(res.body).toContain('<lastBuildDate>Mon, 09 Feb 2026 08:00:00 +0000</lastBuildDate>');
    expect(res.body).toContain('<title>Rates &amp; &lt;risks&gt; rise</title>');
    expect(res.body).toContain(`<guid isPermaLink="false">${SITE}/?p=${leadId}</guid>`);
    // A second, independent parser agrees.
    const strict = parseRssFeed(res.body);
    expect(strict.items?.map((item) => item.guid?.value)).toEqual([`${SITE}/?p=${otherId}`, `${SITE}/?p=${leadId}`]);
  });

  it('publishes the same items as Atom 1.0 with RFC 3339 dates', async () => {
    const res = await get('/feed/atom/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const feed = parseFeed(res.body);
    expect(feed.meta.type).toBe('atom');
    expect(feed.self).toBe(`${SITE}/feed/atom/`);
    expect(feed.url).toBe(`${SITE}/`);
    const lead = feed.items.find((item) => item.id === `${SITE}/?p=${leadId}`)!;
    expect(lead.url).toBe(SITE + leadPath);
    expect(lead.title).toBe('Rates & <risks> rise');
    expect(lead.published?.toISOString()).toBe('2026-02-08T09:30:00.000Z');
    expect(lead.content).toContain(`<a href="${SITE}/section/world/">World</a>`);
    expect(lead.authors[0]?.url).toBe(`${SITE}/author/${authorSlug}/`);
    expect(res.body).toContain('<published>2026-02-08T09:30:00.000Z</published>');
    expect(res.body).toMatch(/<updated>2026-02-09T08:00:00\.000Z<\/updated>/);
    const strict = parseAtomFeed(res.body);
    expect(strict.id).toBe(`${SITE}/feed/atom/`);
    expect(strict.entries?.map((entry) => entry.id)).toEqual([`${SITE}/?p=${otherId}`, `${SITE}/?p=${leadId}`]);
  });

  it('publishes JSON Feed 1.1', async () => {
    const res = await get('/feed/json/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/feed+json; charset=utf-8');
    const raw = JSON.parse(res.body) as Record<string, unknown>;
    expect(raw.version).toBe('https://jsonfeed.org/version/1.1');
    const feed = parseJsonFeed(raw);
    expect(feed.title).toBe('Dateline');
    expect(feed.feed_url).toBe(`${SITE}/feed/json/`);
    expect(feed.home_page_url).toBe(`${SITE}/`);
    const lead = feed.items!.find((item) => item.id === `${SITE}/?p=${leadId}`)!;
    expect(lead.url).toBe(SITE + leadPath);
    expect(lead.date_published).toBe('2026-02-08T09:30:00.000Z');
    expect(lead.image).toBe(`${SITE}/media/lead.png`);
    expect(lead.content_html).toContain(`<a href="${SITE}/section/world/">World</a>`);
    expect(lead.summary).toBe('Central banks move “together”.');
    expect(lead.tags).toEqual(['Americas', 'Central banks']);
    expect(lead.authors).toEqual([{ name: 'Ana Correspondent', url: `${SITE}/author/${authorSlug}/` }]);
  });

  it('gives the logo to feed readers where its shape fits: a square one as the icon, a wide one as Atom’s logo only', async () => {
    const feeds = async (base: string) => {
      const [rss, atom, json] = await Promise.all(['', 'atom/', 'json/'].map(async (suffix) => (await get(`${base}${suffix}`)).body));
      // The lenient reader's parser takes all three as they are.
      for (const body of [rss!, atom!]) expect(parseFeed(body).items.length).toBeGreaterThan(0);
      return { rss: parseRssFeed(rss!), atom: parseAtomFeed(atom!), json: parseJsonFeed(JSON.parse(json!)) };
    };
    const png = (width: number, height: number) =>
      sharp({ create: { width, height, channels: 3, background: { r: 20, g: 40, b: 90 } } })
        .png()
        .toBuffer();
    const upload = async (filename: string, width: number, height: number) =>
      t.app.services.media.upload({ bytes: await png(width, height), filename }, { userId: null });

    // Without a logo of its own the site's default (a 512 × 512 PNG) is the icon.
    const plain = await feeds('/feed/');
    expect(plain.atom.icon).toMatch(new RegExp(`^${SITE}/assets/logo\\.[0-9a-f]{10}\\.png$`));
    expect(plain.json.icon).toBe(plain.atom.icon);
    expect(plain.rss.image).toMatchObject({ url: plain.atom.icon, width: 144, height: 144 });

    const square = await upload('square.png', 300, 310);
    await t.app.services.settings.update({ logo: square.id });
    for (const base of ['/feed/', '/section/world/feed/']) {
      const withSquare = await feeds(base);
      expect(withSquare.atom.icon).toBe(SITE + square.url);
      expect(withSquare.atom.logo).toBeUndefined();
      expect(withSquare.json.icon).toBe(SITE + square.url);
      expect(withSquare.rss.image).toMatchObject({ url: SITE + square.url, width: 144, height: 149 });
    }

    const wide = await upload('wide.png', 600, 150);
    await t.app.services.settings.update({ logo: wide.id });
    const withWide = await feeds('/feed/');
    expect(withWide.atom.logo).toBe(SITE + wide.url);
    expect(withWide.atom.icon).toBeUndefined();
    expect(withWide.json.icon).toBeUndefined();
    expect(withWide.json.title).toBe('Dateline');
    expect(withWide.rss.image).toMatchObject({ url: SITE + wide.url, width: 144, height: 36 });
    await t.app.services.settings.update({ logo: null });
  });

  it('keeps every item’s id when its slug and date change, in every format', async () => {
    const before = await Promise.all(['/feed/', '/feed/atom/'].map(async (url) => parseFeed((await get(url)).body)));
    await t.database.db.updateTable('articles').set({ slug: 'rates-renamed', published_at: '2026-02-07T10:00:00.000Z' }).where('id', '=', leadId).execute();
    try {
      const renamedPath = (await t.app.services.articles.findPublishedById(leadId))!.path;
      expect(renamedPath).toBe('/2026/02/07/rates-renamed/');
      for (const [i, url] of ['/feed/', '/feed/atom/'].entries()) {
        const after = parseFeed((await get(url)).body);
        const item = after.items.find((it) => it.url === SITE + renamedPath)!;
        expect(item.id, url).toBe(`${SITE}/?p=${leadId}`);
        expect(
          after.items.map((it) => it.id),
          url,
        ).toEqual(before[i]!.items.map((it) => it.id));
      }
      const json = parseJsonFeed(JSON.parse((await get('/feed/json/')).body));
      expect(json.items!.find((item) => item.url === SITE + renamedPath)?.id).toBe(`${SITE}/?p=${leadId}`);
      // The GUID still resolves: /?p=ID redirects to wherever the story is now.
      expect((await get(`/?p=${leadId}`)).headers.location).toBe(renamedPath);
    } finally {
      await t.database.db
        .updateTable('articles')
        .set({ slug: 'rates-risks-rise', published_at: '2026-02-08T09:30:00.000Z' })
        .where('id', '=', leadId)
        .execute();
    }
  });

  it('has a feed per section (with its subsections), tag and author, in all three formats', async () => {
    const titles = async (url: string) => parseFeed((await get(url)).body).items.map((item) => item.title);
    expect(await titles('/section/world/feed/')).toEqual(['Rates & <risks> rise']);
    expect(await titles('/section/markets/feed/atom/')).toEqual(['Copper slips']);
    expect(await titles('/tag/central-banks/feed/')).toEqual(['Rates & <risks> rise']);
    expect(await titles(`/author/${authorSlug}/feed/atom/`)).toEqual(['Rates & <risks> rise']);
    const section = parseFeed((await get('/section/americas/feed/')).body);
    expect(section.title).toBe('Americas – Dateline');
    expect(section.url).toBe(`${SITE}/section/americas/`);
    expect(section.self).toBe(`${SITE}/section/americas/feed/`);
    const json = parseJsonFeed(JSON.parse((await get('/tag/central-banks/feed/json/')).body));
    expect(json.feed_url).toBe(`${SITE}/tag/central-banks/feed/json/`);
    expect(json.items).toHaveLength(1);
    for (const url of ['/section/nope/feed/', '/tag/nope/feed/atom/', '/author/nope/feed/json/']) expect((await get(url)).statusCode, url).toBe(404);
    expect((await get('/section/NOPE/feed/')).statusCode).toBe(400);
    expect((await get('/feed')).headers.location).toBe('/feed/');
  });

  it('carries summaries only when feedFullContent is off', async () => {
    await t.app.services.settings.update({ feedFullContent: false });
    try {
      const rss = await get('/feed/');
      expect(rss.body).not.toContain('<content:encoded>');
      expect(parseFeed(rss.body).items[1]?.description).toBe('Central banks move “together”.');
      const atom = await get('/feed/atom/');
      expect(atom.body).not.toContain('<content');
      expect(atom.body).toContain('<summary type="text">Central banks move “together”.</summary>');
      const json = parseJsonFeed(JSON.parse((await get('/feed/json/')).body));
      const lead = json.items!.find((item) => item.id === `${SITE}/?p=${leadId}`)!;
      expect(lead.content_html).toBeUndefined();
      expect(lead.content_text).toBe('Central banks move “together”.');
      expect(json.items!.find((item) => item.id === `${SITE}/?p=${otherId}`)?.content_text).toMatch(/^The standfirst of story \d+\.$/);
    } finally {
      await t.app.services.settings.update({ feedFullContent: true });
    }
  });

  it('answers conditional requests with 304 until something changes', async () => {
    for (const url of ['/feed/', '/feed/atom/', '/feed/json/', '/section/world/feed/']) {
      const first = await get(url);
      const etag = first.headers.etag as string;
      const lastModified = first.headers['last-modified'] as string;
      expect(etag, url).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
      expect(first.headers['cache-control']).toBe('public, max-age=300');
      expect(new Date(lastModified).getTime()).toBeGreaterThan(0);
      const byEtag = await get(url, { 'if-none-match': etag });
      expect(byEtag.statusCode, url).toBe(304);
      expect(byEtag.body).toBe('');
      expect(byEtag.headers.etag).toBe(etag);
      expect((await get(url, { 'if-modified-since': lastModified })).statusCode, url).toBe(304);
      expect((await get(url, { 'if-modified-since': 'Sat, 01 Jan 2000 00:00:00 GMT' })).statusCode, url).toBe(200);
      // If-None-Match decides when present, even if the date alone would say "not modified".
      expect((await get(url, { 'if-none-match': 'W/"stale"', 'if-modified-since': lastModified })).statusCode, url).toBe(200);
    }
    expect((await get('/feed/')).headers['last-modified']).toBe('Mon, 09 Feb 2026 08:00:00 GMT');
    const before = await get('/feed/');
    clock.advance(60_000);
    const newId = await makeArticle(t.app.services, { title: 'Fresh story' });
    try {
      const after = await get('/feed/', { 'if-none-match': before.headers.etag as string });
      expect(after.statusCode).toBe(200);
      expect(after.headers['last-modified']).toBe('Mon, 09 Feb 2026 12:01:00 GMT');
      expect((await get('/feed/', { 'if-modified-since': before.headers['last-modified'] as string })).statusCode).toBe(200);
    } finally {
      await t.database.db.deleteFrom('articles').where('id', '=', newId).execute();
    }
  });

  it('links every feed from the pages for autodiscovery, and every linked feed answers', async () => {
    const links = (html: string) =>
      [...html.matchAll(/<link rel="alternate" type="([^"]+)" title="([^"]+)" href="([^"]+)"\/>/g)].map((m) => ({ type: m[1], title: m[2], href: m[3] }));
    const front = links((await get('/')).body);
    expect(front).toEqual([
      { type: 'application/rss+xml', title: 'Dateline (RSS)', href: `${SITE}/feed/` },
      { type: 'application/atom+xml', title: 'Dateline (Atom)', href: `${SITE}/feed/atom/` },
      { type: 'application/feed+json', title: 'Dateline (JSON Feed)', href: `${SITE}/feed/json/` },
    ]);
    const section = links((await get('/section/americas/')).body);
    expect(section.map((l) => l.href)).toEqual([
      ...front.map((l) => l.href),
      `${SITE}/section/americas/feed/`,
      `${SITE}/section/americas/feed/atom/`,
      `${SITE}/section/americas/feed/json/`,
    ]);
    expect(section[3]?.title).toBe('Americas – Dateline (RSS)');
    expect(links((await get('/tag/central-banks/')).body).map((l) => l.href)).toContain(`${SITE}/tag/central-banks/feed/atom/`);
    expect(links((await get(`/author/${authorSlug}/`)).body).map((l) => l.href)).toContain(`${SITE}/author/${authorSlug}/feed/json/`);
    const article = links((await get(leadPath)).body);
    expect(article.map((l) => l.href)).toContain(`${SITE}${leadPath}comments/feed/`);
    expect(article.find((l) => l.href === `${SITE}${leadPath}comments/feed/atom/`)?.title).toBe('Comments on “Rates &amp; &lt;risks> rise” (Atom)');
    for (const link of [...section, ...article]) {
      const res = await get(link.href!.slice(SITE.length));
      expect(res.statusCode, link.href).toBe(200);
      expect(res.headers['content-type'], link.href).toBe(`${link.type}; charset=utf-8`);
    }
  });
});
