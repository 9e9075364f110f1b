import type { NewsServices } from '../../src/news/services.js';

/** The ids of the articles a reader's search finds (first page of ten), or [] when the query is refused. */
export async function searchArticleIds(services: NewsServices, q: string): Promise<number[]> {
  const outcome = await services.search.search({ q, perPage: 10 });
  return outcome.kind === 'results' ? outcome.results.items.map((hit) => hit.article.id) : [];
}
