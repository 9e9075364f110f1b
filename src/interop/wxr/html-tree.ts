/**
 * WordPress content as a tree: htmlparser2 (the forgiving parser sanitize-html is built on) reads it, into the small
 * node types below that the converter copies and rebuilds. Void elements have no content; an open `<p>`, `<li>`,
 * `<dt>`/`<dd>`, `<tr>`/`<td>`/`<th>`, `<a>` is closed by a tag that cannot nest in it when it is the current element;
 * end tags with nothing open to close are ignored, but for `</p>` (an empty paragraph) and `</br>` (a `<br>`);
 * script, style, textarea, title, xmp, iframe, noembed and noframes hold raw text; `<x/>` closes any element.
 *
 * Text and attribute values are kept as written (entities undecoded), so serialising gives back what came in;
 * `attr()` decodes a value when the converter needs to read it (a URL), `setAttr()` takes a plain value and encodes it.
 * Tag and attribute names are lower-cased. Comments are kept as nodes (the converter drops them).
 */
import { decodeHTMLAttribute, escapeUTF8 } from 'entities';
import { Parser } from 'htmlparser2';

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

/** Parses an HTML fragment into a list of nodes. Never throws: whatever it gets, it gives a tree. */
export function parseHtml(html: string): HtmlNode[] {
  const root: HtmlElement = { type: 'element', name: '#root', attrs: [], children: [] };
  /** Where each open element's content goes: itself, or past MAX_DEPTH its parent's. */
  const stack: HtmlElement[] = [root];
  const siblings = () => stack[stack.length - 1]!.children;
  let attrs: [string, string | null][] = [];
  const parser = new Parser(
    {
      onopentagname() {
        // Also drops what a tag htmlparser2 ignores (a second <form>) left behind.
        attrs = [];
      },
      onattribute(name, value, quote) {
        if (!attrs.some(([n]) => n === name)) attrs.push([name, quote === undefined ? null : value]);
      },
      onopentag(name) {
        const element: HtmlElement = { type: 'element', name, attrs, children: [] };
        attrs = [];
        siblings().push(element);
        stack.push(stack.length > MAX_DEPTH ? stack[stack.length - 1]! : element);
      },
      onclosetag: () => stack.pop(),
      ontext(raw) {
        const list = siblings();
        const last = list[list.length - 1];
        if (last?.type === 'text') last.raw += raw;
        else list.push({ type: 'text', raw });
      },
      // Bogus comments (`<![CDATA[…]]>`, `<?xml …?>`, `</3>`) are written back as comments; a doctype as it was.
      oncomment: (data) => siblings().push({ type: 'comment', raw: `<!--${data}-->` }),
      onprocessinginstruction: (_, data) => siblings().push({ type: 'comment', raw: `<${data}>` }),
    },
    // `<a name="top"/>` is an empty link, as an XHTML-era post meant it (a browser would leave it open to the end).
    { decodeEntities: false, recognizeSelfClosing: true },
  );
  parser.end(html);
  return root.children;
}

/** Serialises nodes back to HTML: attributes double-quoted, void elements without an end tag, comments kept. */
export function serializeHtml(nodes: readonly HtmlNode[]): string {
  let out = '';
  for (const node of nodes) {
    if (node.type !== 'element') out += node.raw;
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

/** Decodes an attribute value or a URL written in text, as a browser reads an attribute (`?a=1&copy=2` stays). */
export const decodeEntities: (raw: string) => string = decodeHTMLAttribute;

/** Encodes a plain value for an attribute or text. */
export const encodeHtml: (value: string) => string = escapeUTF8;

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
