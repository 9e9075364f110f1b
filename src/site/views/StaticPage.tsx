import type { StaticPage as StaticPageData } from '../../news/pages/page.service.js';
import type { SiteChrome } from './chrome.js';
import { Layout } from './Layout.js';
import { staticPageMeta } from '../seo/page-meta.js';
import { staticPagePath } from '../../news/shared/paths.js';

export function StaticPage(props: { chrome: SiteChrome; page: StaticPageData }) {
  const { chrome, page } = props;
  return (
    <Layout chrome={chrome} meta={staticPageMeta(chrome, page)}>
      <article class="static-page">
        {page.parent ? (
          <p class="kicker page-parent">
            Part of <a href={staticPagePath(page.parent.slug)}>{page.parent.title}</a>
          </p>
        ) : null}
        <h1>{page.title}</h1>
        <div class="story-body" dangerouslySetInnerHTML={{ __html: page.body }} />
      </article>
    </Layout>
  );
}
