import type { SearchResults } from '../../news/search/search.service.js';
import type { NavSection, SiteChrome } from './chrome.js';
import { Byline } from './components/Byline.js';
import { Pagination } from './components/Pagination.js';
import { Time } from './components/Time.js';
import { Layout } from './Layout.js';

/** What the reader asked for, echoed into the form and into every pagination link. */
export interface SearchFilters {
  q: string;
  section: string;
  from: string;
  to: string;
}

export function searchHref(filters: SearchFilters, page = 1): string {
  const params = new URLSearchParams({ q: filters.q });
  if (filters.section) params.set('section', filters.section);
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  if (page > 1) params.set('page', String(page));
  return `/search?${params.toString()}`;
}

function sectionOptions(sections: NavSection[], depth = 0): { slug: string; label: string }[] {
  return sections.flatMap((section) => [
    { slug: section.slug, label: `${'\u2014 '.repeat(depth)}${section.name}` },
    ...sectionOptions(section.children, depth + 1),
  ]);
}

const count = new Intl.NumberFormat('en');
const roughly = new Intl.NumberFormat('en', { maximumSignificantDigits: 2 });

/** The line above the results (exported for its test). */
export function resultsHeading(results: SearchResults, q: string): string {
  if (results.total === 0) return `No stories match “${q}”.`;
  // An approximate count is an estimate from a sample (see SearchResults).
  const verb = results.approximate ? 'probably match' : 'match';
  if (results.moreThanTotal) return `More than ${count.format(results.total)} stories ${verb} “${q}”; the best ${count.format(results.total)} are shown.`;
  if (results.approximate) return `About ${roughly.format(results.total)} stories match “${q}”`;
  return `${count.format(results.total)} ${results.total === 1 ? 'story matches' : 'stories match'} “${q}”`;
}

/**
 * The search page: the form (words, section, dates), then the results with highlighted headlines and passages. The
 * highlighted HTML comes from news/search/highlight.ts, which escapes everything but the <mark> elements it adds.
 */
export function SearchPage(props: { chrome: SiteChrome; filters: SearchFilters; results: SearchResults | null; error?: string }) {
  const { chrome, filters, results } = props;
  const q = filters.q;
  return (
    <Layout chrome={chrome} meta={{ title: q ? `Search: ${q}` : 'Search', canonicalPath: '/search', noindex: true }}>
      <header class="archive-header">
        <h1>Search</h1>
        <form class="search-form search-page-form" role="search" method="get" action="/search">
          <label for="search-q">Search stories</label>
          <div class="search-row">
            <input
              id="search-q"
              type="search"
              name="q"
              value={q}
              maxLength={200}
              autocomplete="off"
              aria-describedby="search-help"
              aria-invalid={props.error ? 'true' : undefined}
            />
            <button type="submit">Search</button>
          </div>
          <p id="search-help" class="search-help">
            All words must match. Use "quotes" for a phrase, elect* for words that start with “elect”, and -word to leave stories out.
          </p>
          <fieldset class="search-filters">
            <legend>Narrow the search</legend>
            <div class="search-filter">
              <label for="search-section">Section</label>
              <select id="search-section" name="section">
                <option value="" selected={!filters.section}>
                  All sections
                </option>
                {sectionOptions(chrome.sections).map((option) => (
                  <option key={option.slug} value={option.slug} selected={option.slug === filters.section}>
                    {option.label}
                  </option>
                ))}
              </select>
            </div>
            <div class="search-filter">
              <label for="search-from">From</label>
              <input id="search-from" type="date" name="from" value={filters.from} />
            </div>
            <div class="search-filter">
              <label for="search-to">To</label>
              <input id="search-to" type="date" name="to" value={filters.to} />
            </div>
          </fieldset>
        </form>
      </header>
      {props.error ? (
        <p class="form-error" role="alert">
          {props.error}
        </p>
      ) : null}
      {results ? (
        <section aria-labelledby="results-heading">
          <h2 id="results-heading" class="results-count">
            {resultsHeading(results, q)}
          </h2>
          {results.items.length === 0 && results.total > 0 ? <p class="empty">There are no more results.</p> : null}
          <ol class="search-results" start={(results.page - 1) * results.perPage + 1}>
            {results.items.map(({ article, titleHtml, snippetHtml }) => (
              <li key={article.id} class="search-result">
                {article.section ? <p class="kicker">{article.section.name}</p> : null}
                <h3 class="card-title">
                  <a href={article.path} dangerouslySetInnerHTML={{ __html: titleHtml }} />
                </h3>
                {snippetHtml ? <p class="search-snippet" dangerouslySetInnerHTML={{ __html: snippetHtml }} /> : null}
                <p class="card-meta">
                  <Byline authors={article.authors} link={false} />
                  {article.authors.length && article.publishedAt ? ' · ' : null}
                  {article.publishedAt ? <Time iso={article.publishedAt} chrome={chrome} /> : null}
                </p>
              </li>
            ))}
          </ol>
          <Pagination page={results} hrefFor={(n) => searchHref(filters, n)} labels={{ previous: '← Previous results', next: 'More results →' }} />
        </section>
      ) : null}
    </Layout>
  );
}
