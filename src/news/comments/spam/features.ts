/**
 * Text -> sparse feature vector for the comment-spam model. Pure functions only.
 *
 * Why hashing: word n-grams and character n-grams of a few thousand comments
 * are an open-ended vocabulary; hashing them into a fixed number of buckets
 * keeps the model a flat weight table of known size, needs no vocabulary file,
 * and lets online learning pick up words the model has never seen.
 */

export interface FeatureOptions {
  /** Number of hash buckets; a power of two. */
  buckets: number;
  /** Longest word n-gram (1 = unigrams, 2 = unigrams + bigrams). */
  wordNgramMax: number;
  /** Character n-gram lengths, taken inside each whitespace-delimited token padded with spaces. */
  charNgramMin: number;
  charNgramMax: number;
  /** Scale of each L2-normalised block of the vector; 0 drops the block. */
  wordWeight: number;
  charWeight: number;
  numericWeight: number;
}

export const DEFAULT_FEATURE_OPTIONS: Readonly<FeatureOptions> = {
  buckets: 1 << 18,
  wordNgramMax: 2,
  charNgramMin: 3,
  charNgramMax: 5,
  wordWeight: 1,
  charWeight: 1,
  numericWeight: 1,
};

/** Sparse vector: parallel arrays, indices strictly increasing. */
export interface SparseVector {
  indices: number[];
  values: number[];
}

// --- normalisation -------------------------------------------------------------

/** Marker tokens that stand in for a link and its kind in the token stream. */
export const URL_TOKEN = 'xxurl';
export const NUMBER_TOKEN = 'xxnum';

// Common and spam-favoured top-level domains: enough to spot bare "site.com/x" links without matching "end.so".
const TLD = '(?:com|net|org|info|biz|xyz|io|co|me|tv|fm|ly|be|gl|tk|ws|cc|us|uk|de|fr|es|it|nl|pl|ru|br|in|pk|ph|ca|au)';
// "www. youtube. com", "youtube .com", "youtube dot com": spammers space links out to dodge link
// filters. Only for TLDs that are not English words, or "song. me too" would become a link.
const SPACED_TLD = '(?:com|net|org|info|biz|xyz|ly|tk|ru|pl)';
const SPACED_DOT = new RegExp(`([\\p{L}\\p{N}])\\s*(?:\\.|\\s+dot\\s+)\\s*(${SPACED_TLD})\\b`, 'giu');
const SPACED_WWW = /\bwww\s*\.\s*/giu;
const SPACED_SCHEME = /\b(https?)\s*:\s*\/\s*\//giu;
// The lookbehind lets a bare domain start only where a dotted name starts (not at "b" in "a.b"), which
// keeps matching linear on adversarial input like "a.a.a.a...".
const URL_RE = new RegExp(
  `(?:https?://\\S+|www\\.\\S+|(?<![\\p{L}\\p{N}-]|[\\p{L}\\p{N}-]\\.)[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*\\.${TLD}\\b\\S*|(?:^|\\s)/?watch\\?v=\\S+)`,
  'giu',
);

/**
 * Undo the export's HTML (links become their href, tags go) and the usual
 * link obfuscation, fold compatibility characters (fancy Unicode letters) and case.
 */
export function normaliseText(text: string): string {
  let t = text.normalize('NFKC').replace(/[\ufeff\u200b-\u200d\u2060]/g, '');
  t = t.replace(/<a\s[^>]*?href\s*=\s*"([^"]*)"[^>]*>/giu, ' $1 ');
  t = t.replace(/<[^>]*>/g, ' ');
  t = t.toLowerCase();
  t = t.replace(SPACED_SCHEME, '$1://').replace(SPACED_WWW, 'www.').replace(SPACED_DOT, '$1.$2');
  return t.replace(/\s+/g, ' ').trim();
}

/** Links in normalised text (including de-obfuscated ones). */
export function findUrls(normalised: string): string[] {
  return normalised.match(URL_RE)?.map((u) => u.trim()) ?? [];
}

