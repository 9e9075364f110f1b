import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { Db } from '../../platform/db/types.js';
import { FRAGMENT_BREAK, MARK_END, MARK_START, foldText, unfoldMarked } from './highlight.js';
import { filterLexemes, searchWindows, sectionLexeme } from './filter-lexemes.js';
import { type QueryTerm, comparableWord } from './query-parser.js';
import { type FullTextIndex, type MarkedHit, RANK_WINDOW, type RankedPage, type SearchCriteria, type SearchDocument } from './search.repository.js';

/**
 * The text search configuration, for documents and queries alike. 'english' stems (elections → elect) and leaves
 * out stop words, like SQLite's porter tokenizer (the query parser drops stop words on both).
 */
const CONFIG = sql.lit('english');

// Accents are folded in JavaScript (foldText), for documents and queries alike: SQL translate() with a table of a few
// hundred letters costs ~10 ms on a long body, which made indexing (and headlines) ten times slower.

/**
 * One term as a tsquery, always through functions that cannot fail on their input: plainto_tsquery and
 * phraseto_tsquery take any text; a prefix goes to to_tsquery as one quoted lexeme, and the parser allows only
 * letters, digits and marks in a word, so it cannot contain a quote or an operator.
 */
function termQuery(term: QueryTerm): RawBuilder<unknown> {
  if (term.kind === 'phrase') return sql`phraseto_tsquery(${CONFIG}, ${foldText(term.words.join(' '))})`;
  if (term.kind === 'prefix') return sql`to_tsquery(${CONFIG}, ${`'${foldText(term.text).replace(/'/g, '')}':*`})`;
  return sql`plainto_tsquery(${CONFIG}, ${foldText(term.text)})`;
}

export function tsQuery(terms: QueryTerm[]): RawBuilder<unknown> {
  const parts = terms.map((term) => (term.exclude ? sql`(!! ${termQuery(term)})` : termQuery(term)));
  return sql`(${sql.join(parts, sql` && `)})`;
}

/** With a phrase, how many of the newest stories holding all its words may be checked for the phrase itself. */
const PHRASE_POOL = 2000;

// Weights for {D, C, B, A}: body (not in the rank vector), tags and authors, standfirst, headline. Normalisation 1:
// divide by 1 + log(length).
const RANK_WEIGHTS = sql.lit('{0.1, 0.4, 0.6, 1.0}');
const HEADLINE_ALL = `HighlightAll=true, StartSel=${MARK_START}, StopSel=${MARK_END}`;
const HEADLINE_BODY = `MaxFragments=2, MaxWords=18, MinWords=8, ShortWord=2, FragmentDelimiter=${FRAGMENT_BREAK}, StartSel=${MARK_START}, StopSel=${MARK_END}`;

/** Body-only matches: what a story scores when the words are only in its body (the rank vector has no body). */
const BODY_ONLY_RELEVANCE = 0.05;

function filters(criteria: SearchCriteria, query: RawBuilder<unknown>): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [sql`v.search_vector @@ ${query}`];
  if (criteria.from) where.push(sql`v.published_at >= ${criteria.from}::timestamptz`);
  if (criteria.before) where.push(sql`v.published_at < ${criteria.before}::timestamptz`);
  if (criteria.sectionIds) {
    where.push(criteria.sectionIds.length ? sql`v.search_vector @@ ${anyLexeme(criteria.sectionIds.map(sectionLexeme))}` : sql`false`);
  }
  return where;
}

interface Candidate {
  id: number;
  publishedAt: string;
}

/**
 * The newest `wanted` documents matching `query` (and the filters), newest first. Asked window by window (see
 * filter-lexemes.ts): the GIN index answers "the words and one of these months", so only those months' matches are
 * visited; the rest of the archive is asked last, only when the windows did not have enough.
 */
