import { dialectOf } from '../../platform/db/dialect.js';
import type { Db } from '../../platform/db/types.js';
import { PostgresFullTextIndex } from './fulltext.postgres.js';
import { SqliteFullTextIndex } from './fulltext.sqlite.js';
import type { FullTextIndex } from './search.repository.js';

/**
 * The full-text engine of this database's dialect: the one place that picks an engine (services.ts asks once).
 * The engines implement search.repository.ts's FullTextIndex and import nothing back from here.
 */
export function fullTextIndex(db: Db): FullTextIndex {
  return dialectOf(db) === 'postgres' ? new PostgresFullTextIndex() : new SqliteFullTextIndex();
}
