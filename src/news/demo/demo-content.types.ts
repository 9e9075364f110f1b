/** Shapes of the demo site's content; the data lives in demo-content.ts, images in ./images. */

export interface DemoSection {
  slug: string;
  name: string;
  description: string;
  /** Slug of the parent section, for nested sections. */
  parent?: string;
}

export interface DemoAuthor {
  slug: string;
  displayName: string;
  bio: string;
}

export interface DemoImage {
  /** File name inside src/news/demo/images/. */
  file: string;
  width: number;
  height: number;
  alt: string;
  caption: string;
  credit: string;
}

export interface DemoArticle {
  slug: string;
  title: string;
  standfirst: string;
  /** Body HTML: <p>, <h2>, <h3>, <blockquote>, <ul>/<ol>/<li>, <a href>, <strong>, <em> only. */
  bodyHtml: string;
  /** Primary section slug. */
  section: string;
  otherSections?: string[];
  tags: string[];
  /** Author slugs, in byline order. */
  authors: string[];
  /** Publication time relative to when the seed runs, so the demo always looks fresh. */
  publishedHoursAgo: number;
  /** When set, the article was updated this many hours after publication. */
  updatedHoursAfterPublish?: number;
  image: DemoImage;
}

export interface DemoPage {
  slug: string;
  title: string;
  bodyHtml: string;
}

export interface DemoContent {
  sections: DemoSection[];
  authors: DemoAuthor[];
  articles: DemoArticle[];
  pages: DemoPage[];
}
