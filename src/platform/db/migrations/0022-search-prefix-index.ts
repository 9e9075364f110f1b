import type { MigrationDb } from '../migration-db.js';
import { sql } from 'kysely';
import type { DialectHelpers } from '../dialect.js';

/**
 * SQLite search: one prefix index (3 letters) instead of four (3 to 6). Each prefix index adds a copy of every
 * token to the FTS5 index, so four of them made indexing four times as slow (an archive import spent more time on
 * them than on everything else it writes). A 3-letter prefix, the shortest the query language accepts, can match
 * hundreds of terms and keeps its index; a longer prefix matches few terms, which FTS5 reads from the term index.
 * The table is rebuilt from its external content (article_search_documents); the triggers that keep it in step
 * name it and stay as they are. PostgreSQL is unchanged.
 */
export async function up(db: MigrationDb, d: DialectHelpers): Promise<void> {
  if (d.name !== 'sqlite') return;
  await sql`drop table article_search_fts`.execute(db);
  await sql`
    create virtual table article_search_fts using fts5(
      title, standfirst, tags, authors, body_text,
      content = 'article_search_documents',
      content_rowid = 'search_key',
      tokenize = 'porter unicode61 remove_diacritics 2',
      prefix = '3'
    )`.execute(db);
  await sql`insert into article_search_fts (article_search_fts) values ('rebuild')`.execute(db);
}
