import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../platform/db/types.js';
import { sectionLexeme } from './filter-lexemes.js';
import { SearchWindows } from './search-windows.js';
import { type SearchCriteria, newestPublication } from './search.repository.js';

/** A document a PostgreSQL search found, with its score (relevance × recency boost, see FullTextIndex). */
export interface Candidate {
  id: number;
  publishedAt: string;
  score: number;
  /** Whether the rank vector alone shows the story matches the exact query (asked only with a phrase). */
  inRank: boolean;
}

/** What candidates are found with, scored on and (with a phrase) checked against in the rank vector. */
export interface CandidateQuery {
  /** What the GIN index answers by itself: a phrase is "all of its words" here. */
  coarse: RawBuilder<unknown>;
  /** The included terms, for relevance. */
  scored: RawBuilder<unknown>;
  /** The whole query, phrases and all; null without a phrase. */
  exact: RawBuilder<unknown> | null;
}

// Weights for {D, C, B, A}: body (not in the rank vector), tags and authors, standfirst, headline. Normalisation 1:
// divide by 1 + log(length).
const RANK_WEIGHTS = sql.lit('{0.1, 0.4, 0.6, 1.0}');

/** Body-only matches: what a story scores when the words are only in its body (the rank vector has no body). */
const BODY_ONLY_RELEVANCE = 0.05;

/** Best first: score, then newer, then higher id (the order both dialects rank in). */
export const byScore = (a: Candidate, b: Candidate) =>
  b.score - a.score || (a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : b.id - a.id);

/**
 * The newest documents matching the coarse query (and the filters), newest first, with their scores, and whether
 * more were left out: `most` of them, or as many as `wanted` says (never more), asked again after each window with what was found so far (a phrase's pool grows with what its
 * first candidates show). Asked window by window (see search-windows.ts): the GIN index answers "the words and one
 * of these months", so only those months' matches are visited; the rest of the archive is asked last, only when the
 * windows did not find enough. The score is computed on the rows kept, after the limit (computed in the scan, it
 * would cost ~4 µs for every match visited).
 */
export async function newestCandidates(
  db: Db,
  criteria: SearchCriteria,
  query: CandidateQuery,
  most: number,
  wanted: (found: Candidate[]) => Promise<number> | number = () => most,
): Promise<{ candidates: Candidate[]; truncated: boolean }> {
  // Windows start at the newest story, not at now: a site that has published nothing lately (an archive, a quiet
  // week) would otherwise find nothing in its first months and take every word for a rare one.
  const windows = new SearchWindows((await newestPublication(db)) ?? criteria.now, criteria.from, criteria.before);
  const found: Candidate[] = [];
  let target = most;
  const ask = async (extra: RawBuilder<unknown> | null) => {
    const { rows } = await sql<{ id: number; publishedAt: Date | string; score: number; inRank: boolean }>`
      select c.id, c.published_at as "publishedAt",
        (${sql.lit(BODY_ONLY_RELEVANCE)} + ts_rank_cd(${RANK_WEIGHTS}, c.rank_vector, ${query.scored}, 1)) *
          (1 + 1 / (1 + greatest(0, extract(epoch from (${criteria.now}::timestamptz - c.published_at)) / 86400) / 30.0)) as score,
        ${query.exact ? sql`c.rank_vector @@ ${query.exact}` : sql`false`} as "inRank"
      from (
        select v.article_id as id, v.published_at, v.rank_vector from article_search_vectors v
        where ${sql.join([...filters(criteria, query.coarse), ...(extra ? [extra] : [])], sql` and `)}
        order by v.published_at desc, v.article_id desc
        limit ${target - found.length}
      ) c
      order by c.published_at desc, c.id desc`.execute(db);
    for (const row of rows) {
      found.push({ id: row.id, publishedAt: new Date(row.publishedAt).toISOString(), score: Number(row.score), inRank: row.inRank });
    }
  };
  for (let months = windows.next(0, target); months; months = windows.next(found.length, target)) {
    await ask(sql`v.search_vector @@ ${anyLexeme(months)}`);
    target = Math.min(most, await wanted(found));
    if (found.length >= target) return { candidates: found, truncated: true };
  }
  const rest = windows.rest();
  if (rest?.outside) {
    await ask(sql`(v.published_at < ${rest.outside.coveredFrom}::timestamptz or v.published_at >= ${rest.outside.coveredUntil}::timestamptz)`);
  } else if (rest) {
    await ask(null);
  }
  return { candidates: found, truncated: found.length >= target };
}

function filters(criteria: SearchCriteria, query: RawBuilder<unknown>): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [sql`v.search_vector @@ ${query}`];
  if (criteria.from) where.push(sql`v.published_at >= ${criteria.from}::timestamptz`);
  if (criteria.before) where.push(sql`v.published_at < ${criteria.before}::timestamptz`);
  if (criteria.sectionIds) {
    where.push(criteria.sectionIds.length ? sql`v.search_vector @@ ${anyLexeme(criteria.sectionIds.map(sectionLexeme))}` : sql`false`);
  }
  return where;
}

/** Any of these filter lexemes, as a tsquery literal: they contain no quote, and the cast cannot fail on them. */
function anyLexeme(lexemes: string[]): RawBuilder<unknown> {
  return sql`${lexemes.map((lexeme) => `'${lexeme}'`).join(' | ')}::tsquery`;
}
