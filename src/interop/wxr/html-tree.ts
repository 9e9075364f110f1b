/**
 * A small, forgiving HTML parser for converting WordPress content: tokens -> a tree with the HTML parsing rules that
 * matter for post bodies (void elements, a `<p>` closed by the block that follows it, `<li>`/`<dt>`/`<dd>`/`<tr>`/
 * `<td>` closing their open siblings, stray end tags ignored, raw text in script/style/textarea/title/xmp) -> HTML.
 *
 * Text and attribute values are kept as written (entities undecoded), so serialising gives back what came in;
 * `attr()` decodes a value when the converter needs to read it (a URL), `setAttr()` takes a plain value and encodes it.
 * Tag and attribute names are lower-cased. Comments are kept as nodes (the converter drops them).
 */

export interface HtmlText {
  type: 'text';
  /** As written: entities undecoded. */
  raw: string;
}

export interface HtmlComment {
  type: 'comment';
  raw: string;
}

export interface HtmlElement {
  type: 'element';
  name: string;
  /** [name, value as written (undecoded) or null for a bare attribute], in source order. */
  attrs: [string, string | null][];
  children: HtmlNode[];
}

export type HtmlNode = HtmlText | HtmlComment | HtmlElement;

export const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** How deep elements nest; deeper ones are kept empty, their content beside them (see parseHtml). */
export const MAX_DEPTH = 200;
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp']);
/** Opening one of these closes an open `<p>` (HTML's "close a p element"). */
const CLOSES_P = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'details',
  'dialog',
  'div',
  'dl',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'ul',
]);
/** Where the search for an open `<p>` (or sibling to close) stops. */
const SCOPE_BOUNDARY = new Set(['table', 'td', 'th', 'caption', 'button', 'object', 'template', 'html']);
/** An opening tag -> the open elements it closes, up to which boundaries. */
const CLOSES_SIBLING: Record<string, { closes: Set<string>; until: Set<string> }> = {
  li: { closes: new Set(['li']), until: new Set(['ul', 'ol', 'menu', ...SCOPE_BOUNDARY]) },
  dt: { closes: new Set(['dt', 'dd']), until: new Set(['dl', ...SCOPE_BOUNDARY]) },
  dd: { closes: new Set(['dt', 'dd']), until: new Set(['dl', ...SCOPE_BOUNDARY]) },
  tr: { closes: new Set(['tr', 'td', 'th']), until: new Set(['table', 'tbody', 'thead', 'tfoot']) },
  td: { closes: new Set(['td', 'th']), until: new Set(['tr', 'table']) },
  th: { closes: new Set(['td', 'th']), until: new Set(['tr', 'table']) },
  option: { closes: new Set(['option']), until: new Set(['select', 'datalist', 'optgroup']) },
  tbody: { closes: new Set(['thead', 'tbody', 'tfoot', 'tr', 'td', 'th']), until: new Set(['table']) },
  thead: { closes: new Set(['thead', 'tbody', 'tfoot', 'tr', 'td', 'th']), until: new Set(['table']) },
  tfoot: { closes: new Set(['thead', 'tbody', 'tfoot', 'tr', 'td', 'th']), until: new Set(['table']) },
};

