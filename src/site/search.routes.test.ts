import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeArticle, makeSection } from '../../test/factories.js';
import { createTestApp, type TestApp } from '../../test/helpers/app.js';
import { describeEachDialect } from '../../test/helpers/database.js';

const validator = new HtmlValidate({ extends: ['html-validate:standard'], rules: { 'long-title': 'off' } });

async function expectValidHtml(html: string) {
  const report = await validator.validateString(html);
  expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message} (line ${m.line})`))).toEqual([]);
}

const mainOf = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));

describeEachDialect('GET /search', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    const services = t.app.services;
    const world = await makeSection(services, { name: 'World', slug: 'world' });
    const americas = await makeSection(services, { name: 'Americas', slug: 'americas', parentId: world.id });
    await makeSection(services, { name: 'Markets', slug: 'markets' });
    for (let i = 1; i <= 12; i++) {
      await makeArticle(services, {
        title: `Copper report ${i}`,
        body: `<p>Miners &lt;script&gt;alert(${i})&lt;/script&gt; said copper output rose.</p>`,
        primarySectionId: i % 2 ? americas.id : world.id,
        publishedAt: `2025-0${(i % 3) + 1}-1${i % 10}T12:00:00.000Z`,
      });
    }
  });
  afterAll(async () => t.close());
  const get = (url: string) => t.app.inject({ method: 'GET', url });

  it('shows just the form, with filters, for an empty query', async () => {
    for (const url of ['/search', '/search?q=', '/search?q=%20%20']) {
      const res = await get(url);
      expect(res.statusCode).toBe(200);
      const main = mainOf(res.body);
      expect(main).toContain('name="q"');
      expect(main).toContain('<select id="search-section" name="section">');
      expect(main).toContain('<option value="americas">— Americas</option>');
      expect(main).toContain('type="date" name="from"');
      expect(main).not.toContain('role="alert"');
      expect(main).not.toContain('results-heading');
    }
    await expectValidHtml((await get('/search')).body);
  });

  it('lists ranked results with highlighted, escaped snippets, a count and paging that keeps the filters', async () => {
    const res = await get('/search?q=copper&section=world&from=2025-01-01&to=2025-12-31');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<meta name="robots" content="noindex, follow"/>');
    const main = mainOf(res.body);
    expect(main).toContain('12 stories match “copper”');
    expect(main).toContain('<mark>Copper</mark> report');
    expect(main).toContain('&lt;script&gt;alert(');
    expect(main).not.toContain('<script');
    expect(main).toContain('<option value="world" selected>World</option>');
    expect(main).toContain('value="2025-01-01"');
    expect(main).toContain('href="/search?q=copper&amp;section=world&amp;from=2025-01-01&amp;to=2025-12-31&amp;page=2"');
    await expectValidHtml(res.body);
    const page2 = await get('/search?q=copper&section=world&from=2025-01-01&to=2025-12-31&page=2');
    expect(mainOf(page2.body).match(/class="search-result"/g)).toHaveLength(2);
    expect(mainOf(page2.body)).toContain('rel="prev"');
  });

  it('filters by section and dates', async () => {
    const markets = mainOf((await get('/search?q=copper&section=markets')).body);
    expect(markets).toContain('No stories match “copper”.');
    const americas = mainOf((await get('/search?q=copper&section=americas')).body);
    expect(americas).toContain('6 stories match');
    const february = mainOf((await get('/search?q=copper&from=2025-02-01&to=2025-02-28')).body);
    expect(february).toContain('4 stories match');
  });

  it('answers phrase, prefix and excluding queries', async () => {
    expect(mainOf((await get('/search?q=%22copper+output%22')).body)).toContain('12 stories match');
    expect(mainOf((await get('/search?q=%22output+copper%22')).body)).toContain('No stories match');
    expect(mainOf((await get('/search?q=mine*')).body)).toContain('12 stories match');
    expect(mainOf((await get('/search?q=copper+-miners')).body)).toContain('No stories match');
  });

  describe('bad queries get a message in an alert with 400, never an error page', () => {
    const cases: Array<[string, string]> = [
      [`q=${'a'.repeat(5000)}`, 'Search for at most 200 characters.'],
      [`q=${Array.from({ length: 13 }, (_, i) => `w${i}`).join('+')}`, 'Search for at most 12 words or phrases.'],
      ['q=%22', 'Type a word or two to search for.'],
      ['q=***', 'Type a word or two to search for.'],
      ['q=AND+OR+NOT', 'too common to search for'],
      ['q=-copper', 'a minus sign (-word) only leaves stories out'],
      ['q=copper&from=2025-13-01', 'Enter dates as YYYY-MM-DD'],
      ['q=copper&from=2025-03-02&to=2025-03-01', 'must be the same as or after'],
      ['q=copper&section=nowhere', 'no such section'],
    ];
    for (const [query, message] of cases) {
      it(query.slice(0, 40), async () => {
        const res = await get(`/search?${query}`);
        expect(res.statusCode).toBe(400);
        const alert = /<p class="form-error" role="alert">([^<]*)<\/p>/.exec(res.body)?.[1] ?? '';
        expect(alert).toContain(message.replace(/“/g, '“'));
        expect(res.body).toContain('name="q"');
      });
    }

    it('stays valid HTML and echoes the query escaped', async () => {
      const res = await get('/search?q=%22%3Cscript%3Ealert(1)%3C%2Fscript%3E&from=x');
      expect(res.statusCode).toBe(400);
      expect(res.body).not.toContain('<script>alert(1)');
      await expectValidHtml(res.body);
    });
  });

  it('never fails on operator soup', async () => {
    for (const q of ['NEAR(', 'title:', '"copper', 'copper)', '((a OR b) AND NOT c)', '^*:"-', 'copper*:*', "x' OR 1=1 --"]) {
      const res = await get(`/search?q=${encodeURIComponent(q)}`);
      expect([200, 400], q).toContain(res.statusCode);
    }
  });
});
