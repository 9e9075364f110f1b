/**
 * A WordPress post's content (`content:encoded`) -> a Dateline article body, as WordPress would have shown it
 * (the_content's filters, in their order) and in the markup Dateline keeps. Pure: everything it needs from the rest
 * of the export comes through the ContentContext.
 *
 *   1. Block markup (blocks.ts): comments removed, saved HTML kept, reusable blocks expanded, embed blocks -> link
 *      cards, dynamic blocks dropped and reported.
 *   2. `[embed]URL[/embed]`, then URLs alone on their line or in their paragraph (WP_Embed::autoembed): oEmbed
 *      providers -> link cards, audio/video files -> links.
 *   3. Classic content only (no block markup, as has_blocks() decides): wpautop, then shortcode_unautop.
 *   4. Shortcodes (shortcodes.ts): [caption], [gallery], [audio], [video], [playlist], Jetpack's [youtube] & co;
 *      `[[tag]]` -> `[tag]`; any other shortcode is kept as text and reported.
 *   5. The HTML -> Dateline's blocks (dateline-body.ts), upload URLs through the media library.
 *   6. Dateline's body sanitiser; what it drops is reported.
 *
 * Not done (WordPress's display-time typography): wptexturize's curly quotes and dashes, convert_smilies.
 */
import { bodyText, sanitizeArticleBody } from '../../news/articles/body-sanitizer.js';
import { renderBlocks, hasBlocks } from './blocks.js';
import { type ContentNote, NoteCollector, excerptOf } from './content-notes.js';
import { BodyConverter } from './dateline-body.js';
import { embedFigureHtml, isMediaFileUrl, isOembedUrl } from './embeds.js';
import { type HtmlNode, decodeEntities, descendants, encodeHtml, parseHtml, serializeHtml } from './html-tree.js';
import { isImageUrl } from './media-urls.js';
import { type Shortcode, doShortcodes, shortcodeUnautop } from './shortcodes.js';
import { replaceInHtmlTags, wpautop } from './wpautop.js';

export type { ContentNote, ContentNoteKind } from './content-notes.js';

/** What WordPress knew about an attachment (a WXR item of type attachment). */
export interface WpAttachment {
  /** The file's URL on the old site (`wp:attachment_url`). */
  url: string;
  /** `_wp_attachment_image_alt`. */
  alt?: string;
  /** The attachment's caption (its excerpt). */
  caption?: string;
  /** The attachment's title. */
  title?: string;
}

export interface ContentContext {
  /** Reusable blocks (wp_block items) by id -> their content, for `<!-- wp:block {"ref":N} /-->`. */
  reusableBlock(id: number): string | undefined;
  /**
   * An old-site upload URL -> its URL in the media library, or null when unknown (then the old URL stays and a note
   * says so). Called with each key of mediaLookupKeys (media-urls.ts) in turn — as written, without its query,
   * without WordPress's `-WxH` size suffix, as the `-scaled` original — until one answers; the context maps
   * scheme and host variants (http/https, the CDN's host) itself.
   */
  mediaUrl(url: string): string | null;
  /** An attachment by WordPress id: for [gallery] and [playlist], and `wp-image-N` images the URL lookup misses. */
  attachment(id: number): WpAttachment | undefined;
  /** The ids of the attachments whose parent is the post, in WordPress's order (menu_order, then id): [gallery] without ids. */
  attachmentsOf(postId: number): readonly number[];
  /** The old site's address, for root-relative upload URLs (`/wp-content/uploads/…`). */
  baseUrl?: string;
}

export interface ConvertOptions {
  /** The post's WordPress id: the parent a [gallery] without ids shows the images of. */
  postId?: number;
}

export interface ConvertedContent {
  /** The body, as sanitizeArticleBody keeps it. */
  html: string;
  notes: ContentNote[];
}

/** Shortcodes this conversion expands (also the ones shortcode_unautop takes out of their paragraph). */
const KNOWN_SHORTCODES = [
  'caption',
  'wp_caption',
  'gallery',
  'embed',
  'audio',
  'video',
  'playlist',
  'youtube',
  'vimeo',
  'dailymotion',
  'tweet',
  'instagram',
  'soundcloud',
  'spotify',
  'ted',
] as const;

