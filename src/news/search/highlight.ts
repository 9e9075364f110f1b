/**
 * Search highlights as safe HTML. The engines mark matched words with two private-use characters (never present in
 * indexed text: documents are cleaned of them); the snippet is HTML-escaped as a whole and only then are the marks
 * turned into <mark> and </mark>. Nothing else in a snippet can become markup.
 */
export const MARK_START = '\uE000';
export const MARK_END = '\uE001';
/** Between two fragments of one snippet (PostgreSQL's FragmentDelimiter). */
export const FRAGMENT_BREAK = '\uE002';
export const ELLIPSIS = '…';

const SENTINELS = /[\uE000-\uE002]/g;

/** Removes the marker characters from text before it is indexed, so stored text can never fake a highlight. */
export function withoutSentinels(text: string): string {
  return text.replace(SENTINELS, '');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes marked text and turns the marks into <mark> elements (unbalanced marks are closed or dropped). */
export function markedToHtml(marked: string): string {
  let html = '';
  let open = false;
  for (const part of marked.split(/([\uE000-\uE002])/)) {
    if (part === MARK_START) {
      if (!open) html += '<mark>';
      open = true;
    } else if (part === MARK_END) {
      if (open) html += '</mark>';
      open = false;
    } else if (part === FRAGMENT_BREAK) {
      if (open) html += '</mark>';
      open = false;
      html += ` ${ELLIPSIS} `;
    } else {
      html += part.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
    }
  }
  return open ? `${html}</mark>` : html;
}

/** True when the engine marked at least one word. */
export function hasMarks(marked: string): boolean {
  return marked.includes(MARK_START);
}

/**
 * Accent folding for PostgreSQL, which has no remove_diacritics without the unaccent extension: each Latin letter
 * with diacritics maps to its base letter, one character to one character, so a folded text has the same length as
 * the original (see `unfoldMarked`). Documents are folded before PostgreSQL computes their vectors, and queries
 * before they become tsqueries. `<` and `>` become spaces so that PostgreSQL's parser never takes words in the text
 * for HTML tags (it drops tags from the index and from headlines; SQLite indexes those words).
 */
function buildFoldTable(): { from: string; to: string } {
  let from = '<>';
  let to = '  ';
  const ranges: Array<[number, number]> = [
    [0x00c0, 0x024f], // Latin-1 Supplement, Latin Extended-A and -B
    [0x1e00, 0x1eff], // Latin Extended Additional (Vietnamese and others)
  ];
  for (const [start, end] of ranges) {
    for (let code = start; code <= end; code++) {
      const char = String.fromCharCode(code);
      const base = char.normalize('NFD').replace(/\p{M}/gu, '');
      if (base.length === 1 && base !== char) {
        from += char;
        to += base;
      }
    }
  }
  return { from, to };
}

export const FOLD_TABLE = buildFoldTable();
const FOLD_MAP = new Map([...FOLD_TABLE.from].map((char, i) => [char, FOLD_TABLE.to[i]!]));

/** Folds accents (and angle brackets) one character for one; see FOLD_TABLE. */
const FOLDABLE = new RegExp(`[${[...FOLD_TABLE.from].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}]`, 'g');

export function foldText(text: string): string {
  return text.replace(FOLDABLE, (char) => FOLD_MAP.get(char) ?? char);
}

/**
 * PostgreSQL's ts_headline runs over the folded text (so "Nicolas" highlights "Nicolás"); its fragments are pieces
 * of that folded text with marks added. Folding keeps lengths, so each fragment is found in the folded text and its
 * characters are taken back from the original at the same places. Fragments that are not found (they always should
 * be) are kept folded. Adds an ellipsis where a fragment does not reach the start or end of the text (`cut`: the text
 * is itself a piece of a longer one).
 */
export function unfoldMarked(headline: string, original: string, cut: { before?: boolean; after?: boolean } = {}): string {
  const folded = foldText(original);
  let searchFrom = 0;
  const fragments = headline.split(FRAGMENT_BREAK).map((fragment) => {
    const plain = fragment.replace(SENTINELS, '');
    const trimmed = plain.trim();
    if (!trimmed) return '';
    const at = folded.indexOf(plain, searchFrom);
    if (at === -1) return fragment.trim();
    searchFrom = at + plain.length;
    let out = '';
    let k = at;
    // Code unit by code unit: folding maps single BMP units to single units and leaves the rest alone.
    for (let j = 0; j < fragment.length; j++) {
      const unit = fragment[j]!;
      out += unit === MARK_START || unit === MARK_END ? unit : (original[k++] ?? '');
    }
    const before = cut.before || original.slice(0, at).trim() ? `${ELLIPSIS} ` : '';
    const after = cut.after || original.slice(at + plain.length).trim() ? ` ${ELLIPSIS}` : '';
    return `${before}${out.trim()}${after}`;
  });
  return fragments
    .filter(Boolean)
    .join(' ')
    .replace(new RegExp(`${ELLIPSIS} ${ELLIPSIS}`, 'g'), ELLIPSIS);
}
