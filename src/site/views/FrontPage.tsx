import type { ArticleSummary } from '../../news/articles/article.types.js';
import type { NavSection, SiteChrome } from './chrome.js';
import { ArticleCard } from './components/ArticleCard.js';
import { Layout } from './Layout.js';
import { frontPageMeta } from '../seo/page-meta.js';
import { sectionPath } from '../../news/shared/paths.js';

export interface SectionBlock {
  section: NavSection;
  articles: ArticleSummary[];
}

export function FrontPage(props: { chrome: SiteChrome; lead: ArticleSummary | null; latest: ArticleSummary[]; blocks: SectionBlock[] }) {
  const { chrome } = props;
  return (
    <Layout chrome={chrome} meta={frontPageMeta(chrome)}>
      <h1 class="visually-hidden">{chrome.siteTitle}: top stories</h1>
      {props.lead ? (
        <div class="front-top">
          <section class="lead-story" aria-label="Lead story">
            <ArticleCard article={props.lead} chrome={chrome} variant="lead" headingLevel={2} />
          </section>
          <section class="latest" aria-labelledby="latest-heading">
            <h2 id="latest-heading" class="block-heading">
              Latest
            </h2>
            <div class="latest-list">
              {props.latest.map((article) => (
                <ArticleCard key={article.id} article={article} chrome={chrome} variant="compact" />
              ))}
            </div>
          </section>
        </div>
      ) : (
        <p class="empty">No stories have been published yet.</p>
      )}
      {props.blocks.map(({ section, articles }) => (
        <section key={section.slug} class="section-block" aria-labelledby={`block-${section.slug}`}>
          <h2 id={`block-${section.slug}`} class="block-heading">
            <a href={sectionPath(section.slug)}>{section.name}</a>
          </h2>
          <div class="card-grid">
            {articles.map((article) => (
              <ArticleCard key={article.id} article={article} chrome={chrome} />
            ))}
          </div>
        </section>
      ))}
    </Layout>
  );
}
