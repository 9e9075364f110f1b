import type { MigrationDb } from '../migration-db.js';
import { sql } from 'kysely';
import type { DialectHelpers } from '../dialect.js';

/**
 * PostgreSQL search at archive size (SQLite is unchanged). A search reads the GIN index for its candidates, then
 * needs each candidate's publication time (to keep the newest) and a relevance score. Both used to come from
 * article_search_documents, whose rows are wide (the texts for snippets) and whose full vector (~8 kB for a long
 * body, out of line) had to be read to score each candidate: ~15 µs a vector, 1,000 candidates a search. Now
 * article_search_vectors holds, per document, only what a search reads:
 *
 * - the full weighted vector, out of line (GIN index), plus lexemes for the publication month (`~2025-11`) and each
 *   section (`~s12`), see news/search/filter-lexemes.ts, so the index alone can hand over the newest matches in a
 *   section a few months at a time. No btree on published_at: walking it would read a vector per row;
 * - published_at;
 * - rank_vector: the headline, standfirst, tags and authors part of the vector (weights A-C, a few hundred bytes, in
 *   line), which relevance is scored on. The body decides whether a story matches, not how well.
 *
 * The table is small enough to stay in PostgreSQL's buffers at 100,000 stories; the documents table keeps the texts.
 */
export async function up(db: MigrationDb, d: DialectHelpers): Promise<void> {
  if (d.name !== 'postgres') return;
  await sql`
    create table article_search_vectors (
      article_id integer primary key references article_search_documents (article_id) on delete cascade,
      published_at timestamptz not null,
      rank_vector tsvector not null,
      search_vector tsvector not null
    ) with (toast_tuple_target = 128)`.execute(db);
  // The full vector out of line (uncompressed: tsvectors barely compress), the rank vector in line.
  await sql`alter table article_search_vectors alter column search_vector set storage external`.execute(db);
  await sql`alter table article_search_vectors alter column rank_vector set storage main`.execute(db);
  await sql`
    insert into article_search_vectors (article_id, published_at, rank_vector, search_vector)
    select d.article_id, d.published_at, ts_filter(d.search_vector, '{a,b,c}'),
      -- The filter lexemes, as news/search/filter-lexemes.ts names them: the month, then each section.
      d.search_vector || array_to_tsvector(array['~' || to_char(d.published_at at time zone 'UTC', 'YYYY-MM')] ||
        array(select '~s' || s.section_id from article_sections s where s.article_id = d.article_id))
    from article_search_documents d`.execute(db);
  await sql`create index article_search_vectors_vector_idx on article_search_vectors using gin (search_vector)`.execute(db);
  await sql`drop index article_search_documents_vector_idx`.execute(db);
  await sql`alter table article_search_documents drop column search_vector`.execute(db);
  await sql`analyze article_search_vectors`.execute(db);
}
