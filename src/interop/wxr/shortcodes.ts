/**
 * WordPress shortcodes (wp-includes/shortcodes.php): finding them as do_shortcode does, their attributes as
 * shortcode_parse_atts reads them, and `[[tag]]` as the escape for a literal `[tag]`.
 *
 * WordPress only expands shortcodes registered on the site; the export does not say which those were. So every name
 * is looked at: the caller's handler turns the ones Dateline has an equivalent for into HTML and leaves the rest as
 * written (their enclosed content is still searched for shortcodes, as WordPress would have for a plugin's
 * shortcode that printed its content). Brackets inside HTML tags and comments are never shortcodes here (WordPress
 * expands registered ones inside attribute values; an import cannot run them anyway).
 */
import { htmlSplit } from './wpautop.js';

export interface ShortcodeAttrs {
  /** name="value", name='value' and name=value, names lower-cased, values with PHP's stripcslashes applied. */
  named: Record<string, string>;
  /** "value", 'value' and bare words, in order. */
  positional: string[];
}

export interface Shortcode {
  tag: string;
  attrs: ShortcodeAttrs;
  /** What `[tag]…[/tag]` encloses; null for `[tag]` and `[tag /]`. */
  content: string | null;
  /** The shortcode as written. */
  raw: string;
}

/** What a handler answers: HTML for the shortcode, or null to keep it as written. */
export type ShortcodeHandler = (shortcode: Shortcode) => string | null;

const NAME = '[^<>&/\\[\\]\\x00-\\x20=]+';
/**
 * get_shortcode_regex()'s opening tag, with any name: 1 `[` of an escape, 2 the name, 3 the attributes, 4 the `/` of
 * a self-closing tag. What it encloses (up to the first `[/name]`) and the `]` of an escape are found after it,
 * without a regular expression scanning to the end of the post for every `[` (WordPress's regex does, and PHP's
 * backtracking limit saves it; a hostile post would stall this one). Attributes may not hold `[` here.
 */
const OPENER = new RegExp(`\\[(\\[?)(${NAME})(?![\\w-])([^\\]\\/\\[]*(?:\\/(?!\\])[^\\]\\/\\[]*)*?)(\\/)?\\]`, 'y');
const CLOSER = new RegExp(`\\[\\/(${NAME})\\]`, 'g');
/** Unknown shortcodes nested deeper than this are left as written, contents and all. */
const MAX_DEPTH = 16;

interface Found {
  open: string;
  tag: string;
  attrText: string;
  /** What it encloses, or undefined. */
  enclosed: string | undefined;
  close: string;
  start: number;
  end: number;
}

/** Where each `[/name]` is, by name, in order. */
function closersOf(content: string): Map<string, number[]> {
  const closers = new Map<string, number[]>();
  CLOSER.lastIndex = 0;
  for (let m = CLOSER.exec(content); m; m = CLOSER.exec(content)) {
    const list = closers.get(m[1]!);
    if (list) list.push(m.index);
    else closers.set(m[1]!, [m.index]);
  }
  return closers;
}

function firstAtOrAfter(list: readonly number[] | undefined, at: number): number {
  if (!list) return -1;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < at) lo = mid + 1;
    else hi = mid;
  }
  return lo < list.length ? list[lo]! : -1;
}

/** The shortcode starting at `at` (a `[`), as get_shortcode_regex() would match it there, or null. */
function shortcodeAt(content: string, at: number, closers: Map<string, number[]>): Found | null {
  OPENER.lastIndex = at;
  const m = OPENER.exec(content);
  if (!m) return null;
  const [, open, tag, attrText, slash] = m as unknown as [string, string, string, string, string | undefined];
  let end = OPENER.lastIndex;
  let enclosed: string | undefined;
  if (!slash) {
    const closer = firstAtOrAfter(closers.get(tag), end);
    if (closer !== -1) {
      enclosed = content.slice(end, closer);
      end = closer + tag.length + 3;
    }
  }
  const close = content.charAt(end) === ']' ? ']' : '';
  return { open, tag, attrText, enclosed, close, start: at, end: end + close.length };
}

const ASCII_SPACE = '[ \\t\\n\\r\\f\\v]';
const ATTRS = new RegExp(
  `([\\w-]+)${ASCII_SPACE}*=${ASCII_SPACE}*"([^"]*)"(?:${ASCII_SPACE}|$)|([\\w-]+)${ASCII_SPACE}*=${ASCII_SPACE}*'([^']*)'(?:${ASCII_SPACE}|$)|([\\w-]+)${ASCII_SPACE}*=${ASCII_SPACE}*([^ \\t\\n\\r\\f\\v'"]+)(?:${ASCII_SPACE}|$)|"([^"]*)"(?:${ASCII_SPACE}|$)|'([^']*)'(?:${ASCII_SPACE}|$)|([^ \\t\\n\\r\\f\\v]+)(?:${ASCII_SPACE}|$)`,
  'g',
);

/** PHP's stripcslashes for the escapes people write: \n \t \r, and a backslash before anything else. */
function stripcslashes(value: string): string {
  if (!value.includes('\\')) return value;
  return value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c));
}

