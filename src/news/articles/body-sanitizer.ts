import { Parser } from 'htmlparser2';
import sanitizeHtml from 'sanitize-html';

/**
 * The allowlist for article body HTML. Whatever a client or an import sends, only these tags, attributes and URL
 * schemes are stored. Headings start at h2 because the page's h1 is the headline.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'h2',
    'h3',
    'h4',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'strong',
    'em',
    'b',
    'i',
    'u',
    's',
    'sub',
    'sup',
    'br',
    'hr',
    'figure',
    'figcaption',
    'img',
    'code',
    'pre',
    'cite',
    'q',
    'abbr',
    'small',
    'mark',
    'table',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'th',
    'td',
    'caption',
    'aside',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'width', 'height', 'srcset', 'sizes'],
    abbr: ['title'],
    th: ['colspan', 'rowspan', 'scope'],
    td: ['colspan', 'rowspan'],
    blockquote: ['class', 'cite'],
    figure: ['class'],
    aside: ['class'],
  },
  allowedClasses: {
    blockquote: ['pullquote'],
    figure: ['embed', 'image'],
    aside: ['pullquote', 'factbox'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  transformTags: {
    h1: 'h2',
    h5: 'h4',
    h6: 'h4',
  },
  exclusiveFilter: (frame) => frame.tag === 'p' && !frame.text.trim() && !frame.mediaChildren.length,
};

export function sanitizeArticleBody(html: string): string {
  return sanitizeHtml(html, OPTIONS).trim();
}

/** Block ends that separate words in the text ("<p>a</p><p>b</p>" reads "a b"). */
const SPACED = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote', 'figcaption', 'br']);
/** Elements whose content is not text a reader sees. */
const NOT_TEXT = new Set(['script', 'style', 'textarea', 'option', 'noscript']);

/**
 * Plain text of a body, for word counts, descriptions and search snippets: entities decoded, block boundaries
 * spaced, whitespace collapsed. One tokenizer pass (htmlparser2's), as it runs for every story indexed.
 */
export function bodyText(html: string): string {
  const parts: string[] = [];
  let hidden = 0;
  const parser = new Parser(
    {
      onopentagname: (name) => {
        if (NOT_TEXT.has(name)) hidden++;
      },
      ontext: (text) => {
        if (!hidden) parts.push(text);
      },
      onclosetag: (name) => {
        if (NOT_TEXT.has(name)) hidden = Math.max(0, hidden - 1);
        else if (SPACED.has(name)) parts.push(' ');
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return parts.join('').replace(/\s+/g, ' ').trim();
}