export function convertWordPressContent(content: string, ctx: ContentContext, options: ConvertOptions = {}): ConvertedContent {
  const notes = new NoteCollector();
  const pages = content.split('<!--nextpage-->').length;
  if (pages > 1) notes.add('page-break', `${pages} pages (<!--nextpage-->) joined into one body`);

  const blocks = hasBlocks(content);
  let html = blocks ? renderBlocks(content, { reusableBlock: (id) => ctx.reusableBlock(id), notes }) : content;
  html = doShortcodes(
    html,
    (sc) => embedShortcode(sc, notes),
    (tag) => tag === 'embed',
  );
  html = autoembed(html, notes);
  if (!blocks) html = wpautop(html);
  html = shortcodeUnautop(html, KNOWN_SHORTCODES);
  const expand = (text: string): string => doShortcodes(text, (sc) => expandShortcode(sc, ctx, options, notes, expand));
  html = expand(html);

  const converter = new BodyConverter({
    notes,
    mediaUrl: (url) => ctx.mediaUrl(url),
    attachment: (id) => ctx.attachment(id),
    baseUrl: ctx.baseUrl,
  });
  const nodes = converter.convert(html);
  const before = serializeHtml(nodes);
  const out = sanitizeArticleBody(before);
  reportSanitizerDrops(nodes, parseHtml(out), notes);
  return { html: out, notes: notes.list() };
}

// -------------------------------------------------------------------------------------------------------------------
// Embeds

