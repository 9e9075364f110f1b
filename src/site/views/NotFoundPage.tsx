import type { ArticleSummary } from '../../news/articles/article.types.js';
import type { SiteChrome } from './chrome.js';
import { ArticleCard } from './components/ArticleCard.js';
import { SearchForm } from './components/SearchForm.js';
import { Layout } from './Layout.js';

export function NotFoundPage(props: { chrome: SiteChrome; path: string; latest: ArticleSummary[] }) {
  const { chrome } = props;
  return (
    <Layout chrome={chrome} meta={{ title: 'Page not found', canonicalPath: props.path, noindex: true }}>
      <section class="not-found" aria-labelledby="nf-heading">
        <h1 id="nf-heading">We can’t find that page</h1>
        <p>It may have moved, or the address may be mistyped. Try a search, or start from one of the latest stories.</p>
        <SearchForm query="" idPrefix="nf" />
      </section>
      {props.latest.length ? (
        <section aria-labelledby="nf-latest">
          <h2 id="nf-latest" class="block-heading">
            Latest stories
          </h2>
          <div class="card-grid">
            {props.latest.map((article) => (
              <ArticleCard key={article.id} article={article} chrome={chrome} />
            ))}
          </div>
        </section>
      ) : null}
    </Layout>
  );
}
