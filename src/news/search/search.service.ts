import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { ArticleService } from '../articles/article.service.js';
import type { ArticleSummary } from '../articles/article.types.js';
import type { SettingsService } from '../settings/settings.service.js';
import { type Clock, isoNow } from '../shared/clock.js';
import { zonedWallTime } from '../shared/date-format.js';
import { invalid } from '../shared/errors.js';
import { type Page, pageOf } from '../shared/pagination.js';
import type { TaxonomyService } from '../taxonomy/taxonomy.service.js';
import { descendantIds } from '../taxonomy/section-tree.js';
import { hasMarks, markedToHtml } from './highlight.js';
import { parseSearchQuery } from './query-parser.js';
import { type FullTextIndex, type MarkedHit, RANK_WINDOW, type SearchCriteria } from './search.repository.js';

export { MAX_QUERY_LENGTH } from './query-parser.js';

/**
 * Matches are counted up to this many, and only this many (the newest, ranked) can be paged through: counting and
 * ranking a common word's tens of thousands of matches is slow and no reader pages that far. The page then says
 * "more than 1,000". (The ranking window of the engines.)
 */
export const MAX_RESULTS = RANK_WINDOW;

export interface SearchRequest {
  q?: string;
  /** A section's slug: the section and its subsections. */
  section?: string;
  /** YYYY-MM-DD, in the site's time zone, inclusive. */
  from?: string;
  to?: string;
  page?: number;
  perPage: number;
}

export interface SearchHit {
  article: ArticleSummary;
  /** The headline as HTML: escaped, with <mark> around matched words. */
  titleHtml: string;
  /** A passage (body, else standfirst) as HTML: escaped, with <mark> around matched words. */
  snippetHtml: string;
}

export interface SearchResults extends Page<SearchHit> {
  /** There are more than `total` matches (total is then MAX_RESULTS). */
  moreThanTotal: boolean;
  /** `total` is an estimate (a phrase in a large archive on PostgreSQL); the page says "about". */
  approximate: boolean;
}

export type SearchOutcome = { kind: 'form' } | { kind: 'results'; results: SearchResults };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MESSAGES = {
  badDate: 'Enter dates as YYYY-MM-DD, for example 2024-03-31.',
  dateOrder: 'The “to” date must be the same as or after the “from” date.',
  noSection: 'There is no such section; choose one from the list.',
};

export interface SearchServiceDeps {
  db: Kysely<Database>;
  index: FullTextIndex;
  articles: ArticleService;
  taxonomy: TaxonomyService;
  settings: SettingsService;
  clock: Clock;
}

/**
 * Site search over published articles: headline, standfirst, body, tags and authors, ranked by relevance with a
 * recency boost (see FullTextIndex), filtered by section and dates, with highlighted snippets. Bad input becomes an
 * `invalid` DomainError with a message for the reader; an empty query is not an error (the page shows the form).
 */
export class SearchService {
  constructor(private readonly deps: SearchServiceDeps) {}

  async search(request: SearchRequest): Promise<SearchOutcome> {
    const parsed = parseSearchQuery(request.q ?? '');
    if (parsed.kind === 'empty') return { kind: 'form' };
    if (parsed.kind === 'invalid') throw invalid(parsed.message);
    const { timeZone } = await this.deps.settings.get();
    const criteria: SearchCriteria = {
      terms: parsed.terms,
      ...dateRange(request.from, request.to, timeZone),
      ...(request.section ? { sectionIds: await this.sectionIds(request.section) } : {}),
      now: isoNow(this.deps.clock),
    };

    const { perPage } = request;
    const page = request.page ?? 1;
    const offset = (page - 1) * perPage;
    const limit = Math.max(0, Math.min(perPage, MAX_RESULTS - offset));
    const { hits: ranked, matches: counted, estimated } = await this.deps.index.rank(this.deps.db, criteria, limit, offset);
    const ids = ranked.map((hit) => hit.articleId);
    const [summaries, marked] = ids.length
      ? await Promise.all([this.deps.articles.publishedSummaries(ids), this.deps.index.marked(this.deps.db, parsed.terms, ids)])
      : [[], new Map<number, MarkedHit>()];
    const byId = new Map(summaries.map((summary) => [summary.id, summary]));
    // Ranked order; a document whose article stopped being published a moment ago is simply left out.
    const items = ids.flatMap((id) => {
      const article = byId.get(id);
      return article ? [hitOf(article, marked.get(id))] : [];
    });
    return {
      kind: 'results',
      results: {
        ...pageOf(items, page, perPage, Math.min(counted, MAX_RESULTS)),
        moreThanTotal: counted > MAX_RESULTS,
        approximate: estimated === true,
      },
    };
  }

  private async sectionIds(slug: string): Promise<number[]> {
    const found = await this.deps.taxonomy.findSection(slug);
    if (!found) throw invalid(MESSAGES.noSection);
    return descendantIds(found.section);
  }
}

function hitOf(article: ArticleSummary, marked: MarkedHit | undefined): SearchHit {
  if (!marked) return { article, titleHtml: markedToHtml(article.title), snippetHtml: markedToHtml(article.standfirst) };
  // The passage that shows why it matched: the body's, else the standfirst, else whatever there is.
  const snippet = hasMarks(marked.body) ? marked.body : hasMarks(marked.standfirst) || marked.standfirst ? marked.standfirst : marked.body;
  return { article, titleHtml: markedToHtml(marked.title || article.title), snippetHtml: markedToHtml(snippet) };
}

/** Validates the optional YYYY-MM-DD dates and turns them into instants: from 00:00 of `from` to 24:00 of `to`. */
export function dateRange(from: string | undefined, to: string | undefined, timeZone: string): Pick<SearchCriteria, 'from' | 'before'> {
  const start = from ? calendarDate(from) : null;
  const end = to ? calendarDate(to) : null;
  if (start && end && end < start) throw invalid(MESSAGES.dateOrder);
  return {
    ...(start ? { from: zonedMidnight(start, timeZone) } : {}),
    ...(end ? { before: zonedMidnight(nextDay(end), timeZone) } : {}),
  };
}

function calendarDate(value: string): string {
  const match = DATE.exec(value.trim());
  if (!match) throw invalid(MESSAGES.badDate);
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1000 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) throw invalid(MESSAGES.badDate);
  return value.trim();
}

function nextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** The instant (ISO, UTC) at which `date` begins in `timeZone`. */
export function zonedMidnight(date: string, timeZone: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return zonedWallTime(y, m, d, 0, 0, 0, timeZone);
}
