import type { ArticleSummary } from '../../news/articles/article.types.js';
import type { Page } from '../../news/shared/pagination.js';
import type { SiteChrome } from './chrome.js';
import { ArticleCard } from './components/ArticleCard.js';
import { Pagination } from './components/Pagination.js';
import { SearchForm } from './components/SearchForm.js';
import { Layout } from './Layout.js';

export function SearchPage(props: { chrome: SiteChrome; query: string; results: Page<ArticleSummary> | null; error?: string }) {
  const { chrome, query, results } = props;
  const hrefFor = (n: number) => `/search?q=${encodeURIComponent(query)}${n > 1 ? `&page=${n}` : ''}`;
  return (
    <Layout chrome={chrome} meta={{ title: query ? `Search: ${query}` : 'Search', canonicalPath: '/search', noindex: true }}>
      <header class="archive-header">
        <h1>Search</h1>
        <SearchForm query={query} idPrefix="page" />
      </header>
      {props.error ? (
        <p class="form-error" role="alert">
          {props.error}
        </p>
      ) : null}
      {results ? (
        <section aria-labelledby="results-heading">
          <h2 id="results-heading" class="results-count">
            {results.total === 0
              ? `No stories match “${query}”.`
              : `${results.total} ${results.total === 1 ? 'story matches' : 'stories match'} “${query}”`}
          </h2>
          <div class="archive-list">
            {results.items.map((article) => (
              <ArticleCard key={article.id} article={article} chrome={chrome} />
            ))}
          </div>
          <Pagination page={results} hrefFor={hrefFor} />
        </section>
      ) : null}
    </Layout>
  );
}
