/**
 * WordPress's rendered HTML -> the shape Dateline's body keeps (src/news/articles/body-sanitizer.ts) and its editor
 * reads back (src/newsroom/editor/nodes.ts): paragraphs, h2–h4, lists, quotes, tables, `<pre>`, and the editor's own
 * blocks — figure.image (`<figure class="image"><img …><figcaption>…</figcaption></figure>`), figure.embed and
 * blockquote.pullquote.
 *
 * - Text and inline markup outside any block (what div-based blocks and buttons leave) are gathered into `<p>`.
 * - An image standing in the text (alone, or linked) becomes a figure.image where it stood, splitting its paragraph;
 *   a figure with one image becomes a figure.image with its caption; other figures (tables, galleries, audio) give
 *   their contents, the caption as a paragraph. Images inside list items and table cells stay inline.
 * - Layout wrappers (div, span, section, font, …) are unwrapped; WordPress's own markup attributes (class, id,
 *   aria-*, data-*, loading, …) are dropped silently; any other attribute of an unwrapped element is reported.
 * - Tags Dateline lacks get their nearest equivalent: h1 -> h2, h5/h6 -> h4, del/strike -> s, ins -> u,
 *   tt/kbd/samp/var -> code, acronym -> abbr, dfn -> em, dt -> a bold paragraph, dd/address/summary -> paragraphs.
 * - Players: YouTube/Vimeo/… iframes become link cards, `<video>`/`<audio>` links to their file; other iframes,
 *   objects, embeds, SVG and canvas are dropped and reported. Scripts, styles and forms are left for the sanitiser
 *   (which drops them; the caller reports what it dropped).
 * - Upload URLs (img src/srcset, a href) go through the media library lookup.
 */
import { type NoteCollector, excerptOf } from './content-notes.js';
import { embedFigureHtml, hostOf, pageUrlOfPlayer } from './embeds.js';
import { type HtmlElement, type HtmlNode, attr, element, isBlank, parseHtml, rawText, setAttr, text } from './html-tree.js';
import { absoluteUrl, attachmentIdOfClass, isUploadUrl, mediaLookupKeys } from './media-urls.js';

export interface BodyEnv {
  notes: NoteCollector;
  /** Upload URL -> the media library's URL, or null (see ContentContext.mediaUrl). */
  mediaUrl(url: string): string | null;
  /** The attachment's URL and alt text on the old site, for `wp-image-N` images the URL lookup missed. */
  attachment(id: number): { url: string; alt?: string } | undefined;
  baseUrl: string | undefined;
}

/** A converted node, and whether it is a block (flow content) or inline (phrasing content). */
interface Item {
  node: HtmlNode;
  block: boolean;
}

/**
 * flow: inline runs become paragraphs, images become figures (the body, blockquote, aside).
 * inline: inside a paragraph or heading: images are lifted out as figures, which split it.
 * mixed: inside a list item, table cell, caption or `<pre>`: everything stays where it is.
 */
type Mode = 'flow' | 'inline' | 'mixed';

/** WordPress's and the browser's own markup attributes: dropped without a note. */
function isNoiseAttribute(name: string): boolean {
  return (
    name === 'class' ||
    name === 'id' ||
    name === 'role' ||
    name === 'loading' ||
    name === 'decoding' ||
    name === 'fetchpriority' ||
    name === 'target' ||
    name === 'rel' ||
    name === 'tabindex' ||
    name === 'contenteditable' ||
    name === 'draggable' ||
    name === 'itemprop' ||
    name === 'itemscope' ||
    name === 'itemtype' ||
    name === 'itemid' ||
    name === 'xmlns' ||
    name.startsWith('aria-') ||
    name.startsWith('data-') ||
    name.startsWith('xml:') ||
    name.startsWith('xmlns:')
  );
}

