import type { DialectName } from '../../platform/db/dialect.js';
import { likeOperator } from '../../platform/db/dialect.js';
import type { ArticleService } from '../articles/article.service.js';
import type { ArticleSummary } from '../articles/article.types.js';
import { invalid } from '../shared/errors.js';
import type { Page } from '../shared/pagination.js';

export const MAX_QUERY_LENGTH = 200;

/**
 * Site search over published articles' headline, standfirst and body: a case-insensitive substring match, newest
 * first.
 */
export class SearchService {
  constructor(
    private readonly articles: ArticleService,
    private readonly dialect: DialectName,
  ) {}

  /** Returns null for an empty query (the search page then shows just the form). */
  async search(rawQuery: string, page: number, perPage: number): Promise<Page<ArticleSummary> | null> {
    const query = rawQuery.replace(/\s+/g, ' ').trim();
    if (!query) return null;
    if (query.length > MAX_QUERY_LENGTH) throw invalid(`Search for at most ${MAX_QUERY_LENGTH} characters.`);
    return this.articles.listPage({ contains: { text: query, operator: likeOperator(this.dialect) } }, page, perPage);
  }
}
