import type { CorrectionListing } from '../../news/corrections/correction.service.js';
import type { Page } from '../../news/shared/pagination.js';
import { feedLinks } from '../feeds/feed.js';
import type { SiteChrome } from './chrome.js';
import { Pagination, pagePath } from './components/Pagination.js';
import { Time } from './components/Time.js';
import { Layout } from './Layout.js';

export const CORRECTIONS_PATH = '/corrections/';

/** Every correction to a published story, newest first, each linking to the story it corrects. */
export function CorrectionsPage(props: { chrome: SiteChrome; page: Page<CorrectionListing> }) {
  const { chrome, page } = props;
  const title = page.page > 1 ? `Corrections (page ${page.page})` : 'Corrections';
  const meta = {
    title,
    description: `Corrections to stories published by ${chrome.siteTitle}, newest first.`,
    canonicalPath: pagePath(CORRECTIONS_PATH, page.page),
    feeds: feedLinks(chrome.siteUrl, CORRECTIONS_PATH, `Corrections – ${chrome.siteTitle}`),
  };
  return (
    <Layout chrome={chrome} meta={meta}>
      <section class="corrections-page" aria-labelledby="corrections-title">
        <h1 id="corrections-title">Corrections</h1>
        <p>
          When we get something wrong we correct the story and say so at its foot. This is every correction, newest first.{' '}
          <a href={`${CORRECTIONS_PATH}feed/`}>Follow corrections by RSS</a>.
        </p>
        {page.items.length ? (
          <ol class="corrections-list">
            {page.items.map((item) => (
              <li key={item.id}>
                <h2>
                  <a href={`${item.articlePath}#correction-${item.id}`}>{item.articleTitle}</a>
                </h2>
                <p class="correction-date">
                  <Time iso={item.createdAt} chrome={chrome} withTime />
                </p>
                {item.body.split('\n\n').map((paragraph) => (
                  <p>{paragraph}</p>
                ))}
              </li>
            ))}
          </ol>
        ) : (
          <p>There are no corrections yet.</p>
        )}
        <Pagination page={page} hrefFor={(n) => pagePath(CORRECTIONS_PATH, n)} labels={{ previous: '← Newer corrections', next: 'Older corrections →' }} />
      </section>
    </Layout>
  );
}
