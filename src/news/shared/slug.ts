/**
 * URL slugs: lowercase words of letters, combining marks and digits in any script, joined by single hyphens, NFC
 * ("nicolas-maduro", "日本語", "επίπεδο-2", "новости-дня"). In URLs a slug is always percent-encoded (encodeSlug); in
 * the database, in forms and in route params (Fastify decodes them) it is the decoded text.
 *
 * Latin text is folded to ASCII ("Nicolás" -> "nicolas", "Straße" -> "strasse"), as before unicode slugs and as
 * WordPress does (sanitize_title runs remove_accents, which folds Latin letters only, and percent-encodes the rest):
 * a Spanish or German newsroom keeps the addresses it had, readable and typeable on any keyboard, and an import from
 * WordPress keeps its slugs unchanged. Other scripts have no ASCII form a reader would recognise, so they are kept.
 */

/** At most this many characters (code points), as the slug columns of WordPress (varchar(200)). */
export const SLUG_MAX_LENGTH = 200;
/**
 * At most this many characters percent-encoded: the URL a slug makes stays far inside the 2,048 characters sitemaps
 * allow for a whole URL. A slug of 200 Greek letters (1,200 encoded) is refused; 100 are fine.
 */
export const SLUG_MAX_ENCODED_LENGTH = 600;
/** What slugify aims for by default: short enough to read, and what WordPress makes (200 bytes encoded) at most. */
const DEFAULT_MAX_LENGTH = 80;
const DEFAULT_MAX_ENCODED_LENGTH = 200;

// A word starts with a lowercase or caseless letter or a digit; combining marks (accents of scripts that keep them,
// Indic vowel signs, Japanese voicing marks) only follow. Uppercase and titlecase letters are never in a slug.
const WORD = String.raw`[\p{Ll}\p{Lm}\p{Lo}\p{N}][\p{Ll}\p{Lm}\p{Lo}\p{M}\p{N}]*`;
/** The same rule as a pattern string, for TypeBox route params (Fastify's Ajv compiles patterns with the `u` flag). */
export const SLUG_PATTERN_SOURCE = `^${WORD}(?:-${WORD})*$`;
export const SLUG_PATTERN = new RegExp(SLUG_PATTERN_SOURCE, 'u');

/** Latin letters with no decomposition that remove_accents folds too (after lowercasing). */
const LATIN_LETTERS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ħ: 'h',
  ı: 'i',
  ĸ: 'k',
  ł: 'l',
  ŧ: 't',
  þ: 'th',
  ſ: 's',
};
const LATIN_LETTER = new RegExp(`[${Object.keys(LATIN_LETTERS).join('')}]`, 'gu');

/** The slug as it appears in a URL: percent-encoded UTF-8, upper-case hex (%E6%97%A5); ASCII slugs are unchanged. */
export function encodeSlug(slug: string): string {
  return encodeURIComponent(slug);
}

/** The encoded length of a slug, without building the string: what SLUG_MAX_ENCODED_LENGTH counts. */
export function encodedLength(text: string): number {
  let length = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    length += /[A-Za-z0-9\-_.!~*'()]/.test(char) ? 1 : 3 * (code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4);
  }
  return length;
}

/** A text's slug: "Nicolás Maduro’s “pebbles”" -> "nicolas-maduros-pebbles", "日本の政治" -> "日本の政治"; '' when no letter or digit. */
export function slugify(text: string, maxLength = DEFAULT_MAX_LENGTH, maxEncodedLength = DEFAULT_MAX_ENCODED_LENGTH): string {
  const slug = text
    // Compatibility forms become their plain letters (ﬁ -> fi, ² -> 2, full-width Ａ -> A), accents separate marks.
    .normalize('NFKD')
    // Apostrophes do not split a word (Maduro’s -> maduros); invisible format characters (ZWJ, ZWNJ, soft hyphens) go.
    .replace(/['’\p{Cf}]/gu, '')
    // Accents off Latin letters only; Greek, Cyrillic, Arabic, Devanagari… keep theirs.
    .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
    .toLowerCase()
    .replace(LATIN_LETTER, (letter) => LATIN_LETTERS[letter]!)
    .replace(/[^\p{Ll}\p{Lm}\p{Lo}\p{M}\p{N}]+/gu, '-')
    // A mark left at the start of a word (its letter was punctuation) has nothing to sit on.
    .replace(/(^|-)\p{M}+/gu, '$1')
    .normalize('NFC')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  return shorten(slug, maxLength, maxEncodedLength);
}

/** The slug cut to fit both limits, at a word boundary when one is in the second half, else at a character. */
function shorten(slug: string, maxLength: number, maxEncodedLength: number): string {
  const chars = Array.from(slug);
  if (chars.length <= maxLength && encodedLength(slug) <= maxEncodedLength) return slug;
  let fits = 0;
  let encoded = 0;
  for (const char of chars) {
    encoded += encodedLength(char);
    if (fits >= maxLength || encoded > maxEncodedLength) break;
    fits++;
  }
  // Cut at a word boundary so slugs do not end in half a word (a hyphen right after the cut counts).
  const lastHyphen = chars.slice(0, fits + 1).lastIndexOf('-');
  const cut = lastHyphen > fits / 2 ? chars.slice(0, lastHyphen) : chars.slice(0, fits);
  return cut
    .join('')
    .replace(/^\p{M}+/u, '')
    .replace(/-+$/, '');
}

export function isValidSlug(slug: string): boolean {
  return (
    slug.length > 0 &&
    Array.from(slug).length <= SLUG_MAX_LENGTH &&
    encodedLength(slug) <= SLUG_MAX_ENCODED_LENGTH &&
    SLUG_PATTERN.test(slug) &&
    slug === slug.normalize('NFC')
  );
}

/** What is wrong with a slug typed in a form, in a sentence for beside the field; null when it is a valid slug. */
export function slugProblem(slug: string): string | null {
  if (isValidSlug(slug)) return null;
  if (SLUG_PATTERN.test(slug) && slug === slug.normalize('NFC'))
    return `Shorten the slug: at most ${SLUG_MAX_LENGTH} characters, and ${SLUG_MAX_ENCODED_LENGTH} once percent-encoded in a URL (about 100 Greek or Cyrillic letters, 66 Chinese or Japanese characters)`;
  return 'Use lowercase letters (of any alphabet), digits and single hyphens between them';
}

/**
 * A slug as someone typed or a URL carried it, in the form Dateline stores: NFC, so an address typed on a keyboard
 * that composes differently finds the same story. Lowercasing is not done here: "World" is refused, not guessed at.
 */
export function normalizeSlug(slug: string): string {
  return slug.normalize('NFC');
}
