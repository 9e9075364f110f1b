import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../platform/db/types.js';
import { ELLIPSIS, MARK_END, MARK_START } from './highlight.js';
import type { QueryTerm } from './query-parser.js';
import {
  type FullTextIndex,
  type MarkedHit,
  RANK_WINDOW,
  type RankedHit,
  type RankedPage,
  type SearchCriteria,
  type SearchDocument,
} from './search.repository.js';

/** An FTS5 string: every word is quoted, so nothing a reader typed is read as an operator or a column name. */
function quoted(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

function termExpression(term: QueryTerm): string {
  if (term.kind === 'phrase') return quoted(term.words.join(' '));
  if (term.kind === 'prefix') return `${quoted(term.text)}*`;
  return quoted(term.text);
}

/** The FTS5 MATCH expression: all included terms, then NOT each excluded one. */
export function ftsMatchExpression(terms: QueryTerm[]): string {
  const included = terms.filter((t) => !t.exclude).map(termExpression);
  const excluded = terms.filter((t) => t.exclude).map(termExpression);
  const all = `(${included.join(' AND ')})`;
  return excluded.length ? `${all} NOT ${excluded.join(' NOT ')}` : all;
}

// Column weights for bm25, in the table's column order: title, standfirst, tags, authors, body_text.
const BM25 = sql.raw('bm25(article_search_fts, 10.0, 5.0, 3.0, 3.0, 1.0)');
const SNIPPET_TOKENS = 28;

/**
 * The FTS rowid is the document's search key: (seconds since 1970 << 30) | article_id. Ordered by publication time,
 * so FTS5, which walks rowids in order, finds the newest matches and date ranges without touching other rows, and
 * the recency boost reads the time straight from the rowid. The key passes 2^53, so it is only ever computed and
 * compared in SQL, never read into JavaScript.
 */
const ID_BITS = 30;
const ID_MASK = sql.raw(String(2 ** ID_BITS - 1));
const MAX_ARTICLE_ID = 2 ** ID_BITS - 1;
const articleIdOfRowid = sql`(article_search_fts.rowid & ${ID_MASK})`;
const keyAt = (seconds: number) => sql`(${Math.max(0, seconds)} << ${sql.raw(String(ID_BITS))})`;
const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** Everything but the window: the match, the date range (as rowid bounds) and the sections. */
function filters(criteria: SearchCriteria, match: string): RawBuilder<unknown> {
  const where: RawBuilder<unknown>[] = [sql`article_search_fts match ${match}`];
  if (criteria.from) where.push(sql`article_search_fts.rowid >= ${keyAt(seconds(criteria.from))}`);
  if (criteria.before) where.push(sql`article_search_fts.rowid < ${keyAt(seconds(criteria.before))}`);
  if (criteria.sectionIds) {
    const ids = criteria.sectionIds.length ? criteria.sectionIds : [-1];
    // A probe of article_sections' primary key per candidate: the window stops after 2,000 hits, so this stays cheap,
    // where `in (select …)` would first collect every article of a big section (and could be handed to FTS5 as
    // rowids to seek one by one).
    where.push(
      // (`+` keeps SQLite from seeking once per listed section: it reads the article's one or two rows instead.)
      sql`exists (select 1 from article_sections s where s.article_id = ${articleIdOfRowid} and +s.section_id in (${sql.join(ids)}))`,
    );
  }
  return sql.join(where, sql` and `);
}

/** SQLite: an FTS5 table with external content (article_search_documents), kept in step by triggers. */
export class SqliteFullTextIndex implements FullTextIndex {
  async upsert(db: Db, documents: SearchDocument[]): Promise<void> {
    if (!documents.length) return;
    const tooLarge = documents.find((doc) => doc.articleId > MAX_ARTICLE_ID);
    if (tooLarge) throw new Error(`article id ${tooLarge.articleId} is too large for the SQLite search key`);
    // One parameter for the whole batch: the rows as JSON, unpacked by json_each.
    await sql`
      insert into article_search_documents
        (article_id, published_at, article_version, title, standfirst, tags, authors, body_text, search_key)
      select v.article_id, v.published_at, v.article_version, v.title, v.standfirst, v.tags, v.authors, v.body_text,
        (max(0, cast(strftime('%s', v.published_at) as integer)) << ${sql.raw(String(ID_BITS))}) | v.article_id
      from (
        select value ->> '$.articleId' as article_id, value ->> '$.publishedAt' as published_at,
          value ->> '$.articleVersion' as article_version, value ->> '$.title' as title,
          value ->> '$.standfirst' as standfirst, value ->> '$.tags' as tags, value ->> '$.authors' as authors,
          value ->> '$.bodyText' as body_text
        from json_each(${JSON.stringify(documents)})
      ) as v
      where true
      on conflict (article_id) do update set
        published_at = excluded.published_at, article_version = excluded.article_version, title = excluded.title,
        standfirst = excluded.standfirst, tags = excluded.tags, authors = excluded.authors,
        body_text = excluded.body_text, search_key = excluded.search_key
      -- Never replace a document with one built from an older version of the article.
      where article_search_documents.article_version <= excluded.article_version`.execute(db);
  }

  async lockArticle(): Promise<void> {
    // SQLite has one writer at a time: a write transaction already excludes every other.
  }

  async rank(db: Db, criteria: SearchCriteria, limit: number, offset: number): Promise<RankedPage> {
    const match = ftsMatchExpression(criteria.terms);
    const where = filters(criteria, match);
    const now = seconds(criteria.now);
    // Only the newest RANK_WINDOW matches are scored: the rowid of the window's oldest is a lower bound for FTS5.
    const { rows } = await sql<RankedHit>`
      select ${articleIdOfRowid} as "articleId",
        -${BM25} * (1 + 1 / (1 + max(0, (${now} - (article_search_fts.rowid >> ${sql.raw(String(ID_BITS))})) / 86400.0) / 30.0)) as score
      from article_search_fts
      where ${where}
        and article_search_fts.rowid >= coalesce(
          (select article_search_fts.rowid from article_search_fts where ${where}
           order by article_search_fts.rowid desc limit 1 offset ${RANK_WINDOW - 1}),
          -9223372036854775807)
      order by score desc, article_search_fts.rowid desc
      limit ${limit} offset ${offset}`.execute(db);
    // Counting stops at the cap: FTS5 walks no further.
    const counted = await sql<{ n: number }>`
      select count(*) as n from (select 1 from article_search_fts where ${where} limit ${RANK_WINDOW + 1})`.execute(db);
    return { hits: rows, matches: Number(counted.rows[0]?.n ?? 0) };
  }

  async marked(db: Db, terms: QueryTerm[], articleIds: number[]): Promise<Map<number, MarkedHit>> {
    if (!articleIds.length) return new Map();
    const { rows } = await sql<MarkedHit & { articleId: number }>`
      select ${articleIdOfRowid} as "articleId",
        highlight(article_search_fts, 0, ${MARK_START}, ${MARK_END}) as title,
        highlight(article_search_fts, 1, ${MARK_START}, ${MARK_END}) as standfirst,
        snippet(article_search_fts, 4, ${MARK_START}, ${MARK_END}, ${ELLIPSIS}, ${SNIPPET_TOKENS}) as body
      from article_search_fts
      where article_search_fts match ${ftsMatchExpression(terms)}
        and article_search_fts.rowid in (select search_key from article_search_documents where article_id in (${sql.join(articleIds)}))`.execute(db);
    return new Map(rows.map(({ articleId, ...marked }) => [articleId, marked]));
  }

  async optimize(db: Db): Promise<void> {
    await sql`insert into article_search_fts (article_search_fts) values ('optimize')`.execute(db);
  }
}
