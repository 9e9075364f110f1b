import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeArticle, makeSection } from '../../test/factories.js';
import { createTestApp, type TestApp, TEST_SITE_URL } from '../../test/helpers/app.js';
import { describeEachDialect } from '../../test/helpers/database.js';

const validator = new HtmlValidate({
  extends: ['html-validate:standard'],
  rules: { 'long-title': 'off' },
});

async function expectValidHtml(html: string) {
  const report = await validator.validateString(html);
  const messages = report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message} (line ${m.line})`));
  expect(messages).toEqual([]);
}

const VENEZUELA = 'us-venezuela-military-contact-maduro';

describeEachDialect('public site', (dialect) => {
  let t: TestApp;
  let articlePath: string;
  beforeAll(async () => {
    t = await createTestApp(dialect, { seed: true });
    const html = (await t.app.inject('/')).body;
    articlePath = html.match(new RegExp(`href="(/\\d{4}/\\d{2}/\\d{2}/${VENEZUELA}/)"`))![1]!;
  });
  afterAll(async () => t.close());
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

  describe('front page', () => {
    it('shows the lead story, the latest stories and a block per section', async () => {
      const res = await get('/');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      const html = res.body;
      expect(html).toContain('aria-label="Lead story"');
      expect(html.indexOf(VENEZUELA)).toBeLessThan(html.indexOf('id="latest-heading"'));
      expect(html).toContain('id="latest-heading"');
      for (const section of ['world', 'politics', 'markets', 'technology', 'bitcoin-trading']) {
        expect(html).toContain(`id="block-${section}"`);
      }
      await expectValidHtml(html);
    });

    it('redirects WordPress-style ?p=ID links to the article', async () => {
      const front = (await get('/')).body;
      const id = front.match(/data-article-id="(\d+)"/)?.[1] ?? (await get(articlePath)).body.match(/data-article-id="(\d+)"/)![1];
      const res = await get(`/?p=${id}`);
      expect(res.statusCode).toBe(301);
      expect(res.headers.location).toMatch(/^\/\d{4}\/\d{2}\/\d{2}\/[a-z0-9-]+\/$/);
    });
  });

  describe('article page', () => {
    it('shows section label, headline, standfirst, byline, times, figure, body, tags, share links, comments place and related stories', async () => {
      const res = await get(articlePath);
      expect(res.statusCode).toBe(200);
      const html = res.body;
      const kicker = html.indexOf('<p class="kicker"><a href="/section/americas/">Americas</a></p>');
      const headline = html.indexOf('<h1 class="story-title">US in direct contact with Venezuelan military');
      expect(kicker).toBeGreaterThan(0);
      expect(headline).toBeGreaterThan(kicker);
      expect(html).toContain('class="standfirst"');
      expect(html).toMatch(/By <a href="\/author\/[a-z-]+\/" rel="author">[^<]+<\/a> and <a href="\/author\/[a-z-]+\/" rel="author">/);
      expect(html).toMatch(/Published <time datetime="\d{4}-\d{2}-\d{2}T[^"]+Z">/);
      expect(html).toMatch(/Updated <time datetime=/);
      expect(html).toMatch(
        /<figure class="lead-figure"><img src="\/media\/[^"]+\/original\.jpg" srcset="[^"]+ 320w, [^"]+" sizes="[^"]+" alt="[^"]+" width="1200" height="675"/,
      );
      expect(html).toContain('<figcaption>');
      expect(html).toContain('first couple pebbles');
      expect(html).toContain('href="/tag/venezuela/"');
      expect(html).toContain(`https://twitter.com/intent/tweet?url=${encodeURIComponent(TEST_SITE_URL + articlePath)}`);
      expect(html).toContain('id="comments"');
      // Scripts only from our own files (the CSP forbids inline ones): the comment form's enhancement. JSON-LD blocks
      // are data, never executed.
      expect(html).not.toMatch(/<script(?![^>]*\bsrc="\/assets\/comments\.[0-9a-f]{10}\.js")(?! type="application\/ld\+json")/);
      const related = html.slice(html.indexOf('id="related-heading"'));
      const relatedCount = (related.match(/class="card card-standard"/g) ?? []).length;
      expect(relatedCount).toBeGreaterThanOrEqual(3);
      expect(relatedCount).toBeLessThanOrEqual(5);
      expect(html).toContain(`<link rel="canonical" href="${TEST_SITE_URL}${articlePath}"/>`);
      await expectValidHtml(html);
    });

    it('301s every other form of the address to the canonical one', async () => {
      const [, year, month, day] = articlePath.split('/');
      const forms = [
        articlePath.slice(0, -1),
        `/${VENEZUELA}/`,
        `/${VENEZUELA}`,
        `/2001/01/01/${VENEZUELA}/`,
        `/${year}/${month}/${String(Number(day) === 1 ? 2 : 1).padStart(2, '0')}/${VENEZUELA}/`,
      ];
      for (const form of forms) {
        const res = await get(form);
        expect(res.statusCode, form).toBe(301);
        const next = res.headers.location as string;
        const final = next === articlePath ? next : ((await get(next)).headers.location as string);
        expect(final, form).toBe(articlePath);
      }
    });

    it('answers 404 for unpublished and unknown articles', async () => {
      const draft = await makeArticle(t.app.services, { title: 'Secret draft', publishedAt: null });
      expect(draft).toBeGreaterThan(0);
      expect((await get('/2026/01/01/secret-draft/')).statusCode).toBe(404);
      expect((await get('/secret-draft/')).statusCode).toBe(404);
      expect((await get('/2026/01/01/no-such-story/')).statusCode).toBe(404);
    });

    it('answers 410 Gone, with no story in the page, at every address of a story staff trashed', async () => {
      const { services } = t.app;
      const id = await makeArticle(services, { title: 'Withdrawn report', body: '<p>The withdrawn body text.</p>' });
      const path = (await services.articles.findPublishedById(id))!.path;
      expect((await get(path)).statusCode).toBe(200);
      await services.articles.transaction((tx) => tx.trash(id, { actorId: null }));

      for (const url of [path, '/2001/01/01/withdrawn-report/', '/withdrawn-report/', `/?p=${id}`]) {
        const res = await get(url);
        expect(res.statusCode, url).toBe(410);
        expect(res.body, url).toContain('This story has been removed');
        expect(res.body, url).not.toContain('Withdrawn report');
        expect(res.body, url).not.toContain('withdrawn body text');
      }
      const gone = await get(path);
      expect(gone.body).toContain('action="/search"');
      expect(gone.body).toContain('id="nf-latest"');
      expect(gone.body).toContain('<meta name="robots" content="noindex, follow"/>');
      expect(gone.body).not.toContain('id="comments"');
      await expectValidHtml(gone.body);
      expect((await get('/feed/')).body).not.toContain('withdrawn-report');
    });

    it('answers 200 again once a trashed story is restored and published, 404 while it is a draft', async () => {
      const { services } = t.app;
      const id = await makeArticle(services, { title: 'Back from the trash' });
      const path = (await services.articles.findPublishedById(id))!.path;
      await services.articles.transaction((tx) => tx.trash(id, { actorId: null }));
      expect((await get(path)).statusCode).toBe(410);
      // Restoring brings it back as a draft (see ArticleTransaction.restore): not public, not removed.
      await services.articles.transaction((tx) => tx.restore(id));
      expect((await get(path)).statusCode).toBe(404);
      await services.articles.publish(id);
      expect((await get(path)).statusCode).toBe(200);
      expect((await services.articles.findPublishedById(id))!.path).toBe(path);
    });

    it('answers 404 for a trashed story that never went out, and for one deleted for good', async () => {
      const { services } = t.app;
      const draft = await makeArticle(services, { title: 'Never printed', publishedAt: null });
      await services.articles.transaction((tx) => tx.trash(draft, { actorId: null }));
      expect((await get('/2026/01/01/never-printed/')).statusCode).toBe(404);
      expect((await get(`/?p=${draft}`)).statusCode).toBe(200);

      const deleted = await makeArticle(services, { title: 'Gone for good' });
      const path = (await services.articles.findPublishedById(deleted))!.path;
      await services.articles.transaction((tx) => tx.trash(deleted, { actorId: null }));
      await services.articles.transaction((tx) => tx.remove(deleted));
      expect((await get(path)).statusCode).toBe(404);
    });

    it('follows a redirect stored for a trashed story’s address instead of answering 410', async () => {
      const { services } = t.app;
      const id = await makeArticle(services, { title: 'Replaced story' });
      const path = (await services.articles.findPublishedById(id))!.path;
      await services.articles.transaction((tx) => tx.trash(id, { actorId: null }));
      await services.redirects.add(path, articlePath);
      const res = await get(path);
      expect(res.statusCode).toBe(301);
      expect(res.headers.location).toBe(articlePath);
    });
  });

  describe('archives', () => {
    it('lists a section with its subsections’ stories and links the subsections', async () => {
      const res = await get('/section/world/');
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<h1>World</h1>');
      expect(res.body).toContain('href="/section/americas/"');
      expect(res.body).toContain(VENEZUELA);
      await expectValidHtml(res.body);
      const child = await get('/section/americas/');
      expect(child.body).toContain('<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="/section/world/">World</a>');
    });

    it('shows tag and author archives', async () => {
      const tag = await get('/tag/venezuela/');
      expect(tag.statusCode).toBe(200);
      expect(tag.body).toContain('<p class="archive-label">Topic</p>');
      expect(tag.body).toContain(VENEZUELA);
      const author = (await get(articlePath)).body.match(/href="(\/author\/[a-z-]+\/)"/)![1]!;
      const res = await get(author);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<p class="archive-label">Author</p>');
      await expectValidHtml(res.body);
    });

    it('paginates, redirects /page/1/ to the archive, and 404s past the last page', async () => {
      await t.app.services.settings.update({ postsPerPage: 2 });
      try {
        const first = await get('/section/markets/');
        expect(first.body).toContain('rel="next" href="/section/markets/page/2/"');
        const second = await get('/section/markets/page/2/');
        expect(second.statusCode).toBe(200);
        expect(second.body).toContain('rel="prev" href="/section/markets/"');
        expect(second.body).toContain(`<link rel="canonical" href="${TEST_SITE_URL}/section/markets/page/2/"/>`);
        expect((await get('/section/markets/page/1/')).headers.location).toBe('/section/markets/');
        expect((await get('/section/markets/page/99/')).statusCode).toBe(404);
        expect((await get('/section/markets/page/0/')).statusCode).toBe(400);
      } finally {
        await t.app.services.settings.update({ postsPerPage: 10 });
      }
    });

    it('404s unknown sections, tags and authors', async () => {
      for (const url of ['/section/nope/', '/tag/nope/', '/author/nope/']) expect((await get(url)).statusCode).toBe(404);
    });

    it('rejects malformed slugs with a 400 page, not a 500', async () => {
      const res = await get('/section/NOT_A_SLUG/');
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('That request could not be handled');
    });
  });

  describe('static pages, redirects and errors', () => {
    it('serves static pages at /{slug}/', async () => {
      const res = await get('/about/');
      expect(res.statusCode).toBe(200);
      expect(res.body).toMatch(/<h1>About/);
      await expectValidHtml(res.body);
    });

    it('follows stored redirects with a 301', async () => {
      await t.app.services.redirects.add('/old/story.html', articlePath);
      const res = await get('/old/story.html');
      expect(res.statusCode).toBe(301);
      expect(res.headers.location).toBe(articlePath);
    });

    it('gives a real 404 page with a search box and the latest stories', async () => {
      const res = await get('/no/such/page/');
      expect(res.statusCode).toBe(404);
      expect(res.body).toContain('We can’t find that page');
      expect(res.body).toContain('action="/search"');
      expect(res.body).toContain('id="nf-latest"');
      expect(res.body).toContain('<meta name="robots" content="noindex, follow"/>');
      await expectValidHtml(res.body);
    });

    it('shows a 500 page without any error details', async () => {
      const local = await createTestApp(dialect);
      local.app.get('/boom/', async () => {
        throw new Error('secret stack detail');
      });
      const res = await local.app.inject('/boom/');
      await local.close();
      expect(res.statusCode).toBe(500);
      expect(res.body).toContain('Sorry, this page failed to load');
      expect(res.body).not.toContain('secret stack detail');
      expect(res.body).not.toMatch(/at .*\.ts:\d+/);
    });

    it('escapes user-controlled text everywhere it is shown', async () => {
      const section = await makeSection(t.app.services, { name: '<script>alert(1)</script>', slug: 'xss-section' });
      await makeArticle(t.app.services, { title: '"><img src=x onerror=alert(1)>', primarySectionId: section.id });
      const res = await get('/section/xss-section/');
      expect(res.body).not.toContain('<script>alert(1)');
      expect(res.body).not.toContain('<img src=x');
      expect(res.body).toContain('&lt;script>alert(1)&lt;/script>');
      const search = await get('/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E');
      expect(search.body).not.toContain('<script>alert(1)');
    });
  });

  describe('search', () => {
    it('finds published stories and explains bad queries', async () => {
      const res = await get('/search?q=pebbles');
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(VENEZUELA);
      expect(res.body).toContain('<meta name="robots" content="noindex, follow"/>');
      await expectValidHtml(res.body);
      const empty = await get('/search');
      expect(empty.statusCode).toBe(200);
      const huge = await get(`/search?q=${'a'.repeat(5000)}`);
      expect(huge.statusCode).toBe(400);
      expect(huge.body).toContain('Search for at most 200 characters.');
    });
  });

  describe('transport', () => {
    it('sends security headers with a CSP that allows no inline script', async () => {
      const res = await get('/');
      const csp = res.headers['content-security-policy'] as string;
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBeDefined();
    });

    it('compresses pages', async () => {
      const res = await get('/', { 'accept-encoding': 'br, gzip' });
      expect(res.headers['content-encoding']).toBe('br');
    });

    it('serves hashed assets with a year-long immutable cache, and 404s unknown ones', async () => {
      const css = (await get('/')).body.match(/href="(\/assets\/site\.[0-9a-f]{10}\.css)"/)![1]!;
      const res = await get(css);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect((await get('/assets/site.0000000000.css')).statusCode).toBe(404);
    });

    it('serves media images', async () => {
      const src = (await get(articlePath)).body.match(/src="(\/media\/[^"]+\/original\.jpg)"/)![1]!;
      const res = await get(src);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('image/jpeg');
    });
  });
});