/** Unwrapped without a note (their non-markup attributes are reported). */
const UNWRAP_BLOCK = new Set([
  'div',
  'section',
  'article',
  'header',
  'footer',
  'main',
  'nav',
  'hgroup',
  'center',
  'fieldset',
  'details',
  'dl',
  'picture',
  'search',
]);
const UNWRAP_INLINE = new Set(['span', 'font', 'big', 'time', 'data', 'bdi', 'bdo', 'nobr', 'blink', 'marquee', 'label', 'ruby', 'rb', 'rtc']);
const RENAME_INLINE: Record<string, string> = {
  del: 's',
  strike: 's',
  ins: 'u',
  tt: 'code',
  kbd: 'code',
  samp: 'code',
  var: 'code',
  acronym: 'abbr',
  dfn: 'em',
};
const KEEP_INLINE = new Set(['a', 'strong', 'em', 'b', 'i', 'u', 's', 'sub', 'sup', 'code', 'cite', 'q', 'abbr', 'small', 'mark']);
/** Dropped with their contents, silently: fallbacks for what is already kept, and nothing a reader sees. */
const DROP_SILENTLY = new Set(['noscript', 'template', 'colgroup', 'col', 'source', 'track', 'param', 'wbr', 'meta', 'link', 'base', 'title', 'head']);
/** Dropped with their contents and reported: players and drawings Dateline cannot show. */
const DROP_REPORTED = new Set(['object', 'embed', 'applet', 'svg', 'canvas', 'math', 'map', 'area', 'frame', 'frameset', 'portal', 'dialog']);

export class BodyConverter {
  private readonly lookups = new Map<string, string | null>();

  constructor(private readonly env: BodyEnv) {}

