import type { ArticleSummary } from '../../news/articles/article.types.js';
import type { SiteChrome } from './chrome.js';
import { ArticleCard } from './components/ArticleCard.js';
import { SearchForm } from './components/SearchForm.js';
import { Layout } from './Layout.js';

/** Why there is nothing at an address: never there (404), or a story staff took down (410). */
export type NotFoundReason = 'missing' | 'removed';

const WORDING: Record<NotFoundReason, { title: string; heading: string; text: string }> = {
  missing: { title: 'Page not found', heading: 'We can’t find that page', text: 'It may have moved, or the address may be mistyped.' },
  removed: { title: 'Story removed', heading: 'This story has been removed', text: 'It is no longer available on this site.' },
};

export function NotFoundPage(props: { chrome: SiteChrome; path: string; latest: ArticleSummary[]; reason?: NotFoundReason }) {
  const { chrome } = props;
  const wording = WORDING[props.reason ?? 'missing'];
  return (
    <Layout chrome={chrome} meta={{ title: wording.title, canonicalPath: props.path, noindex: true }}>
      <section class="not-found" aria-labelledby="nf-heading">
        <h1 id="nf-heading">{wording.heading}</h1>
        <p>{wording.text} Try a search, or start from one of the latest stories.</p>
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
