/**
 * WordPress's automatic paragraphs (`wpautop`, wp-includes/formatting.php) for classic content, written to behave
 * as WordPress does on the inputs of its own test suite (wpautop.test.ts holds them): double line breaks become
 * `<p>`, single ones `<br />`; nothing inside `<pre>`; no `<p>` around block-level elements; newlines inside tags,
 * comments, `<script>`, `<style>`, `<svg>` and `<math>` left alone (as in WordPress 6, where `<math>` is inline).
 *
 * PHP's regular expressions here run without the /u flag, so `\s` is ASCII whitespace only (a no-break space is not
 * whitespace to WordPress): `S` below spells that out, since JavaScript's `\s` would also match U+00A0.
 */

const S = '[ \\t\\n\\r\\f\\v]';
const ALL_BLOCKS =
  '(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)';

const re = (source: string, flags = 'g') => new RegExp(source, flags);

const LONG_SPACE_RUN = /[ \t\r\f\v]{256,}/g;
const MULTIPLE_BR = re(`<br${S}*/?>${S}*<br${S}*/?>`);
const BEFORE_BLOCK = re(`(<${ALL_BLOCKS}[ \\t\\n\\r\\f\\v/>])`);
const AFTER_BLOCK = re(`(</${ALL_BLOCKS}>)`);
const AFTER_HR = re(`(<hr${S}*?/?>)`);
const PARAGRAPH_SPLIT = re(`\\n${S}*\\n`);
const EMPTY_P = re(`<p>${S}*</p>`);
const UNCLOSED_P_IN = /<p>([^<]+)<\/(div|address|form)>/g;
const P_AROUND_BLOCK_TAG = re(`<p>${S}*(</?${ALL_BLOCKS}[^>]*>)${S}*</p>`);
const P_BEFORE_BLOCKQUOTE = /<p><blockquote([^>]*)>/gi;
const P_BEFORE_BLOCK_TAG = re(`<p>${S}*(</?${ALL_BLOCKS}[^>]*>)`);
const P_AFTER_BLOCK_TAG = re(`(</?${ALL_BLOCKS}[^>]*>)${S}*</p>`);
const NEWLINE_TO_BR = re(`(?<!<br />)${S}*\\n`);
const BR_AFTER_BLOCK_TAG = re(`(</?${ALL_BLOCKS}[^>]*>)${S}*<br />`);
const BR_BEFORE_BLOCK_TAG = re(`<br />(${S}*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)`);
const LAST_NEWLINE_BEFORE_P = /\n<\/p>(?=\n?$)/;

/** WordPress's split of HTML into text and elements (wp_html_split): comments and CDATA as one element each. */
const HTML_SPLIT = /(<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<[^>]*>?)/;

/** Odd indexes are elements (tags, comments), even ones the text between them, as wp_html_split gives them. */
export function htmlSplit(input: string): string[] {
  return input.split(HTML_SPLIT);
}

/** Replaces `from` with `to` inside elements only (wp_replace_in_html_tags with one pair). */
export function replaceInHtmlTags(input: string, from: string, to: string): string {
  if (!input.includes(from)) return input;
  const parts = htmlSplit(input);
  for (let i = 1; i < parts.length; i += 2) if (parts[i]!.includes(from)) parts[i] = parts[i]!.split(from).join(to);
  return parts.join('');
}

/** PHP's trim($value, $characters), default characters as PHP's (a loop: `[…]+$` is quadratic on long runs). */
function phpTrim(value: string, characters = ' \t\n\r\0\x0B'): string {
  let start = 0;
  let end = value.length;
  while (start < end && characters.includes(value.charAt(start))) start++;
  while (end > start && characters.includes(value.charAt(end - 1))) end--;
  return value.slice(start, end);
}

/**
 * Searches for `needle` from increasing positions, remembering the last answer: a loop asking "the next one after
 * here" stays linear even when the answer is "none" every time.
 */
function nextFinder(text: string, needle: string): (from: number) => number {
  let found = -2;
  return (from) => {
    if (found === -1 || (found >= from && found !== -2)) return found;
    found = text.indexOf(needle, from);
    return found;
  };
}

/** `<p>(<li.+?)</p>` -> `$1`: a list item wpautop wrapped in a paragraph, on one line. */
function unwrapListItems(text: string): string {
  if (!text.includes('<p><li')) return text;
  const nextClose = nextFinder(text, '</p>');
  const nextNewline = nextFinder(text, '\n');
  let out = '';
  let at = 0;
  for (let p = text.indexOf('<p><li'); p !== -1; p = text.indexOf('<p><li', Math.max(p + 1, at))) {
    if (p < at) continue;
    // `.+?` needs at least one character after "<li", and stops at a line break.
    const close = nextClose(p + 7);
    const newline = nextNewline(p + 6);
    if (close === -1 || (newline !== -1 && newline < close)) continue;
    out += text.slice(at, p) + text.slice(p + 3, close);
    at = close + 4;
  }
  return out + text.slice(at);
}

