import type { Article, ArticleSummary } from '../../news/articles/article.types.js';
import { isMeaningfullyUpdated } from '../format.js';
import type { SiteChrome } from './chrome.js';
import { ArticleCard } from './components/ArticleCard.js';
import { Byline } from './components/Byline.js';
import { FeaturedFigure } from './components/FeaturedFigure.js';
import { Time } from './components/Time.js';
import { CorrectionNotes } from './components/CorrectionNotes.js';
import type { Correction } from '../../news/corrections/correction.service.js';
import { type CommentsView, CommentsSection } from './comments/CommentsSection.js';
import { Layout } from './Layout.js';
import { articlePageMeta } from '../seo/page-meta.js';
import { PreviewBanner, type PreviewMode } from './components/PreviewBanner.js';
import { PasswordForm, type UnlockFormState } from './components/PasswordForm.js';
import { sectionPath, tagPath } from '../../news/shared/paths.js';

/** Plain share links: no third-party script runs and nothing is sent until the reader clicks. */
function shareLinks(url: string, title: string) {
  const u = encodeURIComponent(url);
  const t = encodeURIComponent(title);
  return [
    { label: 'Email', href: `mailto:?subject=${t}&body=${u}` },
    { label: 'X', href: `https://twitter.com/intent/tweet?url=${u}&text=${t}` },
    { label: 'Facebook', href: `https://www.facebook.com/sharer/sharer.php?u=${u}` },
    { label: 'LinkedIn', href: `https://www.linkedin.com/sharing/share-offsite/?url=${u}` },
    { label: 'WhatsApp', href: `https://wa.me/?text=${t}%20${u}` },
  ];
}

export function ArticlePage(props: {
  chrome: SiteChrome;
  article: Article;
  related: ArticleSummary[];
  /** Null for a locked story: its comments are part of what the password protects. */
  comments: CommentsView | null;
  /** A locked story (`article.locked`): the password form shown instead of its text and comments. */
  unlock?: UnlockFormState | null;
  /** The comment form's progressive enhancement; the page works without it. */
  commentsScript: string;
  /** Correction notes, oldest first, shown at the article's foot. */
  corrections?: Correction[];
  /** Staff seeing the page as readers will, whatever its status: a banner says so, and search engines are kept out. */
  preview?: PreviewMode | null;
}) {
  const { chrome, article, preview } = props;
  const url = chrome.siteUrl + article.path;
  const meta = articlePageMeta(chrome, article);
  return (
    <Layout
      chrome={chrome}
      meta={preview ? { ...meta, noindex: true, nofollow: true } : meta}
      scripts={props.comments?.form ? [props.commentsScript] : []}
      banner={preview ? <PreviewBanner preview={preview} status={article.status} /> : null}
    >
      <article class="story" data-article-id={article.id}>
        <header class="story-header">
          {article.section ? (
            <p class="kicker">
              <a href={sectionPath(article.section.slug)}>{article.section.name}</a>
            </p>
          ) : null}
          <h1 class="story-title">{article.title}</h1>
          {article.standfirst && !article.locked ? <p class="standfirst">{article.standfirst}</p> : null}
          <div class="story-meta">
            <Byline authors={article.authors} />
            <p class="story-dates">
              {article.publishedAt ? (
                <>
                  Published <Time iso={article.publishedAt} chrome={chrome} withTime />
                </>
              ) : null}
              {isMeaningfullyUpdated(article.publishedAt, article.updatedAt) ? (
                <>
                  <span aria-hidden="true"> · </span>
                  Updated <Time iso={article.updatedAt} chrome={chrome} withTime />
                </>
              ) : null}
            </p>
          </div>
        </header>
        {article.locked ? (
          <PasswordForm state={props.unlock ?? { action: `${article.path}unlock`, error: null }} />
        ) : (
          <>
            {article.image ? <FeaturedFigure image={article.image} /> : null}
            <div class="story-body" dangerouslySetInnerHTML={{ __html: article.body }} />
            <CorrectionNotes corrections={props.corrections ?? []} chrome={chrome} />
          </>
        )}
        <footer class="story-footer">
          {article.tags.length ? (
            <nav class="story-tags" aria-label="Topics">
              <h2 class="footer-label">Topics</h2>
              <ul>
                {article.tags.map((tag) => (
                  <li key={tag.slug}>
                    <a href={tagPath(tag.slug)} rel="tag">
                      {tag.name}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          <nav class="share" aria-label="Share this story">
            <h2 class="footer-label">Share</h2>
            <ul>
              {shareLinks(url, article.title).map((link) => (
                <li key={link.label}>
                  <a href={link.href} rel="noopener noreferrer">
                    {link.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </footer>
      </article>
      {props.comments ? <CommentsSection chrome={chrome} articleId={article.id} articlePath={article.path} comments={props.comments} /> : null}
      {props.related.length ? (
        <aside class="related" aria-labelledby="related-heading">
          <h2 id="related-heading" class="block-heading">
            Related stories
          </h2>
          <div class="card-grid">
            {props.related.map((related) => (
              <ArticleCard key={related.id} article={related} chrome={chrome} />
            ))}
          </div>
        </aside>
      ) : null}
    </Layout>
  );
}
