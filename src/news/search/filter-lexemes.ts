/**
 * Filter lexemes for PostgreSQL search. Each document's vector also holds a lexeme naming its publication month
 * (UTC), `~2025-11`, and one per section it is in, `~s12`; the query parser never produces a `~`, so no reader's word
 * can match one. The GIN index can then answer "the words AND one of these months AND one of these sections" by
 * itself, handing over only the rows wanted (see search-windows.ts). Pure functions: fulltext.postgres.ts turns them
 * into SQL.
 */

export const monthIndex = (date: Date) => date.getUTCFullYear() * 12 + date.getUTCMonth();
export const monthStart = (index: number) => new Date(Date.UTC(Math.floor(index / 12), index % 12, 1)).toISOString();

export function monthLexeme(index: number): string {
  return `~${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The lexeme for an instant (ISO). */
export function monthLexemeOf(iso: string): string {
  return monthLexeme(monthIndex(new Date(iso)));
}

export function sectionLexeme(sectionId: number): string {
  return `~s${sectionId}`;
}

/** What the indexer adds to a document's vector: its month and its sections. */
export function filterLexemes(publishedAt: string, sectionIds: readonly number[]): string[] {
  return [monthLexemeOf(publishedAt), ...sectionIds.map(sectionLexeme)];
}