/** The host's name parts, e.g. "https://www.youtube.com/watch?v=x" -> ["youtube", "com"]. */
function hostWords(url: string): string[] {
  const host = url.replace(/^\/?(?:https?:\/\/)?(?:www\.)?/u, '').split(/[/?#&]/u)[0] ?? '';
  return host.split('.').filter((w) => w !== '' && w !== 'www' && !/^watch/u.test(w));
}

/** A YouTube video id in a link ("watch?v=ID", "youtu.be/ID"), prefixed so it cannot clash with a word. */
function videoIdToken(url: string): string {
  const id = /(?:[?&]v=|youtu\.be\/)([\w-]{6,})/u.exec(url)?.[1];
  return id ? ` xxvid_${id.replace(/-/g, '_')}` : '';
}

/**
 * Normalised text with each link replaced by URL_TOKEN, its host's words and
 * any video id: links to the video being discussed are usually legitimate,
 * links elsewhere usually are not, and the id is what tells them apart.
 */
export function replaceUrls(normalised: string): string {
  return normalised.replace(URL_RE, (u) => ` ${URL_TOKEN} ${hostWords(u.trim()).join(' ')}${videoIdToken(u)} `);
}

/** Word tokens: letter/digit runs (apostrophes folded in), digit runs replaced by NUMBER_TOKEN. */
export function wordTokens(textWithoutUrls: string): string[] {
  const words = textWithoutUrls.replace(/['’]/gu, '').match(/[\p{L}\p{N}_][\p{L}\p{M}\p{N}_]*/gu) ?? [];
  return words.map((w) => (/^\p{N}+$/u.test(w) ? NUMBER_TOKEN : w));
}

/** Longest token a character n-gram is taken from; longer ones (IDs, keyboard mashing) only add noise. */
const MAX_CHAR_TOKEN = 24;

/**
 * Character n-grams inside word boundaries (like scikit-learn's char_wb): each
 * whitespace-delimited token, padded with a space either side, by code point so
 * emoji count as one character. Repeated n-grams are kept once.
 */
export function charNgrams(textWithoutUrls: string, min: number, max: number): string[] {
  const out = new Set<string>();
  for (const token of textWithoutUrls.split(' ')) {
    if (token === '') continue;
    const chars = [' ', ...Array.from(token).slice(0, MAX_CHAR_TOKEN), ' '];
    for (let n = min; n <= max; n++) {
      if (chars.length < n) {
        if (n === min) out.add(chars.join(''));
        break;
      }
      for (let i = 0; i + n <= chars.length; i++) out.add(chars.slice(i, i + n).join(''));
    }
  }
  return [...out];
}

/**
 * Hand-made signals the n-grams see poorly: counts and ratios over the whole comment.
 * Each value is squashed into roughly [0, 1] so one learning rate fits all of them.
 */
export function numericFeatures(text: string, normalised: string = normaliseText(text)): Array<[string, number]> {
  const chars = Array.from(text);
  const len = Math.max(1, chars.length);
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const upper = text.match(/\p{Lu}/gu)?.length ?? 0;
  const digits = text.match(/\p{N}/gu)?.length ?? 0;
  const urls = findUrls(normalised).length;
  const repeats = text.match(/(.)\1\1/gu)?.length ?? 0;
  const words = normalised.split(' ').filter((w) => w !== '').length;
  return [
    ['links', Math.min(1, urls / 2)],
    ['has_link', urls > 0 ? 1 : 0],
    ['check_out', /\bcheck\s+(?:(?:it|this|them|us|me|my|our)\s+)?out\b|\bcheck\s+(?:my|our)\b/u.test(normalised) ? 1 : 0],
    ['subscribe', /\bsub(?:scri|s\b|\s*4\s*sub)/u.test(normalised) ? 1 : 0],
    ['my_channel', /\bmy\s+(?:\S+\s+)?(?:channel|videos?|page|music|songs?|playlist|account|instagram|twitter|facebook)\b/u.test(normalised) ? 1 : 0],
    ['digit_ratio', digits / len],
    ['upper_ratio', letters > 0 ? upper / letters : 0],
    // "2:19 best part": people pointing at a moment of the video are discussing it.
    ['timestamp', /(?:^|[^\d:])\d{1,2}:\d\d(?![\d:])|[?&#]t=\d/u.test(normalised) ? 1 : 0],
    ['repeats', Math.min(1, repeats / 5)],
    ['log_length', Math.min(1, Math.log1p(len) / Math.log(1000))],
    ['log_words', Math.min(1, Math.log1p(words) / Math.log(200))],
  ];
}

// --- hashing -------------------------------------------------------------------

/** FNV-1a over UTF-16 code units with murmur3's final mix, so nearby strings spread over all buckets. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function addBlock(acc: Map<number, number>, keys: readonly string[], prefix: string, weight: number, buckets: number): void {
  if (weight === 0 || keys.length === 0) return;
  const mask = buckets - 1;
  const value = weight / Math.sqrt(keys.length); // binary features, L2-normalised block
  for (const k of keys) {
    const idx = hashString(prefix + k) & mask;
    acc.set(idx, (acc.get(idx) ?? 0) + value);
  }
}

/**
 * Only the start of a very long comment is read: the spam signal is there, and it bounds the cost of
 * scoring text an attacker controls. (The longest comment in the training data is ~1,100 characters.)
 */
export const MAX_TEXT_LENGTH = 5000;

/** Features of one comment (raw text as stored, entities already decoded). */
export function featurize(fullText: string, options: FeatureOptions): SparseVector {
  const { buckets } = options;
  if (!Number.isInteger(Math.log2(buckets))) throw new Error(`buckets must be a power of two, got ${buckets}`);
  const text = fullText.length > MAX_TEXT_LENGTH ? fullText.slice(0, MAX_TEXT_LENGTH) : fullText;
  const normalised = normaliseText(text);
  const plain = replaceUrls(normalised).replace(/\s+/g, ' ').trim();
  const acc = new Map<number, number>();

  const tokens = wordTokens(plain);
  const wordKeys = new Set<string>();
  for (let n = 1; n <= options.wordNgramMax; n++) {
    for (let i = 0; i + n <= tokens.length; i++) wordKeys.add(tokens.slice(i, i + n).join(' '));
  }
  addBlock(acc, [...wordKeys], 'w:', options.wordWeight, buckets);
  addBlock(acc, charNgrams(plain, options.charNgramMin, options.charNgramMax), 'c:', options.charWeight, buckets);

  if (options.numericWeight !== 0) {
    const mask = buckets - 1;
    for (const [name, value] of numericFeatures(text, normalised)) {
      if (value === 0) continue;
      const idx = hashString('n:' + name) & mask;
      acc.set(idx, (acc.get(idx) ?? 0) + options.numericWeight * value);
    }
  }

  const indices = [...acc.keys()].sort((a, b) => a - b);
  return { indices, values: indices.map((i) => acc.get(i)!) };
}