async function newestCandidates(db: Db, criteria: SearchCriteria, query: RawBuilder<unknown>, wanted: number): Promise<Candidate[]> {
  const { windows, coveredFrom, coveredUntil, restNeeded } = searchWindows(criteria.now, criteria.from, criteria.before);
  const found: Candidate[] = [];
  const ask = async (extra: RawBuilder<unknown>) => {
    const { rows } = await sql<{ id: number; publishedAt: Date | string }>`
      select v.article_id as id, v.published_at as "publishedAt" from article_search_vectors v
      where ${sql.join([...filters(criteria, query), extra], sql` and `)}
      order by v.published_at desc, v.article_id desc
      limit ${wanted - found.length}`.execute(db);
    for (const row of rows) found.push({ id: row.id, publishedAt: new Date(row.publishedAt).toISOString() });
  };
  for (const months of windows) {
    await ask(sql`v.search_vector @@ ${anyLexeme(months)}`);
    if (found.length >= wanted) return found;
  }
  if (restNeeded) await ask(sql`(v.published_at < ${coveredFrom}::timestamptz or v.published_at >= ${coveredUntil}::timestamptz)`);
  return found;
}

/** Any of these filter lexemes, as a tsquery literal: they contain no quote, and the cast cannot fail on them. */
function anyLexeme(lexemes: string[]): RawBuilder<unknown> {
  return sql`${lexemes.map((lexeme) => `'${lexeme}'`).join(' | ')}::tsquery`;
}

/** How many candidates the first phrase check reads; when they hold too few matches, the rest are read at once. */
const PHRASE_FIRST_BATCH = 500;

/**
 * The candidates holding the phrase itself, newest first, at most RANK_WINDOW + 1. A phrase in the headline,
 * standfirst, tags or authors is found in the small rank vector; only the others cost a full vector read. The newest
 * few hundred candidates usually hold enough matches for a common phrase; a rarer one needs them all anyway.
 */
async function withPhrase(db: Db, pool: Candidate[], exact: RawBuilder<unknown>): Promise<Candidate[]> {
  const matched: Candidate[] = [];
  for (const batch of [pool.slice(0, PHRASE_FIRST_BATCH), pool.slice(PHRASE_FIRST_BATCH)]) {
    if (!batch.length || matched.length > RANK_WINDOW) break;
    const { rows } = await sql<{ id: number }>`
      select v.article_id as id from article_search_vectors v
      where v.article_id = any(${batch.map((c) => c.id)}::integer[]) and (v.rank_vector @@ ${exact} or v.search_vector @@ ${exact})`.execute(db);
    const hits = new Set(rows.map((row) => row.id));
    matched.push(...batch.filter((c) => hits.has(c.id)));
  }
  return matched.slice(0, RANK_WINDOW + 1);
}

/**
 * PostgreSQL: what a search reads (the full weighted vector with its GIN index, the rank vector, the publication time
 * and the section ids) in the narrow article_search_vectors; the texts for snippets in article_search_documents.
 * See migration 0015 for why.
 */