  /** The body's blocks, from WordPress's rendered HTML. */
  convert(html: string): HtmlNode[] {
    return pruneEmptyParagraphs(this.toBlocks(this.children(parseHtml(html), 'flow')));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Structure

  /** Gathers inline runs into paragraphs; blocks pass through. A run with nothing to show is dropped. */
  private toBlocks(items: readonly Item[]): HtmlNode[] {
    const out: HtmlNode[] = [];
    let run: HtmlNode[] = [];
    const flush = () => {
      if (run.length && !isEmptyContent(run)) out.push(element('p', {}, trimRun(run)));
      run = [];
    };
    for (const item of items) {
      if (item.block) {
        flush();
        out.push(item.node);
      } else run.push(item.node);
    }
    flush();
    return out;
  }

  /** Wraps each inline run in a copy of `wrapper` (a paragraph, a link, a <strong>), leaving blocks between them. */
  private wrapRuns(items: readonly Item[], wrapper: HtmlElement, dropEmpty: boolean): Item[] {
    const out: Item[] = [];
    let run: HtmlNode[] = [];
    const flush = () => {
      if (run.length && !(dropEmpty && isEmptyContent(run))) {
        out.push({ node: { ...wrapper, attrs: [...wrapper.attrs], children: wrapper.name === 'p' ? trimRun(run) : run }, block: false });
      }
      run = [];
    };
    for (const item of items) {
      if (item.block) {
        flush();
        out.push(item);
      } else run.push(item.node);
    }
    flush();
    return out;
  }

  private children(nodes: readonly HtmlNode[], mode: Mode): Item[] {
    const out: Item[] = [];
    for (const node of nodes) {
      if (node.type === 'text') out.push({ node, block: false });
      else if (node.type === 'element') out.push(...this.element(node, mode));
    }
    return out;
  }

  private inlineOf(nodes: readonly HtmlNode[], mode: Mode, wrapper: HtmlElement): Item[] {
    return this.wrapRuns(this.children(nodes, mode === 'mixed' ? 'mixed' : 'inline'), wrapper, false);
  }

  private element(el: HtmlElement, mode: Mode): Item[] {
    const name = el.name;
    const block = (node: HtmlNode): Item => ({ node, block: true });
    const keepAttrs = (source: HtmlElement, target: HtmlElement): HtmlElement => {
      for (const [n, v] of source.attrs) if (!isNoiseAttribute(n)) target.attrs.push([n, v]);
      return target;
    };

    if (name === 'p' || name === 'address' || name === 'summary' || name === 'legend') {
      const p = keepAttrs(el, element('p'));
      if (name !== 'p') this.reportAttrs(el);
      const content =
        name === 'summary'
          ? [
              {
                node: element(
                  'strong',
                  {},
                  this.children(el.children, 'mixed').map((i) => i.node),
                ),
                block: false,
              },
            ]
          : this.children(el.children, mode === 'mixed' ? 'mixed' : 'inline');
      if (mode === 'mixed') return [{ node: { ...p, children: content.map((i) => i.node) }, block: true }];
      return this.wrapRuns(content, name === 'p' ? p : element('p'), true).map((i) => ({ node: i.node, block: true }));
    }
    if (/^h[1-6]$/.test(name)) {
      const level = name === 'h1' ? 'h2' : name === 'h5' || name === 'h6' ? 'h4' : name;
      const heading = keepAttrs(el, element(level));
      const content = this.children(el.children, mode === 'mixed' ? 'mixed' : 'inline');
      const inline = content.filter((i) => !i.block).map((i) => i.node);
      return [block({ ...heading, children: inline }), ...content.filter((i) => i.block)];
    }
    if (name === 'blockquote' || name === 'aside') {
      const classes = (attr(el, 'class') ?? '').split(/\s+/);
      const kept =
        name === 'blockquote'
          ? classes.some((c) => c === 'pullquote' || c === 'wp-block-pullquote')
            ? 'pullquote'
            : null
          : (classes.find((c) => c === 'pullquote' || c === 'factbox') ?? null);
      const quote = keepAttrs(el, element(name, { class: kept }));
      quote.children = this.toBlocks(this.children(el.children, 'flow'));
      return [block(quote)];
    }
    if (name === 'ul' || name === 'ol' || name === 'menu') return this.list(el, name === 'ol' ? 'ol' : 'ul');
    if (name === 'li') {
      const li = keepAttrs(el, element('li'));
      li.children = blankEdgesOff(this.children(el.children, 'mixed').map((i) => i.node));
      return [block(li)];
    }
    if (name === 'table') return [block(this.table(el))];
    if (name === 'pre') {
      const pre = keepAttrs(el, element('pre'));
      pre.children = this.children(el.children, 'mixed').map((i) => i.node);
      return [block(pre)];
    }
    if (name === 'hr') return [block(keepAttrs(el, element('hr')))];
    if (name === 'figure') return this.figure(el, mode);
    if (name === 'figcaption' || name === 'dd' || name === 'caption') {
      this.reportAttrs(el);
      return this.toBlocks(this.children(el.children, 'flow')).map(block);
    }
    if (name === 'dt') {
      this.reportAttrs(el);
      return [
        block(
          element('p', {}, [
            element(
              'strong',
              {},
              this.children(el.children, 'mixed').map((i) => i.node),
            ),
          ]),
        ),
      ];
    }
    if (UNWRAP_BLOCK.has(name)) {
      this.reportAttrs(el);
      const inner = this.children(el.children, mode === 'mixed' ? 'mixed' : 'flow');
      return mode === 'mixed' ? inner : this.toBlocks(inner).map(block);
    }
    if (UNWRAP_INLINE.has(name) || name.includes(':')) {
      if (!name.includes(':')) this.reportAttrs(el);
      return this.children(el.children, mode);
    }
    if (DROP_SILENTLY.has(name)) return [];
    if (DROP_REPORTED.has(name)) {
      this.dropped(el);
      return [];
    }
    if (name === 'iframe') return this.iframe(el);
    if (name === 'video' || name === 'audio') return this.player(el, mode);
    if (name === 'img') {
      const img = this.image(el);
      if (!img) return [];
      return mode === 'mixed' ? [{ node: img, block: false }] : [block(imageFigure(img, []))];
    }
    if (name === 'br') return [{ node: element('br'), block: false }];
    if (name === 'a') return this.link(el, mode);
    if (KEEP_INLINE.has(name) || name in RENAME_INLINE) {
      const renamed = keepAttrs(el, element(RENAME_INLINE[name] ?? name));
      return this.inlineOf(el.children, mode, renamed);
    }
    if (name === 'script' || name === 'style' || name === 'textarea' || name === 'xmp') {
      // The sanitiser drops these with their text; the report says so.
      return [{ node: el, block: mode !== 'mixed' }];
    }
    // Anything else (form controls, custom elements): kept for the sanitiser, which unwraps it and reports it.
    const items = this.children(el.children, mode);
    const copy = keepAttrs(el, element(name));
    if (items.some((i) => i.block)) {
      copy.children = mode === 'mixed' ? items.map((i) => i.node) : this.toBlocks(items);
      return [block(copy)];
    }
    copy.children = items.map((i) => i.node);
    return [{ node: copy, block: false }];
  }

  private list(el: HtmlElement, name: 'ul' | 'ol'): Item[] {
    const list = element(name);
    for (const [n, v] of el.attrs) if (!isNoiseAttribute(n)) list.attrs.push([n, v]);
    const items = this.children(el.children, 'mixed');
    for (const item of items) {
      if (item.node.type === 'text' && isBlank(item.node.raw)) continue;
      list.children.push(item.node);
    }
    // A gallery's list (old gallery blocks, Jetpack): every item holds one image figure and nothing else.
    const lis = list.children.filter((c): c is HtmlElement => c.type === 'element' && c.name === 'li');
    const figures = lis.map((li) => {
      const shown = li.children.filter((c) => !(c.type === 'text' && isBlank(c.raw)));
      const only = shown[0];
      return shown.length === 1 && only?.type === 'element' && only.name === 'figure' && attr(only, 'class') === 'image' ? only : null;
    });
    if (lis.length && lis.length === list.children.length && figures.every((f) => f !== null)) return figures.map((f) => ({ node: f!, block: true }));
    return [{ node: list, block: true }];
  }

  private table(el: HtmlElement): HtmlElement {
    const copy = element(el.name);
    for (const [n, v] of el.attrs) if (!isNoiseAttribute(n)) copy.attrs.push([n, v]);
    for (const child of el.children) {
      if (child.type === 'text') {
        if (!isBlank(child.raw)) copy.children.push(child);
      } else if (child.type === 'element') {
        if (['thead', 'tbody', 'tfoot', 'tr'].includes(child.name)) copy.children.push(this.table(child));
        else if (child.name === 'td' || child.name === 'th' || child.name === 'caption') {
          const cell = element(child.name);
          for (const [n, v] of child.attrs) if (!isNoiseAttribute(n)) cell.attrs.push([n, v]);
          cell.children = blankEdgesOff(this.children(child.children, 'mixed').map((i) => i.node));
          copy.children.push(cell);
        } else copy.children.push(...this.element(child, 'mixed').map((i) => i.node));
      }
    }
    return copy;
  }

  private figure(el: HtmlElement, mode: Mode): Item[] {
    const classes = (attr(el, 'class') ?? '').split(/\s+/);
    const asBlocks = (nodes: HtmlNode[]): Item[] =>
      mode === 'mixed' ? this.children(nodes, 'mixed') : this.toBlocks(this.children(nodes, 'flow')).map((node) => ({ node, block: true }));

    // A link card this conversion made, or Dateline's own.
    if (classes.includes('embed')) {
      const link = findElement(el.children, (e) => e.name === 'a' && attr(e, 'href') !== null);
      const href = link ? attr(link, 'href')! : null;
      if (href && /^https?:\/\//i.test(href)) return [{ node: parseHtml(embedFigureHtml(href))[0]!, block: true }];
    }
    // A pull quote block: <figure class="wp-block-pullquote"><blockquote>…</blockquote></figure>.
    const quote = el.children.find((c): c is HtmlElement => c.type === 'element' && c.name === 'blockquote');
    if (quote && classes.includes('wp-block-pullquote')) {
      const pull = element('blockquote', { class: 'pullquote' });
      pull.children = this.toBlocks(this.children(quote.children, 'flow'));
      return [{ node: pull, block: true }];
    }
    const images = [...descendantsOf(el.children)].filter((e) => e.name === 'img');
    const nested = [...descendantsOf(el.children)].some(
      (e) => e.name === 'figure' || e.name === 'table' || e.name === 'video' || e.name === 'audio' || e.name === 'iframe',
    );
    if (images.length !== 1 || nested) {
      this.reportAttrs(el);
      return asBlocks(el.children);
    }
    const source = images[0]!;
    const img = this.image(source);
    if (!img) return asBlocks(el.children.filter((c) => c !== source));
    const caption = el.children.find((c): c is HtmlElement => c.type === 'element' && c.name === 'figcaption');
    const captionNodes = caption ? this.children(caption.children, 'mixed').map((i) => i.node) : [];
    const linkAround = findElement(el.children, (e) => e.name === 'a' && findElement(e.children, (d) => d === source) !== null);
    if (linkAround) this.linkDropped(linkAround, source);
    const rest = el.children.filter(
      (c) => c !== caption && !(c.type === 'element' && (c === linkAround || c === source || findElement(c.children, (d) => d === source))),
    );
    const after = rest.some((c) => (c.type === 'text' ? !isBlank(c.raw) : c.type === 'element')) ? asBlocks(rest) : [];
    return [{ node: imageFigure(img, isEmptyContent(captionNodes) ? [] : captionNodes), block: true }, ...after];
  }

  private link(el: HtmlElement, mode: Mode): Item[] {
    // The file block's download button repeats the link before it.
    if ((attr(el, 'class') ?? '').split(/\s+/).includes('wp-block-file__button')) return [];
    const a = element('a');
    for (const [n, v] of el.attrs) if (!isNoiseAttribute(n)) a.attrs.push([n, v]);
    // A linked image standing alone: the image figure (Dateline's has no link).
    if (mode !== 'mixed') {
      const shown = el.children.filter((c) => !(c.type === 'text' && isBlank(c.raw)));
      const only = shown[0];
      if (shown.length === 1 && only?.type === 'element' && only.name === 'img') {
        const img = this.image(only);
        if (!img) return [];
        this.linkDropped(el, only);
        return [{ node: imageFigure(img, []), block: true }];
      }
    }
    const href = attr(el, 'href');
    if (href !== null) {
      const rewritten = this.rewriteUrl(href);
      if (rewritten !== href) setAttr(a, 'href', rewritten);
    }
    // A link around blocks (HTML allows <a><h2>…</h2></a>): the link goes inside each paragraph and heading.
    return this.inlineOf(el.children, mode, a).map((item) => {
      const node = item.node;
      if (!item.block || node.type !== 'element' || !['p', 'h2', 'h3', 'h4'].includes(node.name)) return item;
      return { node: { ...node, children: [{ ...a, attrs: [...a.attrs], children: node.children }] }, block: true };
    });
  }

  private iframe(el: HtmlElement): Item[] {
    const src = attr(el, 'src') ?? '';
    const page = pageUrlOfPlayer(src);
    if (page) {
      this.env.notes.add('embed', `${page} (an embedded player) became a link card`, page);
      return [{ node: parseHtml(embedFigureHtml(page))[0]!, block: true }];
    }
    this.dropped(el);
    return [];
  }

  private player(el: HtmlElement, mode: Mode): Item[] {
    const sourceEl = el.children.find((c): c is HtmlElement => c.type === 'element' && c.name === 'source' && Boolean(attr(c, 'src')));
    const src = attr(el, 'src') ?? (sourceEl ? attr(sourceEl, 'src') : null);
    if (!src) {
      this.dropped(el);
      return [];
    }
    const url = this.rewriteUrl(src);
    this.env.notes.add('media-player', `${el.name} ${excerptOf(src)} became a link to the file`, src);
    const link = element('a', { href: url }, [text(fileName(src))]);
    return mode === 'flow' ? [{ node: element('p', {}, [link]), block: true }] : [{ node: link, block: false }];
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Images and URLs

  /** The image as Dateline keeps it, or null (and a note) when it has no address to show. */
  private image(el: HtmlElement): HtmlElement | null {
    const img = element('img');
    const lazy = attr(el, 'data-src') ?? attr(el, 'data-lazy-src') ?? attr(el, 'data-original');
    let src = attr(el, 'src')?.trim() || null;
    if (lazy && (!src || src.startsWith('data:'))) src = lazy;
    if (!src) {
      this.env.notes.add('sanitizer-dropped', '<img> without a src dropped', '<img>:no-src');
      return null;
    }
    const attachmentId = attachmentIdOfClass(attr(el, 'class'));
    const attachment = attachmentId !== null ? this.env.attachment(attachmentId) : undefined;
    let srcsetKept = false;
    for (const [n, v] of el.attrs) {
      if (isNoiseAttribute(n) || n === 'title' || n === 'src' || n === 'srcset' || n === 'sizes') continue;
      img.attrs.push([n, v]);
    }
    setAttr(img, 'src', this.rewriteUrl(src, attachment?.url));
    const srcset = attr(el, 'srcset');
    if (srcset) {
      const rewritten = this.rewriteSrcset(srcset);
      if (rewritten) {
        setAttr(img, 'srcset', rewritten);
        srcsetKept = true;
      }
    }
    const sizes = attr(el, 'sizes');
    if (srcsetKept && sizes) setAttr(img, 'sizes', sizes);
    if (!attr(img, 'alt') && attachment?.alt) setAttr(img, 'alt', attachment.alt);
    // Editor order: src, alt first.
    img.attrs.sort((a, b) => order(a[0]) - order(b[0]));
    return img;
  }

  /** A srcset whose candidates are all found, and not all the same file; otherwise none (the src is enough). */
  private rewriteSrcset(srcset: string): string | null {
    // Candidates are separated by a comma after a descriptor or before a space (a URL may hold commas itself).
    const candidates = srcset
      .split(/,\s+|(?<=\s[\d.]+[wx]),/)
      .map((c) => c.trim())
      .filter(Boolean);
    const out: string[] = [];
    const urls = new Set<string>();
    for (const candidate of candidates) {
      const [url, descriptor] = candidate.split(/\s+/, 2) as [string, string | undefined];
      // Quiet: when a size is missing, the note about the image's src says what matters.
      const rewritten = this.rewriteUrl(url, undefined, true);
      if (isUploadUrl(absoluteUrl(url, this.env.baseUrl)) && rewritten === absoluteUrl(url, this.env.baseUrl)) return null;
      urls.add(rewritten);
      out.push(descriptor ? `${rewritten} ${descriptor}` : rewritten);
    }
    return urls.size > 1 ? out.join(', ') : null;
  }

  /**
   * An upload URL -> the media library's URL (the keys of mediaLookupKeys, then the attachment's own URL when the
   * image named one); not found: the old URL, absolute, and a note. Other URLs: made absolute when protocol-relative.
   */
  private rewriteUrl(raw: string, attachmentUrl?: string, quiet = false): string {
    const url = absoluteUrl(raw.trim(), this.env.baseUrl);
    if (!isUploadUrl(url)) return raw.trim().startsWith('//') ? url : raw;
    const found = this.lookup(url) ?? (attachmentUrl ? this.lookup(absoluteUrl(attachmentUrl, this.env.baseUrl)) : null);
    if (found) return found;
    if (!quiet) this.env.notes.add('media-not-found', `${excerptOf(url, 200)} is not in the media library; the old URL is kept`, url);
    return url;
  }

  private lookup(url: string): string | null {
    if (this.lookups.has(url)) return this.lookups.get(url)!;
    let found: string | null = null;
    for (const key of mediaLookupKeys(url)) {
      found = this.env.mediaUrl(key);
      if (found) break;
    }
    this.lookups.set(url, found);
    return found;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Notes

  /**
   * A note when the link around an image pointed somewhere other than the image itself. Its own file (any size),
   * or its attachment page, lose nothing: WordPress marks those with rel="attachment wp-att-N", the gallery block
   * with the image's data-link, and an attachment page's address ends in the file's name (`…/photo-2/` for photo.jpg).
   */
  private linkDropped(link: HtmlElement, source: HtmlElement): void {
    const href = attr(link, 'href');
    if (!href) return;
    const src = attr(source, 'src') ?? '';
    const fileStem = (
      src
        .replace(/[?#].*$/, '')
        .split('/')
        .pop() ?? ''
    )
      .replace(/(-\d+x\d+)?\.[a-z0-9]+$/i, '')
      .toLowerCase();
    const lastSegment = (
      href
        .replace(/[?#].*$/, '')
        .replace(/\/+$/, '')
        .split('/')
        .pop() ?? ''
    ).toLowerCase();
    const toItself =
      isUploadUrl(absoluteUrl(href, this.env.baseUrl)) ||
      href === src ||
      href === attr(source, 'data-link') ||
      /(^|\s)(attachment|wp-att-\d+)(\s|$)/.test(attr(link, 'rel') ?? '') ||
      /[?&]attachment_id=\d+/.test(href) ||
      /\/attachment\//.test(href) ||
      (fileStem !== '' && (lastSegment === fileStem || lastSegment.replace(/-\d+$/, '') === fileStem));
    if (!toItself) this.env.notes.add('image-link-dropped', `an image linked to ${excerptOf(href, 200)}; the link is dropped`, href);
  }

  /** A whole element dropped by the conversion, for the report. */
  private dropped(el: HtmlElement): void {
    const src = attr(el, 'src') ?? attr(el, 'data');
    const subject = src ? `<${el.name} src="${excerptOf(src, 120)}">` : `<${el.name}>`;
    this.env.notes.add('sanitizer-dropped', `${subject} dropped`, subject);
  }

  /** The attributes (other than markup's own) of an element the conversion unwraps. */
  private reportAttrs(el: HtmlElement): void {
    for (const [n] of el.attrs)
      if (!isNoiseAttribute(n)) this.env.notes.add('sanitizer-dropped', `${n} attribute (on <${el.name}>) dropped`, `attr:${n}:${el.name}`);
  }
}

/** Paragraphs with nothing to show, wherever they are (the sanitiser drops them too: this keeps its report clean). */
function pruneEmptyParagraphs(nodes: HtmlNode[]): HtmlNode[] {
  return nodes.filter((node) => {
    if (node.type !== 'element') return true;
    if (node.name === 'p' && isEmptyContent(node.children)) return false;
    node.children = pruneEmptyParagraphs(node.children);
    return true;
  });
}

function order(name: string): number {
  const i = ['src', 'alt', 'width', 'height', 'srcset', 'sizes'].indexOf(name);
  return i === -1 ? 10 : i;
}

function imageFigure(img: HtmlElement, caption: HtmlNode[]): HtmlElement {
  const figure = element('figure', { class: 'image' }, [img]);
  if (caption.length) figure.children.push(element('figcaption', {}, trimRun(caption)));
  return figure;
}

function* descendantsOf(nodes: readonly HtmlNode[]): Generator<HtmlElement> {
  for (const node of nodes) {
    if (node.type !== 'element') continue;
    yield node;
    yield* descendantsOf(node.children);
  }
}

function findElement(nodes: readonly HtmlNode[], test: (e: HtmlElement) => boolean): HtmlElement | null {
  for (const e of descendantsOf(nodes)) if (test(e)) return e;
  return null;
}

const EMPTY_WHEN_TEXTLESS = new Set(['br', 'p', ...KEEP_INLINE, ...UNWRAP_INLINE]);

/**
 * Nothing a reader would see: blank text, <br>s, empty inline elements. An image counts, and so does anything else
 * (a form, an unknown element): the sanitiser decides about those, and the report says what it dropped.
 */
function isEmptyContent(nodes: readonly HtmlNode[]): boolean {
  return isBlank(rawText(nodes)) && findElement(nodes, (e) => !EMPTY_WHEN_TEXTLESS.has(e.name)) === null;
}

/** Without the whitespace-only text at its ends (what wpautop leaves around blocks inside a list item or cell). */
function blankEdgesOff(nodes: HtmlNode[]): HtmlNode[] {
  const blank = (n: HtmlNode | undefined) => n?.type === 'text' && n.raw.trim() === '';
  while (blank(nodes[0])) nodes.shift();
  while (blank(nodes[nodes.length - 1])) nodes.pop();
  return nodes;
}

/** A run without the whitespace and <br>s at its ends. */
function trimRun(nodes: HtmlNode[]): HtmlNode[] {
  const out = [...nodes];
  const edge = (n: HtmlNode | undefined) =>
    n !== undefined && ((n.type === 'text' && isBlank(n.raw) && !/&nbsp;|\u00a0/.test(n.raw)) || (n.type === 'element' && n.name === 'br'));
  while (edge(out[0])) out.shift();
  while (edge(out[out.length - 1])) out.pop();
  const first = out[0];
  if (first?.type === 'text') out[0] = { type: 'text', raw: first.raw.slice(asciiSpaceRun(first.raw, 0, 1)) };
  const last = out[out.length - 1];
  if (last?.type === 'text') out[out.length - 1] = { type: 'text', raw: last.raw.slice(0, asciiSpaceRun(last.raw, last.raw.length - 1, -1) + 1) };
  return out;
}

/** From `at` in direction `step`, the index of the first character that is not ASCII whitespace. */
function asciiSpaceRun(value: string, at: number, step: 1 | -1): number {
  let i = at;
  while (i >= 0 && i < value.length && ' \t\n\r\f'.includes(value.charAt(i))) i += step;
  return i;
}

function fileName(url: string): string {
  const path = url.replace(/[?#].*$/, '');
  const name = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(name) || hostOf(url) || url;
  } catch {
    return name || url;
  }
}
