/**
 * What a WordPress export (WXR 1.1/1.2, RSS 2.0 with the `wp:` namespace) says, as plain data: the reader
 * (wxr-reader.ts) turns the XML into these, the importer maps them onto Dateline, the writer (wxr-writer.ts) writes them
 * back. Field names follow WXR's own element names; values are as WordPress wrote them (strings trimmed), except
 * that numbers are numbers, empty optional values are null, and dates keep WordPress's 'YYYY-MM-DD HH:MM:SS' form.
 * Four fields keep their text exactly, untrimmed, because their white space is content (wpautop turns blank lines into
 * paragraphs; a serialized PHP value counts its bytes): an item's `content` and `excerpt`, a comment's `content`, and
 * every meta `value`. XML itself turns CR LF and lone CR into LF in all of them.
 */

/** The channel's own facts. */
export interface WxrSite {
  title: string;
  /** The site's public address (`<link>`), e.g. https://example.com */
  link: string;
  description: string;
  language: string | null;
  /** '1.0', '1.1' or '1.2'. */
  wxrVersion: string;
  baseSiteUrl: string | null;
  baseBlogUrl: string | null;
}

/** `<wp:author>`: a WordPress user who wrote something in the export. */
export interface WxrAuthor {
  /** `wp:author_id`; older exports (WordPress.com) leave it out. */
  id: number | null;
  login: string;
  email: string;
  displayName: string;
  firstName: string;
  lastName: string;
}

/** `<wp:category>`: `parent` is the parent's nicename (slug), or null at the top. */
export interface WxrCategory {
  /** `wp:term_id`; null in WXR 1.0, which has no term ids. */
  termId: number | null;
  nicename: string;
  parent: string | null;
  name: string;
  description: string;
  /** `<wp:termmeta>` (WordPress 4.4+; SEO plugins such as Rank Math keep a term's title and description there). */
  meta: WxrMeta[];
}

/** `<wp:tag>`. */
export interface WxrTag {
  /** Null in WXR 1.0. */
  termId: number | null;
  slug: string;
  name: string;
  description: string;
  meta: WxrMeta[];
}

/**
 * `<wp:term>`: any other taxonomy's term (nav_menu, post_format, custom ones). `parent` is a slug. A category or tag
 * may be listed here again (the Theme Unit Test data has term 12 both as a <wp:category> and as a 'category' term).
 */
export interface WxrTerm {
  /** Null in WXR 1.0. */
  termId: number | null;
  taxonomy: string;
  slug: string;
  parent: string | null;
  name: string;
  description: string;
  meta: WxrMeta[];
}

/** An item's `<category domain="…" nicename="…">Name</category>`: its categories, tags and other terms. */
export interface WxrItemTerm {
  /** 'category', 'post_tag', 'nav_menu', 'post_format', … (WXR 1.0's 'tag' is read as 'post_tag', as WordPress does). */
  domain: string;
  nicename: string;
  name: string;
}

/** `<wp:postmeta>`, `<wp:commentmeta>`, `<wp:termmeta>`: the value may be serialized PHP (`a:2:{…}`), kept as a string. */
export interface WxrMeta {
  key: string;
  value: string;
}

/** `<wp:comment>`. */
export interface WxrComment {
  id: number;
  author: string;
  authorEmail: string;
  authorUrl: string;
  authorIp: string;
  /** Local time, 'YYYY-MM-DD HH:MM:SS'. */
  date: string;
  /** UTC, 'YYYY-MM-DD HH:MM:SS'; null when WordPress wrote 0000-00-00 00:00:00 or nothing. */
  dateGmt: string | null;
  content: string;
  /** '1' approved, '0' held, 'spam', 'trash' (and 'post-trashed'). */
  approved: string;
  /** '' or 'comment' for a comment, 'pingback', 'trackback', or a plugin's own type. */
  type: string;
  /** The parent comment's id, 0 at the top. */
  parent: number;
  /** The WordPress user who wrote it, 0 for a reader. */
  userId: number;
  meta: WxrMeta[];
}

/** `<item>`: a post, page, attachment, nav_menu_item, wp_block or any custom post type. */
export interface WxrItem {
  /** `wp:post_id`. */
  id: number;
  title: string;
  /** The item's old permalink (`<link>`). */
  link: string;
  guid: string;
  guidIsPermaLink: boolean;
  /** `dc:creator`: the author's login. */
  creator: string;
  /** `content:encoded`. */
  content: string;
  /** `excerpt:encoded`. */
  excerpt: string;
  /** Local time. */
  postDate: string | null;
  /** UTC; null for 0000-00-00 00:00:00 (drafts that never had a date). */
  postDateGmt: string | null;
  postModified: string | null;
  postModifiedGmt: string | null;
  /** 'open' or 'closed'. */
  commentStatus: string;
  pingStatus: string;
  /** The slug, percent-encoded as WordPress stores unicode slugs (e.g. %e6%97%a5). */
  postName: string;
  /** 'publish', 'draft', 'pending', 'future', 'private', 'inherit' (attachments), 'trash', 'auto-draft'. */
  status: string;
  /** The parent item's id (a page's parent, an attachment's post), 0 for none. */
  postParent: number;
  menuOrder: number;
  /** 'post', 'page', 'attachment', 'nav_menu_item', 'wp_block', … */
  postType: string;
  /** '' when the item has no password. */
  postPassword: string;
  isSticky: boolean;
  /** Attachments: the file's URL on the old site. */
  attachmentUrl: string | null;
  terms: WxrItemTerm[];
  meta: WxrMeta[];
  comments: WxrComment[];
}

/** What the reader hands its caller, in file order. The site comes first; the rest as WordPress wrote them. */
export type WxrEntry =
  | { kind: 'site'; site: WxrSite }
  | { kind: 'author'; author: WxrAuthor }
  | { kind: 'category'; category: WxrCategory }
  | { kind: 'tag'; tag: WxrTag }
  | { kind: 'term'; term: WxrTerm }
  | { kind: 'item'; item: WxrItem };

/** A place in the file, 1-based, for messages. */
export interface WxrPosition {
  line: number;
  column: number;
}

/** A character the reader removed because XML 1.0 forbids it (C0 controls pasted from Word), and where. */
export interface WxrStrippedCharacter extends WxrPosition {
  /** The code point, e.g. 0x0b. */
  codePoint: number;
}

/** Why a file could not be read: with the line and column where the reader stopped, when it got that far. */
export class WxrError extends Error {
  constructor(
    /** What is wrong, without the position (the message has both). */
    readonly problem: string,
    readonly position: WxrPosition | null = null,
  ) {
    super(position ? `${problem} (line ${position.line}, column ${position.column})` : problem);
    this.name = 'WxrError';
  }
}
