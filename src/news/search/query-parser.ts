/**
 * The site search's query language, parsed by us so that nothing a reader types can be a syntax error in FTS5 or in
 * a PostgreSQL tsquery. It understands:
 *
 *   words            all must match (AND)
 *   "a quoted phrase" the words next to each other, in order
 *   prefix*          words starting with "prefix" (at least three letters before the star)
 *   -word, -"phrase" leave out stories that have it
 *
 * Everything else is plain text: operators (AND, OR, NOT, NEAR(), ^, +), parentheses, colons (`title:`), stray or
 * unbalanced quotes and stars are separators or ordinary words. Words joined by - ' . / & @ (covid-19, o'neill, u.s.)
 * become a phrase of their parts, which is how both full-text engines split them in the stored text.
 *
 * The result is plain data (terms); the dialect's search repository turns it into its own syntax, quoting every word.
 */
export const MAX_QUERY_LENGTH = 200;
export const MAX_QUERY_TERMS = 12;
/** A prefix needs this many letters before its star; "ab*" would match much of the archive (SQLite indexes 3–6). */
export const MIN_PREFIX_LENGTH = 3;

export type QueryTerm =
  { kind: 'word'; text: string; exclude: boolean } | { kind: 'prefix'; text: string; exclude: boolean } | { kind: 'phrase'; words: string[]; exclude: boolean };

export type ParsedSearchQuery =
  | { kind: 'empty' }
  | { kind: 'invalid'; message: string }
  /** At least one term is included (not excluded). */
  | { kind: 'query'; terms: QueryTerm[] };

export const QUERY_MESSAGES = {
  tooLong: `Search for at most ${MAX_QUERY_LENGTH} characters.`,
  tooManyTerms: `Search for at most ${MAX_QUERY_TERMS} words or phrases.`,
  noWords: 'Type a word or two to search for.',
  onlyExcluded: 'Add a word to search for: a minus sign (-word) only leaves stories out.',
  onlyCommon: 'Add a more specific word: words such as “the” and “and” are too common to search for.',
} as const;

/**
 * English stop words: PostgreSQL's `english` configuration leaves these out of the index, so a search for them alone
 * would find nothing there and everything on SQLite. Dropping them from queries on both keeps the two the same.
 * (This is PostgreSQL's list, tsearch_data/english.stop.)
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself it ' +
    'its itself they them their theirs themselves what which who whom this that these those am is are was were be been ' +
    'being have has had having do does did doing a an the and but if or because as until while of at by for with about ' +
    'against between into through during before after above below to from up down in out on off over under again ' +
    'further then once here there when where why how all any both each few more most other some such no nor not only ' +
    'own same so than too very s t can will just don should now'
  ).split(' '),
);

// A word: letters, digits and combining marks (so "é" written as e + accent stays one word).
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
// Characters that join the parts of one word-like token into a phrase (covid-19, o'neill, u.s., at&t, 24/7).
const JOINERS = new Set(['-', "'", '’', '.', '/', '&', '@', '_']);

/** Lower case without accents: how both engines compare words (SQLite's remove_diacritics, our fold on PostgreSQL). */
export function comparableWord(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

const isStopWord = (word: string) => STOP_WORDS.has(comparableWord(word));

interface Group {
  words: string[];
  /** The group's last word was followed directly by a star. */
  star: boolean;
}

/** Splits one whitespace-free token into groups of words joined by joiners; any other character separates groups. */
function groupsOf(token: string): Group[] {
  const groups: Group[] = [];
  let current: Group | null = null;
  let lastEnd = 0;
  for (const match of token.matchAll(WORD)) {
    const between = token.slice(lastEnd, match.index);
    if (current && between.length === 1 && JOINERS.has(between)) {
      current.words.push(match[0]);
    } else {
      if (current) groups.push(current);
      current = { words: [match[0]], star: false };
    }
    lastEnd = match.index + match[0].length;
    current.star = token[lastEnd] === '*';
  }
  if (current) groups.push(current);
  return groups;
}

function termOf(group: Group, exclude: boolean): QueryTerm {
  if (group.words.length > 1) return { kind: 'phrase', words: group.words, exclude };
  const text = group.words[0]!;
  if (group.star && comparableWord(text).length >= MIN_PREFIX_LENGTH) return { kind: 'prefix', text, exclude };
  return { kind: 'word', text, exclude };
}

function termKey(term: QueryTerm): string {
  const body = term.kind === 'phrase' ? term.words.map(comparableWord).join(' ') : comparableWord(term.text);
  return `${term.exclude ? '-' : '+'}${term.kind}:${body}`;
}

/** Reads a reader's query. Never throws: bad input is `invalid` with a message to show. */
export function parseSearchQuery(raw: string): ParsedSearchQuery {
  const text = raw
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!text) return { kind: 'empty' };
  if ([...text].length > MAX_QUERY_LENGTH) return { kind: 'invalid', message: QUERY_MESSAGES.tooLong };

  const terms: QueryTerm[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === ' ') {
      i++;
      continue;
    }
    let exclude = false;
    if (text[i] === '-' && i + 1 < text.length && text[i + 1] !== ' ') {
      exclude = true;
      i++;
    }
    if (text[i] === '"') {
      const close = text.indexOf('"', i + 1);
      if (close === -1) {
        // An unbalanced quote: the rest is read as ordinary words.
        i++;
        continue;
      }
      const words = [...text.slice(i + 1, close).matchAll(WORD)].map((m) => m[0]);
      if (words.length === 1) terms.push({ kind: 'word', text: words[0]!, exclude });
      else if (words.length > 1) terms.push({ kind: 'phrase', words, exclude });
      i = close + 1;
      continue;
    }
    let end = i;
    while (end < text.length && text[end] !== ' ' && text[end] !== '"') end++;
    for (const group of groupsOf(text.slice(i, end))) terms.push(termOf(group, exclude));
    i = end;
  }

  const seen = new Set<string>();
  const unique = terms.filter((term) => {
    const key = termKey(term);
    return seen.has(key) ? false : (seen.add(key), true);
  });
  if (!unique.length) return { kind: 'invalid', message: QUERY_MESSAGES.noWords };
  if (unique.length > MAX_QUERY_TERMS) return { kind: 'invalid', message: QUERY_MESSAGES.tooManyTerms };
  // Stop words alone are dropped, as are phrases made only of them; prefixes of stop words too ("the*").
  const meaningful = unique.filter((term) => (term.kind === 'phrase' ? !term.words.every(isStopWord) : !isStopWord(term.text)));
  const included = meaningful.filter((term) => !term.exclude);
  if (!included.length) {
    return { kind: 'invalid', message: unique.some((t) => !t.exclude) ? QUERY_MESSAGES.onlyCommon : QUERY_MESSAGES.onlyExcluded };
  }
  return { kind: 'query', terms: meaningful };
}

/** The words worth highlighting, in the order typed (for engines that need them listed). */
export function includedTerms(terms: QueryTerm[]): QueryTerm[] {
  return terms.filter((term) => !term.exclude);
}
