import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { Db } from '../../platform/db/types.js';
import { FRAGMENT_BREAK, MARK_END, MARK_START, foldText, unfoldMarked } from './highlight.js';
import { filterLexemes } from './filter-lexemes.js';
import { type Candidate, type CandidateQuery, byScore, newestCandidates } from './candidates.postgres.js';
import { PhraseCheck } from './phrase.postgres.js';
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

const HEADLINE_ALL = `HighlightAll=true, StartSel=${MARK_START}, StopSel=${MARK_END}`;
const HEADLINE_BODY = `MaxFragments=2, MaxWords=18, MinWords=8, ShortWord=2, FragmentDelimiter=${FRAGMENT_BREAK}, StartSel=${MARK_START}, StopSel=${MARK_END}`;

/**
 * With a phrase, at most this many of the newest stories holding all its words are candidates for the phrase: enough
 * for RANK_WINDOW matches when about one in four holds it. Only a sample of them is read in full, so a bigger pool
 * costs little more than finding it.
 */
const PHRASE_POOL = 4000;

function ranked(matched: Candidate[], count: number, estimated: boolean, limit: number, offset: number): RankedPage {
  const hits = matched.sort(byScore).slice(offset, offset + limit);
  return { hits: hits.map((c) => ({ articleId: c.id, score: c.score })), matches: count, ...(estimated ? { estimated } : {}) };
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
    const phrased = criteria.terms.some((t) => t.kind === 'phrase');
    const query: CandidateQuery = {
      // The GIN index alone answers it, without reading any vector: a phrase is "all of its words" there (an
      // excluded phrase is left out); phrases are checked afterwards.
      coarse: tsQuery(
        criteria.terms.flatMap((t): QueryTerm[] =>
          t.kind !== 'phrase' ? [t] : t.exclude ? [] : t.words.map((text) => ({ kind: 'word', text, exclude: false })),
        ),
      ),
      scored: tsQuery(included),
      exact: phrased ? tsQuery(criteria.terms) : null,
    };
    const work = async (trx: Db): Promise<RankedPage> => {
      // A sequential scan would read every vector (out of line, ~15 µs each); the planner does not know that cost.
      // Turning it off makes any plan that still needs one look enormously expensive, which would set off JIT
      // compilation (hundreds of ms) for queries that run in a few: JIT is off too.
      await sql`select set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)`.execute(trx);
      if (!query.exact) {
        const { candidates } = await newestCandidates(trx, criteria, query, RANK_WINDOW + 1);
        return ranked(candidates, candidates.length, false, limit, offset);
      }
      const phrase = new PhraseCheck(trx, query.exact, !criteria.terms.some((t) => t.exclude && t.kind === 'phrase'));
      // Enough candidates to hold RANK_WINDOW + 1 matches, as far as the first window's share of them shows, and at
      // most PHRASE_POOL: a phrase that is how its words usually meet needs few more candidates than matches.
      let share: number | undefined;
      const wanted = async (found: Candidate[]) => {
        share ??= await phrase.share(found);
        return share > 0 ? Math.ceil((RANK_WINDOW + 1) / share) : PHRASE_POOL;
      };
      const { candidates, truncated } = await newestCandidates(trx, criteria, query, PHRASE_POOL, wanted);
      const { matched, count, estimated } = await phrase.matches(candidates, offset + limit);
      // A pool cut short of PHRASE_POOL was cut where it should hold RANK_WINDOW + 1 matches, and more lie beyond it.
      const beyond = truncated && candidates.length < PHRASE_POOL ? RANK_WINDOW + 1 : 0;
      return ranked(matched, Math.max(count, beyond), estimated, limit, offset);
    };
    return db.isTransaction ? work(db) : (db as Kysely<Database>).transaction().execute(work);
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
