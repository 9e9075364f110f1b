import type { ArticleWithBody } from '../../news/articles/article.types.js';
import { bodyText } from '../../news/articles/body-sanitizer.js';
import { authorPath } from '../../news/shared/paths.js';
import { absoluteUrl, absolutizeHtml, articleGuid, excerpt, type FeedItem } from './feed.js';

/** Summaries in feeds are cut to this many characters when they come from the body. */
export const SUMMARY_LENGTH = 300;

const attr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const text = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The story's summary: its SEO description, else its standfirst, else the start of its body. */
export function articleSummary(article: Pick<ArticleWithBody, 'seoDescription' | 'standfirst' | 'body'>): string {
  return article.seoDescription || article.standfirst || excerpt(bodyText(article.body), SUMMARY_LENGTH);
}

/** One story as a feed item. Full content is the featured image (as a figure) and the sanitised body, URLs absolute. */
export function articleFeedItem(article: ArticleWithBody, options: { siteUrl: string; fullContent: boolean }): FeedItem {
  const { siteUrl } = options;
  const image = article.image ? absoluteUrl(siteUrl, article.image.url) : undefined;
  let contentHtml: string | null = null;
  if (options.fullContent) {
    const figure =
      article.image && image
        ? `<figure><img src="${attr(image)}" alt="${attr(article.image.alt)}"${article.image.width ? ` width="${article.image.width}"` : ''}${
            article.image.height ? ` height="${article.image.height}"` : ''
          }/>${article.image.caption ? `<figcaption>${text(article.image.caption)}</figcaption>` : ''}</figure>`
        : '';
    contentHtml = figure + absolutizeHtml(article.body, siteUrl);
  }
  const categories = [...new Set([...(article.section ? [article.section.name] : []), ...article.tags.map((tag) => tag.name)])];
  return {
    id: articleGuid(siteUrl, article.id),
    url: siteUrl + article.path,
    title: article.title,
    published: article.publishedAt ?? article.updatedAt,
    updated: article.updatedAt,
    authors: article.authors.map((author) => ({ name: author.displayName, url: siteUrl + authorPath(author.slug) })),
    summary: articleSummary(article),
    contentHtml,
    categories,
    ...(image ? { image } : {}),
  };
}