export function parseShortcodeAttrs(text: string): ShortcodeAttrs {
  const named: Record<string, string> = {};
  const positional: string[] = [];
  const source = text.replace(/[\u00a0\u200b]+/g, ' ');
  for (const m of source.matchAll(ATTRS)) {
    if (m[1]) named[m[1].toLowerCase()] = stripcslashes(m[2]!);
    else if (m[3]) named[m[3].toLowerCase()] = stripcslashes(m[4]!);
    else if (m[5]) named[m[5].toLowerCase()] = stripcslashes(m[6]!);
    else if (m[7] !== undefined && m[7] !== '') positional.push(stripcslashes(m[7]));
    else if (m[8] !== undefined && m[8] !== '') positional.push(stripcslashes(m[8]));
    else if (m[9] !== undefined) positional.push(stripcslashes(m[9]));
  }
  // An attribute value holding an unclosed HTML tag is refused, as WordPress does.
  const balanced = (v: string) => !v.includes('<') || /^[^<]*(?:<[^>]*>[^<]*)*$/.test(v);
  for (const key of Object.keys(named)) if (!balanced(named[key]!)) named[key] = '';
  return { named, positional: positional.map((v) => (balanced(v) ? v : '')) };
}

/** Brackets inside tags and comments become entities for the search, then come back (do_shortcodes_in_html_tags). */
function hideBracketsInTags(content: string): string {
  const parts = htmlSplit(content.replace(/&#91;/g, '&#091;').replace(/&#93;/g, '&#093;'));
  for (let i = 1; i < parts.length; i += 2) {
    const part = parts[i]!;
    if (part.includes('[') || part.includes(']')) parts[i] = part.replace(/\[/g, '&#91;').replace(/\]/g, '&#93;');
  }
  return parts.join('');
}

function restoreBrackets(content: string): string {
  return content.replace(/&#91;/g, '[').replace(/&#93;/g, ']');
}

/**
 * Expands the shortcodes in content (do_shortcode). An escaped `[[tag …]]` becomes the text `[tag …]`; the handler
 * sees every other shortcode whose name starts with a letter. With `only`, the other names are not looked at at all
 * (not even unescaped), as when WordPress runs [embed] on its own before the other shortcodes.
 */
export function doShortcodes(content: string, handler: ShortcodeHandler, only?: (tag: string) => boolean): string {
  if (!content.includes('[')) return content;
  return restoreBrackets(expand(hideBracketsInTags(content), handler, only));
}

function expand(content: string, handler: ShortcodeHandler, only: ((tag: string) => boolean) | undefined, depth = 0): string {
  if (!content.includes('[')) return content;
  const closers = closersOf(content);
  let out = '';
  let at = 0;
  for (let bracket = content.indexOf('['); bracket !== -1; bracket = content.indexOf('[', bracket + 1)) {
    if (bracket < at) continue;
    const found = shortcodeAt(content, bracket, closers);
    // Not a shortcode to this search: the search goes on at the next "[", inside it.
    if (!found || !/^[a-zA-Z]/.test(found.tag) || (only && !only(found.tag))) continue;
    out += content.slice(at, bracket);
    at = found.end;
    out += expandOne(content.slice(found.start, found.end), found, handler, only, depth);
  }
  return out + content.slice(at);
}

function expandOne(raw: string, found: Found, handler: ShortcodeHandler, only: ((tag: string) => boolean) | undefined, depth: number): string {
  const { open, tag, attrText, enclosed, close } = found;
  if (open === '[' && close === ']') return raw.slice(1, -1);
  const shortcode: Shortcode = {
    tag,
    attrs: parseShortcodeAttrs(attrText),
    content: enclosed ?? null,
    raw: raw.slice(open.length, raw.length - close.length),
  };
  const out = handler(shortcode);
  if (out !== null) return open + out + close;
  // Kept as written; what it encloses is still searched.
  if (enclosed === undefined || depth >= MAX_DEPTH) return raw;
  const head = raw.slice(0, raw.length - close.length - enclosed.length - tag.length - 3);
  return `${head}${expand(enclosed, handler, only, depth + 1)}[/${tag}]${close}`;
}

const UNAUTOP_SPACES = /(?:[\r\n\t ]|\u00a0|&nbsp;)*/y;

/**
 * Takes the `<p>` wpautop put around a shortcode that stands alone in its paragraph off again (shortcode_unautop),
 * for the shortcodes named (WordPress does it for those registered).
 */
export function shortcodeUnautop(content: string, names: readonly string[]): string {
  if (!names.length || !content.includes('[')) return content;
  const wanted = new Set(names);
  const closers = closersOf(content);
  const spacesAt = (at: number) => {
    UNAUTOP_SPACES.lastIndex = at;
    return at + UNAUTOP_SPACES.exec(content)![0].length;
  };
  let out = '';
  let at = 0;
  for (let p = content.indexOf('<p>'); p !== -1; p = content.indexOf('<p>', p + 3)) {
    if (p < at) continue;
    const bracket = spacesAt(p + 3);
    if (content.charAt(bracket) !== '[') continue;
    const found = shortcodeAt(content, bracket, closers);
    // WordPress's pattern has no escape brackets: `[[tag]]` stays in its paragraph.
    if (!found || found.open || found.close || !wanted.has(found.tag)) continue;
    const after = spacesAt(found.end);
    if (!content.startsWith('</p>', after)) continue;
    out += content.slice(at, p) + content.slice(bracket, found.end);
    at = after + 4;
  }
  return out + content.slice(at);
}

/** The shortcodes in content, for reports (the same search doShortcodes makes, escapes left out). */
export function findShortcodes(content: string): Shortcode[] {
  const found: Shortcode[] = [];
  doShortcodes(content, (shortcode) => {
    found.push(shortcode);
    return null;
  });
  return found;
}
