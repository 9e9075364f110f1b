import { type Feed, type FeedPerson, isSquarish } from './feed.js';

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1). Dates are RFC 3339; ids are the same as the RSS GUIDs. */
export function renderJsonFeed(feed: Feed): string {
  const people = (list: FeedPerson[]) => list.map((p) => (p.url ? { name: p.name, url: p.url } : { name: p.name }));
  const document = {
    version: 'https://jsonfeed.org/version/1.1',
    title: feed.title,
    home_page_url: feed.homePageUrl,
    feed_url: feed.urls.json,
    description: feed.description,
    // icon should be square (512 × 512 suggested, as the default logo is), so only a square logo is one; favicon
    // wants a small square (64 × 64) and is left out.
    ...(feed.logo && isSquarish(feed.logo) ? { icon: feed.logo.url } : {}),
    language: feed.language,
    authors: people([feed.publisher]),
    items: feed.items.map((item) => ({
      id: item.id,
      url: item.url,
      title: item.title,
      // Every item needs content_html or content_text: a summary-only feed gives the summary as text.
      ...(item.contentHtml === null ? { content_text: item.summary } : { content_html: item.contentHtml }),
      summary: item.summary,
      ...(item.image ? { image: item.image } : {}),
      date_published: new Date(item.published).toISOString(),
      date_modified: new Date(item.updated).toISOString(),
      ...(item.authors.length ? { authors: people(item.authors) } : {}),
      ...(item.categories.length ? { tags: item.categories } : {}),
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
