/**
 * Block markup (the block editor's `<!-- wp:name {attrs} -->…<!-- /wp:name -->` comments): parsed as
 * WP_Block_Parser does, and rendered the way Dateline needs it — the comments gone and the saved HTML kept, reusable
 * blocks expanded from their wp_block items, embed blocks turned into link cards, and blocks that WordPress renders
 * on every page view from the database (latest posts, query loops, search, …: they save no HTML, or only a template)
 * dropped and reported.
 */
import { embedFigureHtml, hostOf } from './embeds.js';
import { encodeHtml } from './html-tree.js';
import type { NoteCollector } from './content-notes.js';
import { wpautop } from './wpautop.js';

export interface ParsedBlock {
  /** With its namespace: 'core/paragraph', 'jetpack/slideshow'. */
  name: string;
  attrs: Record<string, unknown>;
  /** The HTML between the comments and the inner blocks, in order. */
  inner: (string | ParsedBlock)[];
  /** `<!-- wp:name /-->`: nothing saved between. */
  void: boolean;
}

/**
 * WP_Block_Parser's delimiter, `<!--\s+(/)?wp:(ns/)?name\s+({json}\s+)?(/)?-->`, read in two steps so that a post
 * full of broken delimiters cannot make it scan to the end once for each: HEAD is the part up to the attributes, and
 * the attributes run from their `{` to the first `}` followed by `\s+/?-->` (found once for the whole post).
 */
const HEAD = /<!--\s+(\/)?wp:([a-z][a-z0-9_-]*\/)?([a-z][a-z0-9_-]*)\s+/y;
const ATTRS_END = /\}\s+\/?-->/g;
const TAIL = /\s*(\/)?-->/y;

interface Delimiter {
  start: number;
  end: number;
  closer: boolean;
  namespace: string | undefined;
  name: string;
  json: string | undefined;
  isVoid: boolean;
}

function* delimiters(document: string): Generator<Delimiter> {
  let attrEnds: number[] | null = null;
  let cursor = 0;
  for (let at = document.indexOf('<!--'); at !== -1; at = document.indexOf('<!--', at + 4)) {
    HEAD.lastIndex = at;
    const head = HEAD.exec(document);
    if (!head) continue;
    let pos = HEAD.lastIndex;
    let json: string | undefined;
    if (document.charAt(pos) === '{') {
      if (!attrEnds) {
        attrEnds = [];
        ATTRS_END.lastIndex = 0;
        for (let m = ATTRS_END.exec(document); m; m = ATTRS_END.exec(document)) attrEnds.push(m.index);
      }
      while (cursor < attrEnds.length && attrEnds[cursor]! < pos) cursor++;
      const brace = attrEnds[cursor];
      if (brace === undefined) continue;
      json = document.slice(pos, brace + 1);
      pos = brace + 1;
    }
    TAIL.lastIndex = pos;
    const tail = TAIL.exec(document);
    // Without attributes the head's own whitespace comes before the tail: "<!-- wp:x -->".
    if (!tail || (json !== undefined && !/^\s/.test(document.slice(pos, pos + 1)))) continue;
    yield { start: at, end: TAIL.lastIndex, closer: Boolean(head[1]), namespace: head[2], name: head[3]!, json, isVoid: Boolean(tail[1]) };
    at = TAIL.lastIndex - 4;
  }
}

/** Blocks nested deeper than this are read as empty (their HTML goes to the block around them). */
export const MAX_NESTING = 64;

/** has_blocks(): WordPress's own test, which decides whether the post gets wpautop. */
export function hasBlocks(content: string): boolean {
  return content.includes('<!-- wp:');
}

/** The document as freeform HTML and top-level blocks, in order. A closer with no opener is ignored. */
export function parseBlocks(document: string): (string | ParsedBlock)[] {
  const root: (string | ParsedBlock)[] = [];
  const stack: ParsedBlock[] = [];
  const add = (item: string | ParsedBlock) => {
    if (item === '') return;
    (stack.length ? stack[stack.length - 1]!.inner : root).push(item);
  };
  let at = 0;
  for (const d of delimiters(document)) {
    if (d.start < at) continue;
    add(document.slice(at, d.start));
    at = d.end;
    if (d.closer) {
      stack.pop();
      continue;
    }
    let attrs: Record<string, unknown> = {};
    if (d.json) {
      try {
        const parsed: unknown = JSON.parse(d.json);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) attrs = parsed as Record<string, unknown>;
      } catch {
        // WordPress gives such a block null attributes; so do we (an empty object).
      }
    }
    // Nested past any real post's depth (a file of openers without closers): later openers hold nothing.
    const isVoid = d.isVoid || stack.length >= MAX_NESTING;
    const block: ParsedBlock = { name: `${d.namespace ?? 'core/'}${d.name}`, attrs, inner: [], void: isVoid };
    add(block);
    if (!isVoid) stack.push(block);
  }
  add(document.slice(at));
  return root;
}

/**
 * Core blocks rendered from the database on each view: what they save is nothing, or a template for posts, comments
 * or the site — not the story's content.
 */