export class PostgresFullTextIndex implements FullTextIndex {
  async upsert(db: Db, documents: SearchDocument[]): Promise<void> {
    if (!documents.length) return;
    // One parameter for the whole batch: the rows as JSON (with folded copies of the text for the vector), unpacked
    // by jsonb_to_recordset.
    const rows = JSON.stringify(
      documents.map((doc) => ({
        ...doc,
        foldedTitle: foldText(doc.title),
        foldedStandfirst: foldText(doc.standfirst),
        foldedPeople: foldText(`${doc.tags} ${doc.authors}`),
        foldedBody: foldText(doc.bodyText),
        filterLexemes: filterLexemes(doc.publishedAt, doc.sectionIds),
      })),
    );
    const vector = sql`
      setweight(to_tsvector(${CONFIG}, v."foldedTitle"), 'A') ||
      setweight(to_tsvector(${CONFIG}, v."foldedStandfirst"), 'B') ||
      setweight(to_tsvector(${CONFIG}, v."foldedPeople"), 'C') ||
      setweight(to_tsvector(${CONFIG}, v."foldedBody"), 'D')`;
    // Both rows in one statement; neither is replaced by one built from an older version of the article.
    await sql`
      with input as (
        select v."articleId" as article_id, v."publishedAt" as published_at, v."articleVersion" as article_version,
          v."filterLexemes" as filter_lexemes, v."title", v."standfirst", v."tags", v."authors", v."bodyText", ${vector} as search_vector
        from jsonb_to_recordset(${rows}::jsonb) as v(
          "articleId" integer, "publishedAt" timestamptz, "articleVersion" integer, "filterLexemes" text[], "title" text,
          "standfirst" text, "tags" text, "authors" text, "bodyText" text, "foldedTitle" text, "foldedStandfirst" text,
          "foldedPeople" text, "foldedBody" text)
      ), documents as (
        insert into article_search_documents
          (article_id, published_at, article_version, title, standfirst, tags, authors, body_text)
        select article_id, published_at, article_version, "title", "standfirst", "tags", "authors", "bodyText" from input
        on conflict (article_id) do update set
          published_at = excluded.published_at, article_version = excluded.article_version, title = excluded.title,
          standfirst = excluded.standfirst, tags = excluded.tags, authors = excluded.authors, body_text = excluded.body_text
        where article_search_documents.article_version <= excluded.article_version
        returning article_id
      )
      insert into article_search_vectors (article_id, published_at, rank_vector, search_vector)
      select i.article_id, i.published_at, ts_filter(i.search_vector, '{a,b,c}'), i.search_vector || array_to_tsvector(i.filter_lexemes)
      from input i join documents d using (article_id)
      on conflict (article_id) do update set
        published_at = excluded.published_at, rank_vector = excluded.rank_vector,
        search_vector = excluded.search_vector`.execute(db);
  }

  async lockArticle(db: Db, articleId: number): Promise<void> {
    await sql`select id from articles where id = ${articleId} for update`.execute(db);
  }

  async rank(db: Db, criteria: SearchCriteria, limit: number, offset: number): Promise<RankedPage> {
    const included = criteria.terms.filter((t) => !t.exclude);
    const hasPhrase = included.some((t) => t.kind === 'phrase');
    // Candidates come from the GIN index alone, with a query it answers without reading any vector: phrases become
    // "all of the phrase's words" there, and are checked exactly afterwards.
    const coarse = tsQuery(
      criteria.terms.flatMap((t): QueryTerm[] =>
        t.kind !== 'phrase' ? [t] : t.exclude ? [] : t.words.map((text) => ({ kind: 'word', text, exclude: false })),
      ),
    );
    const work = async (trx: Db) => {
      // A sequential scan would read every vector (out of line, ~15 µs each); the planner does not know that cost.
      // Turning it off makes any plan that still needs one look enormously expensive, which would set off JIT
      // compilation (hundreds of ms) for queries that run in a few: JIT is off too.
      await sql`select set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)`.execute(trx);
      const pool = await newestCandidates(trx, criteria, coarse, hasPhrase ? PHRASE_POOL : RANK_WINDOW + 1);
      const matched = hasPhrase ? await withPhrase(trx, pool, tsQuery(criteria.terms)) : pool;
      if (!matched.length || offset >= matched.length) return { rows: [], matches: matched.length };
      const { rows } = await sql<{ articleId: number; score: number }>`
        select p.article_id as "articleId",
          (${sql.lit(BODY_ONLY_RELEVANCE)} + ts_rank_cd(${RANK_WEIGHTS}, d.rank_vector, ${tsQuery(included)}, 1)) *
          (1 + 1 / (1 + greatest(0, extract(epoch from (${criteria.now}::timestamptz - p.published_at)) / 86400) / 30.0)) as score
        from unnest(${matched.map((c) => c.id)}::integer[], ${matched.map((c) => c.publishedAt)}::timestamptz[]) as p(article_id, published_at)
        join article_search_vectors d on d.article_id = p.article_id
        order by score desc, p.published_at desc, p.article_id desc
        limit ${limit} offset ${offset}`.execute(trx);
      return { rows, matches: matched.length };
    };
    const { rows, matches } = db.isTransaction ? await work(db) : await (db as Kysely<Database>).transaction().execute(work);
    return { hits: rows.map((row) => ({ articleId: row.articleId, score: Number(row.score) })), matches };
  }