/** Sticky: matched at a position of the whole input, without slicing it. */
const TAG_NAME = /[a-zA-Z][^\s/>]*/y;
const ATTR = /[\s/]*([^\s"'>/=][^\s"'>/=]*)(?:\s*=\s*(?:"([^"]*)"?|'([^']*)'?|([^\s>]+)))?/y;
const SPACES = /\s*/y;

function matchAt(pattern: RegExp, input: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(input);
}

/** Parses an HTML fragment into a list of nodes. Never throws: whatever it gets, it gives a tree. */
export function parseHtml(html: string): HtmlNode[] {
  const root: HtmlElement = { type: 'element', name: '#root', attrs: [], children: [] };
  const stack: HtmlElement[] = [root];
  const current = () => stack[stack.length - 1]!;
  const appendText = (raw: string) => {
    if (!raw) return;
    const siblings = current().children;
    const last = siblings[siblings.length - 1];
    if (last?.type === 'text') last.raw += raw;
    else siblings.push({ type: 'text', raw });
  };
  /**
   * Closes the open elements named in `names` down to the outermost one found before a boundary, with whatever is
   * open inside it (a new <tr> closes the open <td> and its <tr>; a new <li> the <li> of its own list only).
   */
  const closeIfOpen = (names: Set<string>, until: Set<string>) => {
    let cut = -1;
    for (let i = stack.length - 1; i > 0; i--) {
      const name = stack[i]!.name;
      if (names.has(name)) cut = i;
      else if (until.has(name)) break;
    }
    if (cut !== -1) stack.length = cut;
  };

  let i = 0;
  const length = html.length;
  while (i < length) {
    const lt = html.indexOf('<', i);
    if (lt === -1) {
      appendText(html.slice(i));
      break;
    }
    if (lt > i) appendText(html.slice(i, lt));
    i = lt;
    const next = html.charAt(i + 1);
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      const stop = end === -1 ? length : end + 3;
      current().children.push({ type: 'comment', raw: html.slice(i, stop) });
      i = stop;
    } else if (next === '!' || next === '?') {
      // <!DOCTYPE …>, <![CDATA[…]]>, <?xml …?>: bogus comments.
      const end = html.indexOf('>', i + 2);
      const stop = end === -1 ? length : end + 1;
      current().children.push({ type: 'comment', raw: html.slice(i, stop) });
      i = stop;
    } else if (next === '/') {
      const nameMatch = matchAt(TAG_NAME, html, i + 2);
      const end = html.indexOf('>', i + 2);
      if (!nameMatch) {
        // "</ >" or "</3": text in HTML terms when not followed by a letter; a bogus comment otherwise.
        if (end === -1) {
          appendText(html.slice(i));
          break;
        }
        i = end + 1;
        continue;
      }
      const name = nameMatch[0].toLowerCase();
      i = end === -1 ? length : end + 1;
      if (name === 'br') {
        current().children.push({ type: 'element', name: 'br', attrs: [], children: [] });
        continue;
      }
      for (let s = stack.length - 1; s > 0; s--) {
        if (stack[s]!.name === name) {
          stack.length = s;
          break;
        }
      }
    } else if (/[a-zA-Z]/.test(next)) {
      const nameMatch = matchAt(TAG_NAME, html, i + 1)!;
      const name = nameMatch[0].toLowerCase();
      let j = i + 1 + nameMatch[0].length;
      const attrs: [string, string | null][] = [];
      let selfClosing = false;
      for (;;) {
        j += matchAt(SPACES, html, j)![0].length;
        const c = html.charAt(j);
        if (c === '' || c === '>') {
          j = c === '' ? length : j + 1;
          break;
        }
        if (c === '/' && html.charAt(j + 1) === '>') {
          selfClosing = true;
          j += 2;
          break;
        }
        const m = matchAt(ATTR, html, j);
        if (!m || m[0].length === 0) {
          j++;
          continue;
        }
        const attrName = m[1]!.toLowerCase();
        const value = m[2] ?? m[3] ?? m[4] ?? null;
        if (!attrs.some(([n]) => n === attrName)) attrs.push([attrName, value]);
        j += m[0].length;
      }
      i = j;
      if (CLOSES_P.has(name)) closeIfOpen(new Set(['p']), SCOPE_BOUNDARY);
      const sibling = CLOSES_SIBLING[name];
      if (sibling) closeIfOpen(sibling.closes, sibling.until);
      const element: HtmlElement = { type: 'element', name, attrs, children: [] };
      current().children.push(element);
      if (VOID_ELEMENTS.has(name) || selfClosing) continue;
      // Past any real document's depth, elements hold nothing: what follows goes beside them, not inside.
      if (stack.length > MAX_DEPTH && !RAW_TEXT.has(name)) continue;
      if (RAW_TEXT.has(name)) {
        const close = indexOfEndTag(html, name, i);
        const stop = close === -1 ? length : close;
        if (stop > i) element.children.push({ type: 'text', raw: html.slice(i, stop) });
        const end = close === -1 ? -1 : html.indexOf('>', close);
        i = end === -1 ? length : end + 1;
        continue;
      }
      stack.push(element);
    } else {
      appendText('<');
      i++;
    }
  }
  return root.children;
}

/** Where `</name` starts, in any case, from `from`; -1 when it does not. */
function indexOfEndTag(html: string, name: string, from: number): number {
  const pattern = new RegExp(`</${name}`, 'gi');
  pattern.lastIndex = from;
  return pattern.exec(html)?.index ?? -1;
}

/** Serialises nodes back to HTML: attributes double-quoted, void elements without an end tag, comments kept. */
export function serializeHtml(nodes: readonly HtmlNode[]): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text') out += node.raw;
    else if (node.type === 'comment') out += node.raw;
    else {
      out += `<${node.name}`;
      for (const [name, value] of node.attrs) out += value === null ? ` ${name}` : ` ${name}="${value.replace(/"/g, '&quot;')}"`;
      out += '>';
      if (VOID_ELEMENTS.has(node.name)) continue;
      out += serializeHtml(node.children);
      out += `</${node.name}>`;
    }
  }
  return out;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', '#38': '&' };

