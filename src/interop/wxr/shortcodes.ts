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
 * get_shortcode_regex() with any name: 1 `[` of an escape, 2 the name, 3 the attributes, 4 the `/` of a
 * self-closing tag, 5 the enclosed content, 6 `]` of an escape.
 */
const SHORTCODE = new RegExp(
  `\\[(\\[?)(${NAME})(?![\\w-])([^\\]\\/]*(?:\\/(?!\\])[^\\]\\/]*)*?)(?:(\\/)\\]|\\](?:([^\\[]*(?:\\[(?!\\/\\2\\])[^\\[]*)*)\\[\\/\\2\\])?)(\\]?)`,
  'g',
);

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

function expand(content: string, handler: ShortcodeHandler, only: ((tag: string) => boolean) | undefined): string {
  if (!content.includes('[')) return content;
  return content.replace(
    SHORTCODE,
    (raw: string, open: string, tag: string, attrText: string, _slash: string | undefined, enclosed: string | undefined, close: string) => {
      if (!/^[a-zA-Z]/.test(tag) || (only && !only(tag))) return raw;
      if (open === '[' && close === ']') return raw.slice(1, -1);
      const shortcode: Shortcode = {
        tag,
        attrs: parseShortcodeAttrs(attrText),
        content: enclosed ?? null,
        raw: open || close ? raw.slice(open.length, raw.length - close.length) : raw,
      };
      const out = handler(shortcode);
      if (out !== null) return open + out + close;
      // Kept as written; what it encloses is still searched.
      if (enclosed === undefined) return raw;
      const head = raw.slice(0, raw.length - close.length - enclosed.length - `[/${tag}]`.length);
      return `${head}${expand(enclosed, handler, only)}[/${tag}]${close}`;
    },
  );
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
