import type { ArticleSummary } from '../../../news/articles/article.types.js';
import type { SiteChrome } from '../chrome.js';
import { Byline } from './Byline.js';
import { Time } from './Time.js';

type Variant = 'lead' | 'standard' | 'compact';

/** How wide a card's image is drawn, for the browser's srcset choice (see site.css's card grid). */
const CARD_SIZES: Record<Variant, string> = {
  lead: '(min-width: 64em) 40rem, 100vw',
  standard: '(min-width: 48em) 20rem, 100vw',
  compact: '8rem',
};

/** A story in a list. The headline is the one link to the story, so screen readers hear each story once. */
export function ArticleCard(props: { article: ArticleSummary; chrome: SiteChrome; variant?: Variant; headingLevel?: 2 | 3 }) {
  const { article, chrome } = props;
  const variant = props.variant ?? 'standard';
  const Heading = props.headingLevel === 2 ? 'h2' : 'h3';
  const image = article.image;
  return (
    <article class={`card card-${variant}`}>
      {image && variant !== 'compact' ? (
        <img
          class="card-image"
          src={image.url}
          srcset={image.srcset}
          sizes={image.srcset ? CARD_SIZES[variant] : undefined}
          alt=""
          width={image.width ?? undefined}
          height={image.height ?? undefined}
          loading={variant === 'lead' ? undefined : 'lazy'}
          decoding="async"
        />
      ) : null}
      <div class="card-text">
        {article.section ? <p class="kicker">{article.section.name}</p> : null}
        <Heading class="card-title">
          <a href={article.path}>{article.title}</a>
        </Heading>
        {variant !== 'compact' && article.standfirst ? <p class="card-standfirst">{article.standfirst}</p> : null}
        <p class="card-meta">
          <Byline authors={article.authors} link={false} />
          {article.authors.length && article.publishedAt ? ' · ' : null}
          {article.publishedAt ? <Time iso={article.publishedAt} chrome={chrome} /> : null}
          {article.commentCount ? (
            <>
              {' · '}
              <a href={`${article.path}#comments`} class="card-comments">
                {article.commentCount === 1 ? '1 comment' : `${article.commentCount} comments`}
              </a>
            </>
          ) : null}
        </p>
      </div>
    </article>
  );
}