/** Line breaks inside <script>, <style>, <svg> and <math> become placeholders (_autop_newline_preservation_helper). */
function preserveNewlines(text: string): string {
  const opener = /<(script|style|svg|math)/g;
  const finders = new Map<string, (from: number) => number>();
  let out = '';
  let at = 0;
  for (let m = opener.exec(text); m; m = opener.exec(text)) {
    const name = m[1]!;
    let find = finders.get(name);
    if (!find) finders.set(name, (find = nextFinder(text, `</${name}>`)));
    const close = find(m.index + 1);
    if (close === -1) continue;
    const end = close + name.length + 3;
    out += text.slice(at, m.index) + text.slice(m.index, end).replace(/\n/g, '<WPPreserveNewline />');
    at = end;
    opener.lastIndex = end;
  }
  return out + text.slice(at);
}

export function wpautop(input: string, br = true): string {
  if (phpTrim(input) === '') return '';
  let text = input + '\n';

  // <pre> is left exactly as it is: swapped for placeholders, put back at the end.
  const preTags = new Map<string, string>();
  if (text.includes('<pre')) {
    const parts = text.split('</pre>');
    const last = parts.pop()!;
    text = '';
    let index = 0;
    for (const part of parts) {
      const start = part.indexOf('<pre');
      if (start === -1) {
        // Malformed: WordPress keeps the text and loses that </pre>.
        text += part;
        continue;
      }
      const name = `<pre wp-pre-tag-${index}></pre>`;
      preTags.set(name, part.slice(start) + '</pre>');
      text += part.slice(0, start) + name;
      index++;
    }
    text += last;
  }

  // A run of hundreds of spaces shows as one; as one, it cannot make the patterns below take quadratic time.
  text = text.replace(LONG_SPACE_RUN, ' ');
  text = text.replace(MULTIPLE_BR, '\n\n');
  text = text.replace(BEFORE_BLOCK, '\n\n$1');
  text = text.replace(AFTER_BLOCK, '$1\n\n');
  text = text.replace(AFTER_HR, '$1\n\n');
  text = text.replace(/\r\n|\r/g, '\n');
  text = replaceInHtmlTags(text, '\n', ' <!-- wpnl --> ');

  if (text.includes('<option')) {
    text = text.replace(re(`${S}*<option`), '<option');
    text = text.replace(re(`</option>${S}*`), '</option>');
  }
  if (text.includes('</object>')) {
    text = text.replace(re(`(<object[^>]*>)${S}*`), '$1');
    text = text.replace(re(`${S}*</object>`), '</object>');
    text = text.replace(re(`${S}*(</?(?:param|embed)[^>]*>)${S}*`), '$1');
  }
  if (text.includes('<source') || text.includes('<track')) {
    text = text.replace(re(`([<\\[](?:audio|video)[^>\\]]*[>\\]])${S}*`), '$1');
    text = text.replace(re(`${S}*([<\\[]/(?:audio|video)[>\\]])`), '$1');
    text = text.replace(re(`${S}*(<(?:source|track)[^>]*>)${S}*`), '$1');
  }
  if (text.includes('<figcaption')) {
    text = text.replace(re(`${S}*(<figcaption[^>]*>)`), '$1');
    text = text.replace(re(`</figcaption>${S}*`), '</figcaption>');
  }

  text = text.replace(/\n\n+/g, '\n\n');
  const paragraphs = text.split(PARAGRAPH_SPLIT).filter((p) => p !== '');
  text = '';
  for (const paragraph of paragraphs) text += '<p>' + phpTrim(paragraph, '\n') + '</p>\n';

  text = text.replace(EMPTY_P, '');
  text = text.replace(UNCLOSED_P_IN, '<p>$1</p></$2>');
  text = text.replace(P_AROUND_BLOCK_TAG, '$1');
  text = unwrapListItems(text);
  text = text.replace(P_BEFORE_BLOCKQUOTE, '<blockquote$1><p>');
  text = text.split('</blockquote></p>').join('</p></blockquote>');
  text = text.replace(P_BEFORE_BLOCK_TAG, '$1');
  text = text.replace(P_AFTER_BLOCK_TAG, '$1');

  if (br) {
    text = preserveNewlines(text);
    text = text.split('<br>').join('<br />').split('<br/>').join('<br />');
    text = text.replace(NEWLINE_TO_BR, '<br />\n');
    text = text.split('<WPPreserveNewline />').join('\n');
  }

  text = text.replace(BR_AFTER_BLOCK_TAG, '$1');
  text = text.replace(BR_BEFORE_BLOCK_TAG, '$1');
  text = text.replace(LAST_NEWLINE_BEFORE_P, '</p>');

  for (const [name, original] of preTags) text = text.split(name).join(original);
  if (text.includes('<!-- wpnl -->')) text = text.split(' <!-- wpnl --> ').join('\n').split('<!-- wpnl -->').join('\n');
  return text;
}