const DYNAMIC_BLOCKS = new Set(
  [
    'archives',
    'avatar',
    'calendar',
    'categories',
    'comment-author-avatar',
    'comment-author-name',
    'comment-content',
    'comment-date',
    'comment-edit-link',
    'comment-reply-link',
    'comment-template',
    'comments',
    'comments-pagination',
    'comments-pagination-next',
    'comments-pagination-numbers',
    'comments-pagination-previous',
    'comments-query-loop',
    'comments-title',
    'footnotes',
    'home-link',
    'latest-comments',
    'latest-posts',
    'legacy-widget',
    'loginout',
    'navigation',
    'navigation-link',
    'navigation-submenu',
    'page-list',
    'page-list-item',
    'pattern',
    'post-author',
    'post-author-biography',
    'post-author-name',
    'post-comment',
    'post-comments',
    'post-comments-count',
    'post-comments-form',
    'post-comments-link',
    'post-content',
    'post-date',
    'post-excerpt',
    'post-featured-image',
    'post-navigation-link',
    'post-template',
    'post-terms',
    'post-title',
    'query',
    'query-no-results',
    'query-pagination',
    'query-pagination-next',
    'query-pagination-numbers',
    'query-pagination-previous',
    'query-title',
    'query-total',
    'read-more',
    'rss',
    'search',
    'site-logo',
    'site-tagline',
    'site-title',
    'tag-cloud',
    'template-part',
    'term-description',
    'widget-group',
  ].map((name) => `core/${name}`),
);

export interface BlockEnv {
  reusableBlock(id: number): string | undefined;
  notes: NoteCollector;
}

/** The most reusable blocks nested in one another (WordPress itself only refuses a block that includes itself). */
export const MAX_REUSABLE_DEPTH = 10;

/** The post's HTML with its block markup rendered (see the module's comment). */
export function renderBlocks(content: string, env: BlockEnv): string {
  return renderItems(parseBlocks(content), env, []);
}

function renderItems(items: readonly (string | ParsedBlock)[], env: BlockEnv, refs: readonly number[]): string {
  let out = '';
  for (const item of items) out += typeof item === 'string' ? item : renderBlock(item, env, refs);
  return out;
}

function innerHtml(block: ParsedBlock, env: BlockEnv, refs: readonly number[]): string {
  return renderItems(block.inner, env, refs);
}

function label(name: string): string {
  return name.startsWith('core/') ? `wp:${name.slice(5)}` : `wp:${name}`;
}

function stringAttr(block: ParsedBlock, name: string): string | null {
  const value = block.attrs[name];
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

function renderBlock(block: ParsedBlock, env: BlockEnv, refs: readonly number[]): string {
  const { name } = block;
  if (name === 'core/block') return renderReusable(block, env, refs);
  if (DYNAMIC_BLOCKS.has(name)) {
    env.notes.add('dynamic-block', `${label(name)}: built by WordPress on each page view, no content saved; dropped`, name);
    return '';
  }
  if (name === 'core/embed' || name.startsWith('core-embed/')) return renderEmbed(block, env, refs);
  if (name === 'core/social-link') return renderSocialLink(block);
  // The shortcode block's text gets wpautop when WordPress renders it.
  if (name === 'core/shortcode') return wpautop(innerHtml(block, env, refs));
  const html = innerHtml(block, env, refs);
  if (block.void || !html.trim()) {
    if (!['core/spacer', 'core/separator', 'core/more', 'core/nextpage', 'core/column', 'core/missing'].includes(name) && !block.inner.length) {
      env.notes.add('dynamic-block', `${label(name)}: no content saved in the post; dropped`, name);
    }
    return '';
  }
  return html;
}

function renderReusable(block: ParsedBlock, env: BlockEnv, refs: readonly number[]): string {
  const ref = block.attrs.ref;
  const id = typeof ref === 'number' ? ref : typeof ref === 'string' && /^\d+$/.test(ref) ? Number(ref) : null;
  if (id === null) {
    env.notes.add('reusable-block', 'wp:block without a ref; dropped');
    return '';
  }
  if (refs.includes(id)) {
    env.notes.add('reusable-block', `wp:block ref ${id} includes itself; the repeat is dropped`);
    return '';
  }
  if (refs.length >= MAX_REUSABLE_DEPTH) {
    env.notes.add('reusable-block', `wp:block ref ${id}: reusable blocks nested more than ${MAX_REUSABLE_DEPTH} deep; dropped`);
    return '';
  }
  const content = env.reusableBlock(id);
  if (content === undefined) {
    env.notes.add('reusable-block', `wp:block ref ${id}: no such reusable block (wp_block item) in the export; dropped`);
    return '';
  }
  return renderItems(parseBlocks(content), env, [...refs, id]);
}

function renderEmbed(block: ParsedBlock, env: BlockEnv, refs: readonly number[]): string {
  const html = innerHtml(block, env, refs);
  const url = stringAttr(block, 'url') ?? /https?:\/\/[^\s<>"]+/.exec(html)?.[0] ?? null;
  if (!url || !/^https?:\/\//i.test(url)) {
    env.notes.add('dynamic-block', `${label(block.name)}: an embed without a URL; dropped`, `${block.name}:no-url`);
    return '';
  }
  env.notes.add('embed', `${url} became a link card`, url);
  const caption = /<figcaption[^>]*>([\s\S]*?)<\/figcaption>/i.exec(html)?.[1]?.trim();
  return embedFigureHtml(url) + (caption ? `<p>${caption}</p>` : '');
}

function renderSocialLink(block: ParsedBlock): string {
  const url = stringAttr(block, 'url');
  if (!url) return '';
  const service = stringAttr(block, 'service');
  const text = stringAttr(block, 'label') ?? (service ? service.charAt(0).toUpperCase() + service.slice(1) : hostOf(url) || url);
  return `<li><a href="${encodeHtml(url)}">${encodeHtml(text)}</a></li>`;
}