  async marked(db: Db, terms: QueryTerm[], articleIds: number[]): Promise<Map<number, MarkedHit>> {
    if (!articleIds.length) return new Map();
    const texts = await db
      .selectFrom('article_search_documents')
      .select(['article_id', 'title', 'standfirst', 'body_text'])
      .where('article_id', 'in', articleIds)
      .execute();
    if (!texts.length) return new Map();
    // Headlines only for the included terms. They run over the folded text (so "nicolas" marks "Nicolás"), sent
    // back as parameters, and get their accents back in unfoldMarked. ts_headline parses all the text it is given,
    // which took ~2 ms per long body: it gets only a window of the body around the first likely match.
    const included = terms.filter((t) => !t.exclude);
    const query = tsQuery(included);
    const windows = texts.map((row) => headlineWindow(row.body_text, included));
    const { rows } = await sql<{ n: number; title: string; standfirst: string; body: string }>`
      select u.n, ts_headline(${CONFIG}, u.title, q.query, ${HEADLINE_ALL}) as title,
        ts_headline(${CONFIG}, u.standfirst, q.query, ${HEADLINE_ALL}) as standfirst,
        ts_headline(${CONFIG}, u.body, q.query, ${HEADLINE_BODY}) as body
      from unnest(${texts.map((r) => foldText(r.title))}::text[], ${texts.map((r) => foldText(r.standfirst))}::text[],
        ${windows.map((w) => foldText(w.text))}::text[]) with ordinality as u(title, standfirst, body, n)
      cross join (select ${query} as query) as q`.execute(db);
    const result = new Map<number, MarkedHit>();
    for (const row of rows) {
      const i = Number(row.n) - 1;
      const original = texts[i]!;
      const window = windows[i]!;
      result.set(original.article_id, {
        title: unfoldMarked(row.title, original.title),
        standfirst: unfoldMarked(row.standfirst, original.standfirst),
        body: unfoldMarked(row.body, window.text, { before: window.start > 0, after: window.end < original.body_text.length }),
      });
    }
    return result;
  }

  async optimize(db: Db): Promise<void> {
    await sql`analyze article_search_documents`.execute(db);
    await sql`analyze article_search_vectors`.execute(db);
  }
}

const WINDOW_CHARS = 1600;
const WINDOW_LEAD = 240;

/**
 * The piece of a body worth giving ts_headline: from a little before the first word that starts like one of the
 * query's words (its first five letters, accents and case ignored, a rough stand-in for the stemmer) to WINDOW_CHARS
 * later, cut at spaces; the start of the body when nothing looks like a match. PostgreSQL still decides exactly what
 * matches; this only spares it from parsing whole bodies.
 */
export function headlineWindow(body: string, terms: QueryTerm[]): { text: string; start: number; end: number } {
  const words = terms.flatMap((t) => (t.kind === 'phrase' ? t.words : [t.text]));
  const stems = [...new Set(words.map((w) => comparableWord(w).slice(0, 5)).filter(Boolean))];
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const first = stems.length ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${stems.map(escape).join('|')})`, 'iu').exec(foldText(body)) : null;
  let start = Math.max(0, (first?.index ?? 0) - WINDOW_LEAD);
  if (start > 0) {
    const space = body.indexOf(' ', start);
    start = space === -1 || space > (first?.index ?? start) ? start : space + 1;
  }
  let end = Math.min(body.length, start + WINDOW_CHARS);
  if (end < body.length) {
    const space = body.lastIndexOf(' ', end);
    if (space > start) end = space;
  }
  return { text: body.slice(start, end), start, end };
}
