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

/** A featured image; the seed uploads it to the media library, which measures it and makes its WebP sizes. */
export interface DemoImage {
  /** File name inside src/news/demo/images/ (SVG, rasterised to JPEG for the upload). */
  file: string;
  alt: string;
  caption: string;
  credit: string;
}

/** Another article's image reused in a body, the way the editor's "Insert image" puts a library image there. */
export interface DemoBodyImage {
  /** The file of one of the demo's featured images: its library item supplies the alt text and credit. */
  file: string;
  /** The figure goes right after this paragraph of the body (1 = the first). */
  afterParagraph: number;
  /** The caption for this story (the insert dialog lets the editor change the item's). */
  caption: string;
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
  bodyImage?: DemoBodyImage;
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
