import type { MigrationDb } from '../migration-db.js';
import { sql } from 'kysely';
import type { DialectHelpers } from '../dialect.js';

/**
 * Site search: one document per published article (headline, standfirst, tag names, author names, body as plain
 * text, publication time), kept by the search indexer (news/search). The full-text index differs per dialect:
 *
 * - SQLite: an FTS5 table over the documents (external content: the text is stored once, in the documents table),
 *   with the porter stemmer over unicode61 with diacritics removed, prefix indexes for 3- to 6-letter prefixes,
 *   rowids ordered by publication time, and triggers that keep it in step with the documents table.
 * - PostgreSQL: a tsvector column (weights A headline, B standfirst, C tags and authors, D body; 'english'
 *   configuration) written by the indexer, with a GIN index.
 *
 * The table starts empty; the indexer fills it as articles are published, and `dateline reindex` builds it for
 * articles published before this migration.
 */
export async function up(db: MigrationDb, d: DialectHelpers): Promise<void> {
  let table = db.schema
    .createTable('article_search_documents')
    .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
    // The small columns first: SQLite reads a row's leading columns without touching the long body's overflow pages.
    .addColumn('published_at', d.timestampType, (c) => c.notNull())
    // The articles.version the document was built from: lets the indexer skip work already done.
    .addColumn('article_version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('standfirst', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('authors', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull());
  if (d.name === 'postgres') table = table.addColumn('search_vector', sql`tsvector`, (c) => c.notNull());
  // SQLite: the FTS rowid (see below), unique.
  else table = table.addColumn('search_key', 'integer', (c) => c.notNull().unique());
  await table.execute();
  await db.schema.createIndex('article_search_documents_published_idx').on('article_search_documents').column('published_at').execute();

  if (d.name === 'postgres') {
    await sql`create index article_search_documents_vector_idx on article_search_documents using gin (search_vector)`.execute(db);
    return;
  }

  // The FTS rowid is a search key ordered by publication time: (seconds since 1970 << 30) | article_id, computed by
  // the search repository. FTS5 walks rowids in order, so "the newest N matches" and date ranges cost almost nothing
  // and ranking needs no join for the recency boost (see news/search/fulltext.sqlite.ts).
  await sql`
    create virtual table article_search_fts using fts5(
      title, standfirst, tags, authors, body_text,
      content = 'article_search_documents',
      content_rowid = 'search_key',
      tokenize = 'porter unicode61 remove_diacritics 2',
      prefix = '3 4 5 6'
    )`.execute(db);
  const columns = sql.raw('title, standfirst, tags, authors, body_text');
  const values = (row: 'new' | 'old') => sql.raw(`${row}.title, ${row}.standfirst, ${row}.tags, ${row}.authors, ${row}.body_text`);
  await sql`
    create trigger article_search_documents_ai after insert on article_search_documents begin
      insert into article_search_fts (rowid, ${columns}) values (new.search_key, ${values('new')});
    end`.execute(db);
  await sql`
    create trigger article_search_documents_ad after delete on article_search_documents begin
      insert into article_search_fts (article_search_fts, rowid, ${columns}) values ('delete', old.search_key, ${values('old')});
    end`.execute(db);
  // Only when indexed text (or the key) changed: a re-index of unchanged documents costs no FTS work.
  await sql`
    create trigger article_search_documents_au after update on article_search_documents
    when old.search_key is not new.search_key or old.title is not new.title or old.standfirst is not new.standfirst
      or old.tags is not new.tags or old.authors is not new.authors or old.body_text is not new.body_text
    begin
      insert into article_search_fts (article_search_fts, rowid, ${columns}) values ('delete', old.search_key, ${values('old')});
      insert into article_search_fts (rowid, ${columns}) values (new.search_key, ${values('new')});
    end`.execute(db);
}
