import type { ComponentChildren } from 'preact';
import type { ArchiveSlice, ArchiveWindow, ArticleSummary } from '../../news/articles/article.types.js';
import type { SiteChrome } from './chrome.js';
import { ArticleCard } from './components/ArticleCard.js';
import { ArchivePagination, archiveWindowPath } from './components/ArchivePagination.js';
import { archivePageMeta } from '../seo/page-meta.js';
import { Layout } from './Layout.js';

export interface Crumb {
  name: string;
  path: string;
}

/** Section, tag and author archives: a heading, an optional introduction, and a paged list of stories. */
export interface ArchivePageProps {
  chrome: SiteChrome;
  /** What kind of archive this is, shown above the title ("Section", "Topic", "Author"). */
  label: string;
  title: string;
  description: string;
  basePath: string;
  page: ArchiveSlice<ArticleSummary>;
  /** Which page of it this is (its canonical address: a keyset page's includes its cursor). */
  window: ArchiveWindow;
  trail?: Crumb[];
  intro?: ComponentChildren;
}

export function ArchivePage(props: ArchivePageProps) {
  const { chrome, page } = props;
  const meta = archivePageMeta(chrome, {
    name: props.title,
    description: props.description,
    basePath: props.basePath,
    canonicalPath: archiveWindowPath(props.basePath, props.window),
    page: page.page,
    trail: props.trail,
  });
  return (
    <Layout chrome={chrome} meta={meta}>
      <header class="archive-header">
        {props.trail?.length ? (
          <nav class="breadcrumbs" aria-label="Breadcrumb">
            <ol>
              {props.trail.map((crumb) => (
                <li key={crumb.path}>
                  <a href={crumb.path}>{crumb.name}</a>
                </li>
              ))}
            </ol>
          </nav>
        ) : null}
        <p class="archive-label">{props.label}</p>
        <h1>{props.title}</h1>
        {props.description ? <p class="archive-description">{props.description}</p> : null}
        {props.intro}
      </header>
      {page.items.length ? (
        <div class="archive-list">
          {page.items.map((article) => (
            <ArticleCard key={article.id} article={article} chrome={chrome} headingLevel={2} />
          ))}
        </div>
      ) : (
        <p class="empty">No stories here yet.</p>
      )}
      <ArchivePagination basePath={props.basePath} slice={page} />
    </Layout>
  );
}