function embedOrLink(rawUrl: string, notes: NoteCollector, linkIfUnknown: boolean): string | null {
  const url = decodeEntities(rawUrl.trim());
  if (!/^https?:\/\/[^\s<>"]+$/i.test(url)) return null;
  if (isMediaFileUrl(url)) {
    notes.add('media-player', `${excerptOf(url)} (a player) became a link to the file`, url);
    return `<a href="${encodeHtml(url)}">${encodeHtml(url)}</a>`;
  }
  if (isOembedUrl(url) || linkIfUnknown) {
    notes.add('embed', `${url} became a link card`, url);
    return `\n${embedFigureHtml(url)}\n`;
  }
  return null;
}

/** `[embed]URL[/embed]`: the URL asked for an embed, so any http(s) address becomes a link card. */
function embedShortcode(sc: Shortcode, notes: NoteCollector): string | null {
  const url = (sc.content ?? sc.attrs.named.src ?? '').trim();
  return embedOrLink(url, notes, true);
}

/**
 * WordPress's `\s*` around the URL may take in the blank lines before and after it, which it writes back as they
 * were; spaces without line breaks here give the same result and cannot run across a whole post from every line.
 */
const LINE_SPACE = '[ \\t\\r\\f\\v]';
const ASCII_SPACE = '[ \\t\\n\\r\\f\\v]';
const URL_ALONE_ON_LINE = new RegExp(`^(${LINE_SPACE}*)(https?://[^ \\t\\n\\r\\f\\v<>"]+)(${LINE_SPACE}*)$`, 'gim');
const URL_ALONE_IN_P = new RegExp(`(<p(?: [^>]*)?>${ASCII_SPACE}*)(https?://[^ \\t\\n\\r\\f\\v<>"]+)(${ASCII_SPACE}*</p>)`, 'gi');

/** WP_Embed::autoembed: a URL alone on its line or in its paragraph, when WordPress knows how to embed it. */
function autoembed(content: string, notes: NoteCollector): string {
  if (!/(^|\s|>)https?:\/\//i.test(content)) return content;
  let text = replaceInHtmlTags(content, '\n', '<!-- wp-line-break -->');
  const replace = (match: string, before: string, url: string, after: string) => {
    const out = embedOrLink(url, notes, false);
    return out === null ? match : before + out + after;
  };
  text = text.replace(URL_ALONE_ON_LINE, replace).replace(URL_ALONE_IN_P, replace);
  return text.split('<!-- wp-line-break -->').join('\n');
}

// -------------------------------------------------------------------------------------------------------------------
// Shortcodes

function expandShortcode(sc: Shortcode, ctx: ContentContext, options: ConvertOptions, notes: NoteCollector, expand: (text: string) => string): string | null {
  const tag = sc.tag.toLowerCase();
  switch (tag) {
    case 'caption':
    case 'wp_caption':
      return captionShortcode(sc, expand);
    case 'gallery':
      return galleryShortcode(sc, ctx, options, notes);
    case 'embed':
      return embedShortcode(sc, notes);
    case 'audio':
    case 'video':
      return playerShortcode(sc, notes);
    case 'playlist':
      return playlistShortcode(sc, ctx, notes);
    case 'youtube':
    case 'vimeo':
    case 'dailymotion':
    case 'tweet':
    case 'instagram':
    case 'soundcloud':
    case 'spotify':
    case 'ted': {
      const url = jetpackEmbedUrl(tag, sc);
      if (url) return embedOrLink(url, notes, true);
      break;
    }
  }
  if (looksLikeShortcode(sc)) notes.add('unknown-shortcode', `[${sc.tag}] kept as text: ${excerptOf(sc.raw, 120)}`, sc.tag.toLowerCase());
  return null;
}

/** img_caption_shortcode: the image (with its link) and the caption after it, or in caption="". */
function captionShortcode(sc: Shortcode, expand: (text: string) => string): string {
  let content = sc.content ?? '';
  let caption = sc.attrs.named.caption;
  if (caption === undefined) {
    const m = /((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*<\/a>)?)([\s\S]*)/i.exec(content);
    if (m) {
      content = m[1]!;
      caption = m[2]!.trim();
    }
  }
  const width = parseInt(sc.attrs.named.width ?? '', 10);
  if (!(width >= 1) || !caption) return expand(content);
  return `<figure class="wp-caption">${expand(content)}<figcaption>${caption}</figcaption></figure>`;
}

function ids(list: string | undefined): number[] {
  return (list ?? '')
    .split(/[\s,]+/)
    .filter((v) => /^\d+$/.test(v))
    .map(Number);
}

/** gallery_shortcode: the images of ids="…" (or include), else the post's attached images, as image figures. */
function galleryShortcode(sc: Shortcode, ctx: ContentContext, options: ConvertOptions, notes: NoteCollector): string {
  const named = sc.attrs.named;
  let list = ids(named.ids || named.include);
  if (!list.length) {
    const parent = named.id && /^\d+$/.test(named.id) ? Number(named.id) : options.postId;
    if (parent === undefined) {
      notes.add('media-not-found', '[gallery] without ids in a post whose id is unknown; dropped', 'gallery:no-post');
      return '';
    }
    const excluded = new Set(ids(named.exclude));
    list = ctx.attachmentsOf(parent).filter((id) => !excluded.has(id));
    if ((named.order ?? '').toUpperCase() === 'DESC') list.reverse();
    if (!list.length) {
      notes.add('media-not-found', `[gallery] of post ${parent}: no attached images in the export; dropped`, `gallery:${parent}`);
      return '';
    }
  }
  let out = '';
  for (const id of list) {
    const attachment = ctx.attachment(id);
    if (!attachment) {
      notes.add('media-not-found', `attachment ${id} (in a [gallery]) is not in the export; left out`, `attachment:${id}`);
      continue;
    }
    if (!isImageUrl(attachment.url)) continue;
    const alt = attachment.alt ?? '';
    const caption = attachment.caption?.trim();
    out += `<figure class="image"><img src="${encodeHtml(attachment.url)}" alt="${encodeHtml(alt)}" class="wp-image-${id}">`;
    if (caption) out += `<figcaption>${caption}</figcaption>`;
    out += '</figure>\n';
  }
  return out;
}

const AUDIO_KEYS = ['src', 'mp3', 'm4a', 'ogg', 'wav', 'wma', 'flac'];
const VIDEO_KEYS = ['src', 'mp4', 'm4v', 'webm', 'ogv', 'wmv', 'flv'];

/** [audio] and [video]: Dateline has no player, so a link to the file. */
function playerShortcode(sc: Shortcode, notes: NoteCollector): string {
  const keys = sc.tag.toLowerCase() === 'audio' ? AUDIO_KEYS : VIDEO_KEYS;
  const url = keys.map((k) => sc.attrs.named[k]).find((v) => v && /^(https?:)?\/\//i.test(v)) ?? sc.attrs.positional.find((v) => /^https?:\/\//i.test(v));
  if (!url) {
    notes.add('media-player', `[${sc.tag}] without a file (WordPress played the post's attached media); dropped`, `${sc.tag}:none`);
    return '';
  }
  notes.add('media-player', `[${sc.tag}] ${excerptOf(url)} became a link to the file`, url);
  const name = decodeURIComponentSafe(
    url
      .replace(/[?#].*$/, '')
      .split('/')
      .pop() ?? url,
  );
  return `<a href="${encodeHtml(url)}">${encodeHtml(name || url)}</a>`;
}

function playlistShortcode(sc: Shortcode, ctx: ContentContext, notes: NoteCollector): string {
  const items = ids(sc.attrs.named.ids)
    .map((id) => ({ id, attachment: ctx.attachment(id) }))
    .filter(({ id, attachment }) => {
      if (!attachment) notes.add('media-not-found', `attachment ${id} (in a [playlist]) is not in the export; left out`, `attachment:${id}`);
      return Boolean(attachment);
    });
  if (!items.length) {
    notes.add('media-player', '[playlist] with no files in the export; dropped', 'playlist:none');
    return '';
  }
  notes.add('media-player', `[playlist] of ${items.length} files became a list of links`, `playlist:${sc.raw}`);
  const li = items.map(({ attachment }) => `<li><a href="${encodeHtml(attachment!.url)}">${encodeHtml(attachment!.title || attachment!.url)}</a></li>`);
  return `<ul>${li.join('')}</ul>`;
}

/** Jetpack's embed shortcodes: the page they show. */
function jetpackEmbedUrl(tag: string, sc: Shortcode): string | null {
  const value = (sc.attrs.named.url ?? sc.attrs.named.id ?? sc.attrs.positional[0] ?? sc.content ?? '').trim().replace(/^=/, '');
  if (/^https?:\/\//i.test(value)) return value;
  if (tag === 'youtube' && /^[\w-]{11}$/.test(value)) return `https://www.youtube.com/watch?v=${value}`;
  if (tag === 'vimeo' && /^\d+$/.test(value)) return `https://vimeo.com/${value}`;
  if (tag === 'dailymotion' && /^\w+$/.test(value)) return `https://www.dailymotion.com/video/${value}`;
  if (tag === 'tweet' && /^\d+$/.test(value)) return `https://twitter.com/i/status/${value}`;
  return null;
}

/** Shortcodes of common plugins and themes: reported even without attributes. */
const PLUGIN_SHORTCODES = new Set([
  'contact-form',
  'contact-form-7',
  'gravityform',
  'gravityforms',
  'wpforms',
  'ninja_form',
  'caldera_form',
  'formidable',
  'mc4wp_form',
  'toc',
  'ez-toc',
  'table',
  'tabs',
  'tab',
  'accordion',
  'button',
  'googlemaps',
  'product',
  'products',
  'add_to_cart',
  'recent-posts',
  'sitemap',
  'archives',
  'donate',
  'poll',
  'polldaddy',
  'crowdsignal',
  'slideshow',
  'portfolio',
  'testimonials',
  'subscribe',
  'jetpack_subscription_form',
  'blog_subscription_form',
  'latex',
  'sourcecode',
  'code',
  'php',
  'adsense',
  'ad',
]);
const PLUGIN_PREFIXES = ['vc_', 'et_pb_', 'fusion_', 'su_', 'av_', 'cs_', 'x_', 'ux_', 'tie_', 'td_', 'wpb_', 'woocommerce_', 'rev_slider', 'elementor'];

/**
 * Whether bracketed text is a shortcode worth reporting (an import cannot know which were registered on the old
 * site): a name with `_` or `-`, attributes with `=`, a closing `[/name]`, or a known plugin's name. `[1]`, `[sic]`
 * and `[simple boat]` stay quiet.
 */
function looksLikeShortcode(sc: Shortcode): boolean {
  const name = sc.tag.toLowerCase();
  if (!/^[a-z][a-z0-9_-]*$/.test(name)) return false;
  return (
    PLUGIN_SHORTCODES.has(name) ||
    PLUGIN_PREFIXES.some((p) => name.startsWith(p)) ||
    /[_-]/.test(name) ||
    Object.keys(sc.attrs.named).length > 0 ||
    sc.content !== null
  );
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

// -------------------------------------------------------------------------------------------------------------------
// What the sanitiser dropped

interface Inventory {
  tags: Map<string, number>;
  /** tag\0attr -> the attribute's values. */
  attrs: Map<string, string[]>;
}

function inventoryOf(nodes: readonly HtmlNode[]): Inventory {
  const tags = new Map<string, number>();
  const attrs = new Map<string, string[]>();
  for (const el of descendants(nodes)) {
    tags.set(el.name, (tags.get(el.name) ?? 0) + 1);
    for (const [name, value] of el.attrs) {
      const key = `${el.name}\u0000${name}`;
      const list = attrs.get(key);
      const plain = value === null ? '' : decodeEntities(value);
      if (list) list.push(plain);
      else attrs.set(key, [plain]);
    }
  }
  return { tags, attrs };
}

/** Compares what went into the sanitiser with what came out: tags and attributes it removed become notes. */
function reportSanitizerDrops(before: readonly HtmlNode[], after: readonly HtmlNode[], notes: NoteCollector): void {
  const a = inventoryOf(before);
  const b = inventoryOf(after);
  for (const [tag, count] of a.tags) {
    // The sanitiser drops a paragraph left empty by what it removed from it; that says nothing new.
    if (tag === 'p') continue;
    const dropped = count - (b.tags.get(tag) ?? 0);
    if (dropped > 0) notes.add('sanitizer-dropped', `<${tag}> dropped by the body allowlist`, `<${tag}>`, dropped);
  }
  for (const [key, values] of a.attrs) {
    const [tag, name] = key.split('\u0000') as [string, string];
    if (!b.tags.get(tag)) continue; // the element went, and was reported
    const left = [...(b.attrs.get(key) ?? [])];
    const gone: string[] = [];
    for (const value of values) {
      const i = left.indexOf(value);
      if (i === -1) gone.push(value);
      else left.splice(i, 1);
    }
    // A value the sanitiser re-encoded still counts as kept.
    const droppedCount = Math.max(0, values.length - (b.attrs.get(key)?.length ?? 0));
    if (!droppedCount) continue;
    const example = name === 'href' || name === 'src' || /^on/.test(name) || name === 'style' ? gone.find(Boolean) : undefined;
    const detail = `${name} attribute (on <${tag}>) dropped by the body allowlist${example ? `, e.g. ${name}="${excerptOf(example, 80)}"` : ''}`;
    notes.add('sanitizer-dropped', detail, `attr:${name}:${tag}`, droppedCount);
  }
}

// -------------------------------------------------------------------------------------------------------------------
// Titles and excerpts

/**
 * A WordPress title (which may hold entities and inline HTML such as `<em>`) as Dateline's plain-text headline:
 * tags stripped, entities decoded, whitespace collapsed.
 */
export function titleFromWordPress(title: string): string {
  return bodyText(title);
}

/**
 * An excerpt (`excerpt:encoded`) as Dateline's standfirst: plain text, tags stripped, entities decoded, whitespace
 * collapsed; shortcodes removed as strip_shortcodes does (with what they enclose), `[[tag]]` kept as `[tag]`.
 */
export function standfirstFromWordPress(excerpt: string): string {
  const stripped = doShortcodes(excerpt, (sc) =>
    looksLikeShortcode(sc) || (KNOWN_SHORTCODES as readonly string[]).includes(sc.tag.toLowerCase()) ? '' : null,
  );
  return bodyText(stripped);
}