/**
 * Decodes the entities a URL or a short attribute value carries (&amp; &#038; &#x26; &quot; …). Named entities beyond
 * the XML five and &nbsp; are left as written: values the converter reads are URLs and class names.
 */
export function decodeEntities(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/g, (entity, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : entity;
    }
    return NAMED[name] ?? NAMED[name.toLowerCase()] ?? entity;
  });
}

/** Encodes a plain value for an attribute or text. */
export function encodeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An attribute's decoded value, null when absent, '' when bare. */
export function attr(element: HtmlElement, name: string): string | null {
  const found = element.attrs.find(([n]) => n === name);
  if (!found) return null;
  return found[1] === null ? '' : decodeEntities(found[1]);
}

/** Sets an attribute to a plain (decoded) value, keeping its place when it exists. */
export function setAttr(element: HtmlElement, name: string, value: string): void {
  const encoded = encodeHtml(value);
  const found = element.attrs.find(([n]) => n === name);
  if (found) found[1] = encoded;
  else element.attrs.push([name, encoded]);
}

export function removeAttr(element: HtmlElement, name: string): void {
  element.attrs = element.attrs.filter(([n]) => n !== name);
}

export function element(name: string, attrs: Record<string, string | null | undefined> = {}, children: HtmlNode[] = []): HtmlElement {
  const list: [string, string | null][] = [];
  for (const [key, value] of Object.entries(attrs)) if (value !== undefined && value !== null) list.push([key, encodeHtml(value)]);
  return { type: 'element', name, attrs: list, children };
}

export function text(plain: string): HtmlText {
  return { type: 'text', raw: encodeHtml(plain) };
}

/** Every element in the subtree, depth first, the root first. */
export function* descendants(nodes: readonly HtmlNode[]): Generator<HtmlElement> {
  for (const node of nodes) {
    if (node.type !== 'element') continue;
    yield node;
    yield* descendants(node.children);
  }
}

/** The text of a subtree, as written (entities undecoded). */
export function rawText(nodes: readonly HtmlNode[]): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text') out += node.raw;
    else if (node.type === 'element') out += rawText(node.children);
  }
  return out;
}

/** True when raw text shows nothing: whitespace, &nbsp; and friends. */
export function isBlank(raw: string): boolean {
  return raw.replace(/&(nbsp|#160|#xa0|#8203|#x200b);/gi, '').trim() === '';
}
