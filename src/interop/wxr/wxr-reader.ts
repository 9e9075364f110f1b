/**
 * The WordPress export (WXR 1.0, 1.1, 1.2) reader: a streaming XML parse (saxes, which reports line and column) that
 * turns the file into WxrEntry values one at a time, in file order, so memory stays bounded on a file of any size.
 *
 * - `readWxr(input)` is an async iterable of entries. It reads the next chunk of the file only when the entries of the
 *   previous one have all been taken, so an importer that awaits a database batch between entries holds the file still.
 * - `scanWxr(input)` is the importer's first pass: the whole file through the same reader, into a small summary (counts,
 *   the people and terms, the attachments and reusable blocks other items refer to). It throws for any problem, so a
 *   bad file is refused before anything is written.
 *
 * What it guarantees: any DOCTYPE is refused (no external entities, no entity expansion; an undefined entity is an
 * error); C0 control characters (and U+FFFE, U+FFFF), which XML forbids but real exports carry from pasted Word text,
 * are stripped before the parser sees them and reported with their place; every problem is a WxrError with a clear
 * message and, where the file has one, the line and column. Namespaces are told by their URI, never by their prefix.
 * The columns of messages count the characters the parser saw: on a line where a control character was stripped they
 * are one less per stripped character before them (the lines are exact).
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { openWxrSource, wxrText, type WxrInput, type WxrSource, type WxrSourceOptions } from './wxr-source.js';
import {
  WxrError,
  type WxrAuthor,
  type WxrCategory,
  type WxrComment,
  type WxrEntry,
  type WxrItem,
  type WxrItemTerm,
  type WxrMeta,
  type WxrPosition,
  type WxrSite,
  type WxrStrippedCharacter,
  type WxrTag,
  type WxrTerm,
} from './wxr.types.js';

export { openWxrSource, type WxrInput, type WxrSource, type WxrSourceOptions } from './wxr-source.js';

/** The `wp:` namespace of WXR 1.0–1.2. WordPress writes http://, some exports (the Theme Unit Test data) https://. */
export const WP_NAMESPACE = /^https?:\/\/wordpress\.org\/export\/1\.[0-2]\/$/;
export const EXCERPT_NAMESPACE = /^https?:\/\/wordpress\.org\/export\/1\.[0-2]\/excerpt\/$/;
const CONTENT_NAMESPACE = /^https?:\/\/purl\.org\/rss\/1\.0\/modules\/content\/$/;
const DC_NAMESPACE = /^https?:\/\/purl\.org\/dc\/elements\/1\.1\/$/;
/** A WordPress export namespace of a version this reader does not know (a future WXR 1.3, say). */
const OTHER_WP_NAMESPACE = /^https?:\/\/wordpress\.org\/export\/([^/]+)\/(excerpt\/)?$/;

/** Characters XML 1.0 forbids that exports carry anyway: C0 controls but tab, LF and CR; and U+FFFE, U+FFFF. */
const FORBIDDEN_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

const XML_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The characters stripped from a file: how many, and where the first of them were (at most `maxStrippedPositions`). */
export interface WxrStrippedReport {
  count: number;
  first: WxrStrippedCharacter[];
}

export interface WxrProgress {
  /** Bytes read from the input (compressed bytes for a gzipped file). */
  bytesRead: number;
  /** The input's size, when known: bytesRead / totalBytes is the share done. */
  totalBytes: number | null;
  /** The line the parser has reached. */
  line: number;
}

export interface WxrReadOptions extends WxrSourceOptions {
  /** Called after each chunk of the input has been parsed (every 64 KiB or so): throttle it for a progress bar. */
  onProgress?: (progress: WxrProgress) => void;
  /** How many stripped characters' places to keep (100); the count goes on. */
  maxStrippedPositions?: number;
  /**
   * The most characters one text, CDATA section, comment, tag or DOCTYPE may hold (64 Mi). The parser keeps such a
   * node whole until it ends, so without a limit a hostile file could fill the memory with one.
   */
  maxNodeLength?: number;
}

/** An export being read: iterate it once; the other fields say how far it has got. */
export interface WxrReader extends AsyncIterable<WxrEntry> {
  readonly bytesRead: number;
  readonly totalBytes: number | null;
  /** Whether the input is gzip-compressed; null until its first bytes are read. */
  readonly gzipped: boolean | null;
  readonly stripped: WxrStrippedReport;
  /** Where the parser is in the file. */
  readonly position: WxrPosition;
}

/** Reads a WordPress export entry by entry: the site first, then authors, terms and items as the file has them. */
export function readWxr(input: WxrInput, options: WxrReadOptions = {}): WxrReader {
  return new Reader(input, options);
}

class Reader implements WxrReader {
  private readonly parser: WxrParser;
  private source: WxrSource | null = null;
  private started = false;

  constructor(
    private readonly input: WxrInput,
    private readonly options: WxrReadOptions,
  ) {
    this.parser = new WxrParser(options);
  }

  get bytesRead(): number {
    return this.source?.bytesRead ?? 0;
  }
  get totalBytes(): number | null {
    return this.source?.totalBytes ?? null;
  }
  get gzipped(): boolean | null {
    return this.source?.gzipped ?? null;
  }
  get stripped(): WxrStrippedReport {
    return this.parser.stripped;
  }
  get position(): WxrPosition {
    return this.parser.position;
  }

  [Symbol.asyncIterator](): AsyncIterator<WxrEntry> {
    if (this.started) throw new Error('A WxrReader reads its input once: call readWxr() again');
    this.started = true;
    return this.entries();
  }

  private async *entries(): AsyncGenerator<WxrEntry> {
    const source = (this.source = await openWxrSource(this.input, this.options));
    const { parser } = this;
    try {
      for await (const text of wxrText(source)) {
        parser.write(text);
        this.report();
        // Handed over one at a time; the next chunk is read only once the consumer has taken all of these.
        for (const entry of parser.take()) yield entry;
      }
      parser.end();
      this.report();
      for (const entry of parser.take()) yield entry;
    } catch (error) {
      // A problem below the parser (a gzip stream cut short, a read error) happened where the parser had got to.
      if (error instanceof WxrError && !error.position && parser.started) throw new WxrError(error.message, parser.position);
      throw error;
    }
  }

  private report(): void {
    this.options.onProgress?.({ bytesRead: this.bytesRead, totalBytes: this.totalBytes, line: this.parser.position.line });
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// The parser: text in (any chunking), entries out. Synchronous; the async layer above feeds it.

type RecordType = 'site' | 'author' | 'category' | 'tag' | 'term' | 'item' | 'comment' | 'meta';

/** The fields of one record being read (`wp:post_id` → its text), keyed by namespace, not prefix. */
interface Bag {
  type: RecordType;
  at: WxrPosition;
  fields: Map<string, string>;
  meta: WxrMeta[];
  terms: WxrItemTerm[];
  comments: WxrComment[];
  guidIsPermaLink: boolean;
}

type FrameKind = 'rss' | 'channel' | 'record' | 'field' | 'skip';

interface Frame {
  kind: FrameKind;
  /** The element's name as written, for messages. */
  name: string;
  at: WxrPosition;
  /** A field's key (`wp:post_id`, `title`, `category`). */
  key: string;
  /** A record's own bag, or the bag a field belongs to. */
  bag: Bag | null;
  /** A record's parent bag (an item for its comments and postmeta). */
  parent: Bag | null;
  text: string;
  tag: SaxesTagNS | null;
}

/** The elements of `<channel>` that describe the site. */
const SITE_FIELDS = new Set(['title', 'link', 'description', 'language', 'wp:wxr_version', 'wp:base_site_url', 'wp:base_blog_url']);
const CHANNEL_RECORDS: ReadonlyMap<string, RecordType> = new Map([
  ['wp:author', 'author'],
  ['wp:category', 'category'],
  ['wp:tag', 'tag'],
  ['wp:term', 'term'],
  ['item', 'item'],
]);
/** The item's fields outside the wp: namespace (every wp: child is kept as a field). */
const ITEM_FIELDS = new Set(['title', 'link', 'guid', 'dc:creator', 'content:encoded', 'excerpt:encoded', 'category']);
/** Fields whose text is kept exactly: their white space is content. Every other field is trimmed. */
const EXACT_FIELDS = new Set(['content:encoded', 'excerpt:encoded', 'wp:comment_content', 'wp:meta_value']);

const ROOT_KINDS: ReadonlyMap<string, string> = new Map([
  ['html', 'an HTML page'],
  ['feed', 'an Atom feed'],
  ['rdf:RDF', 'an RSS 1.0 feed'],
  ['urlset', 'a sitemap'],
  ['sitemapindex', 'a sitemap index'],
  ['svg', 'an SVG image'],
]);

const DEFAULT_MAX_NODE_LENGTH = 64 * 1024 * 1024;
const DEFAULT_MAX_STRIPPED_POSITIONS = 100;
const PROLOGUE_KEPT = 64 * 1024;
/** The most namespaces and element names cached (a hostile file could have millions). */
const CACHE_LIMIT = 1000;

class WxrParser {
  readonly stripped: WxrStrippedReport = { count: 0, first: [] };
  /** Whether any text has been parsed (for placing errors from below). */
  started = false;

  private readonly sax = new SaxesParser({ xmlns: true, position: true });
  private readonly frames: Frame[] = [];
  private pending: WxrEntry[] = [];
  private readonly namespaceKinds = new Map<string, string | null>();
  private readonly keys = new Map<string, { uri: string; key: string | null }>();
  private readonly maxNodeLength: number;
  private readonly maxStrippedPositions: number;

  private site: Bag | null = newBag('site', { line: 1, column: 1 });
  private sawRoot = false;
  private rootName = 'rss';
  private sawChannel = false;
  private closedRoot = false;
  private sawWpNamespace = false;
  /** Characters fed to saxes so far; where (in saxes's count) and on which line it last reported something. */
  private fed = 0;
  private eventAt = 0;
  private eventLine = 1;
  private lastFed = '';
  /** The line of the last stripped character, and how many were stripped on it (their columns are the file's). */
  private strippedLine = 0;
  private strippedOnLine = 0;
  /** The element the parser closed last: when a close tag does not match, the element left open. */
  private lastClosed: Frame | null = null;
  /** Where the file ended (saxes starts again at line 1 once it is closed). */
  private endedAt: WxrPosition | null = null;
  private tagStart: WxrPosition | null = null;
  /** The text before the root element (its first 64 KiB), to say where a DOCTYPE begins. */
  private prologue = '';

  constructor(options: WxrReadOptions) {
    this.maxNodeLength = options.maxNodeLength ?? DEFAULT_MAX_NODE_LENGTH;
    this.maxStrippedPositions = options.maxStrippedPositions ?? DEFAULT_MAX_STRIPPED_POSITIONS;
    const { sax } = this;
    // Six handlers, no more: each on() adds a property to the parser, and from the seventh V8 keeps its properties in a
    // dictionary, which makes saxes itself four times slower (measured on a 200 MB export: 11 s instead of 2.8 s).
    // Comments and processing instructions need none: the next event after them resets the node-length count.
    // saxes never reads a DTD's entities; refusing the DOCTYPE also refuses a file that relies on them.
    sax.on('doctype', (doctype) => {
      throw this.doctypeError(doctype);
    });
    // Only XML's five entities exist: an undefined one (&xxe; with its DOCTYPE gone) is an error that names it.
    sax.ENTITIES = new Proxy(Object.create(null) as Record<string, string>, {
      get: (_target, name) => {
        if (typeof name !== 'string') return undefined;
        if (Object.hasOwn(XML_ENTITIES, name)) return XML_ENTITIES[name];
        throw new WxrError(
          `Undefined entity &${String(name)};: a WordPress export uses only &amp; &lt; &gt; &quot; &apos; and numeric references`,
          this.position,
        );
      },
    });
    // Where a start tag's `<` is: saxes reports it once it has read the name and the character after it.
    sax.on('opentagstart', (tag) => {
      const { line, column } = this.sax;
      this.tagStart = column >= tag.name.length + 2 ? { line, column: column - tag.name.length - 1 } : null;
    });
    sax.on('opentag', (tag) => this.open(tag));
    sax.on('closetag', (tag) => this.close(tag));
    sax.on('text', (text) => this.text(text));
    sax.on('cdata', (text) => this.text(text));
  }

  get position(): WxrPosition {
    return this.endedAt ?? { line: this.sax.line, column: Math.max(1, this.sax.column) };
  }

  take(): WxrEntry[] {
    const ready = this.pending;
    this.pending = [];
    return ready;
  }

  /** Parses the next piece of the file (any length, split anywhere). */
  write(text: string): void {
    this.started = true;
    FORBIDDEN_CHARACTERS.lastIndex = 0;
    let from = 0;
    for (let match = FORBIDDEN_CHARACTERS.exec(text); match; match = FORBIDDEN_CHARACTERS.exec(text)) {
      if (match.index > from) this.feed(text.slice(from, match.index));
      this.strip(text.codePointAt(match.index)!);
      from = match.index + 1;
    }
    if (from === 0) this.feed(text);
    else if (from < text.length) this.feed(text.slice(from));
  }

  /** The end of the file: what is still open is reported. */
  end(): void {
    const at = this.position;
    try {
      this.sax.close();
    } catch (error) {
      throw this.translate(error);
    }
    this.endedAt = at;
  }

  private feed(text: string): void {
    if (!text) return;
    if (!this.sawRoot && this.prologue.length < PROLOGUE_KEPT) this.prologue += text.slice(0, PROLOGUE_KEPT - this.prologue.length);
    try {
      this.sax.write(text);
    } catch (error) {
      throw this.translate(error);
    }
    this.lastFed = text[text.length - 1]!;
    this.fed += text.length;
    if (this.fed - this.eventAt > this.maxNodeLength) {
      throw new WxrError(
        `One text, CDATA section, comment or tag runs on for more than ${this.maxNodeLength} characters from line ${this.eventLine}: ` +
          'this is not a WordPress export the reader can hold safely',
        this.position,
      );
    }
  }

  /** Notes a character removed before the parser saw it; its place is the parser's next one (saxes is synchronous). */
  private strip(codePoint: number): void {
    this.stripped.count++;
    let line = this.sax.line;
    let column = this.sax.column + 1;
    // saxes holds back a final CR until it sees what follows; the character is then at the start of the next line.
    if (this.lastFed === '\r') {
      line++;
      column = 1;
    }
    if (line === this.strippedLine) column += this.strippedOnLine;
    else {
      this.strippedLine = line;
      this.strippedOnLine = 0;
    }
    this.strippedOnLine++;
    if (this.stripped.first.length < this.maxStrippedPositions) this.stripped.first.push({ line, column, codePoint });
  }

  /** Called from saxes's handlers, while its `position` is that of the event. */
  private touch(): void {
    this.eventAt = this.sax.position;
    this.eventLine = this.sax.line;
  }

  private doctypeError(doctype: string): WxrError {
    const name = /^\s*([^\s[>]+)/.exec(doctype)?.[1] ?? '';
    // saxes reports a DOCTYPE once it has read all of it: point at where it begins.
    const start = this.prologue.indexOf('<!DOCTYPE');
    let at = this.position;
    if (start >= 0) {
      const before = this.prologue.slice(0, start).split(/\r\n?|\n/);
      at = { line: before.length, column: before[before.length - 1]!.length + 1 };
    }
    if (/^html$/i.test(name)) return new WxrError('This is not a WordPress export: it is an HTML page (<!DOCTYPE html>)', at);
    return new WxrError(
      `The file has a DOCTYPE (<!DOCTYPE ${name} …>), which is refused: WordPress never writes one, and a DOCTYPE can make an XML ` +
        'reader fetch other files or expand entities without end (XXE, "billion laughs")',
      at,
    );
  }

  /** A saxes error as a WxrError with a message a newsroom can act on. */
  private translate(error: unknown): unknown {
    if (error instanceof WxrError || !(error instanceof Error)) return error;
    const message = error.message.replace(/^\d+:\d+: /, '');
    const at = this.position;
    const inner = this.frames[this.frames.length - 1];
    if (this.closedRoot) {
      return new WxrError(`The file goes on after </${this.rootName}> ends the export (two files joined together?): ${message.replace(/\.$/, '')}`, at);
    }
    const opened = (frame: Frame) => `<${frame.name}> (opened at line ${frame.at.line}, column ${frame.at.column})`;
    if (message.startsWith('unclosed tag:') && inner) {
      return new WxrError(`The file ends before </${this.frames[0]!.name}> closes: it may be truncated; ${opened(inner)} is not closed`, at);
    }
    if (message === 'unexpected end.') return new WxrError('The file ends in the middle of a tag, comment or CDATA section: it may be truncated', at);
    if (message === 'unexpected close tag.') {
      const actual = this.closeTagJustRead();
      const left = this.lastClosed ? `: ${opened(this.lastClosed)} is still open` : '';
      return new WxrError(`Unexpected close tag${actual ? ` </${actual}>` : ''}${left}`, at);
    }
    if (message === 'document must contain a root element.') return new WxrError('The file holds no XML element at all: it is not a WordPress export', at);
    if (message === 'text data outside of root node.') {
      return new WxrError('This is not a WordPress export: there is text before its first element, so it is not XML', at);
    }
    const unbound = /^unbound namespace prefix: "(.*)"\.$/.exec(message);
    if (unbound) {
      const prefix = unbound[1]!;
      const hint = prefix === 'wp' ? ', as a WordPress export does on <rss> (xmlns:wp="http://wordpress.org/export/1.2/")' : '';
      return new WxrError(`The prefix "${prefix}:" is used but never declared with xmlns:${prefix}="…"${hint}`, at);
    }
    if (message === 'malformed character entity.') return new WxrError('A character reference (&#…;) names a character XML does not allow', at);
    return new WxrError(`Malformed XML: ${message.replace(/\.$/, '')}`, at);
  }

  /**
   * The name in the close tag saxes has just read. saxes does not say it (its message is "unexpected close tag."), so
   * this looks at the parser's current chunk; should a later saxes keep it elsewhere, the message simply goes without.
   */
  private closeTagJustRead(): string | null {
    const internals = this.sax as unknown as { chunk?: unknown; i?: unknown };
    if (typeof internals.chunk !== 'string' || typeof internals.i !== 'number') return null;
    const before = internals.chunk.slice(Math.max(0, internals.i - 300), internals.i);
    return /<\/([^\s<>/]+)\s*>$/.exec(before)?.[1] ?? null;
  }

  // --- namespaces

  /** 'wp', 'excerpt', 'content', 'dc' or '' (no namespace) for a URI; null for one the reader does not read. */
  private namespaceKind(uri: string, at: WxrPosition): string | null {
    let kind = this.namespaceKinds.get(uri);
    if (kind !== undefined) return kind;
    if (uri === '') kind = '';
    else if (WP_NAMESPACE.test(uri)) kind = 'wp';
    else if (EXCERPT_NAMESPACE.test(uri)) kind = 'excerpt';
    else if (CONTENT_NAMESPACE.test(uri)) kind = 'content';
    else if (DC_NAMESPACE.test(uri)) kind = 'dc';
    else {
      const other = OTHER_WP_NAMESPACE.exec(uri);
      if (other) {
        throw new WxrError(`This export uses the namespace ${uri} (WXR ${other[1]}); this reader reads WXR 1.0, 1.1 and 1.2`, at);
      }
      kind = null;
    }
    if (kind === 'wp') this.sawWpNamespace = true;
    if (this.namespaceKinds.size < CACHE_LIMIT) this.namespaceKinds.set(uri, kind);
    return kind;
  }

  /** An element's key, `wp:post_id` whatever its prefix; null outside the namespaces the reader reads. */
  private keyOf(tag: SaxesTagNS, at: WxrPosition): string | null {
    // Cached by the name as written, checked against its namespace (a prefix may be bound to another URI further in).
    const cached = this.keys.get(tag.name);
    if (cached && cached.uri === tag.uri) return cached.key;
    const kind = this.namespaceKind(tag.uri, at);
    const key = kind === null ? null : kind === '' ? tag.local : `${kind}:${tag.local}`;
    if (this.keys.size < CACHE_LIMIT) this.keys.set(tag.name, { uri: tag.uri, key });
    return key;
  }

  // --- elements

  private open(tag: SaxesTagNS): void {
    this.touch();
    const at = this.tagStart ?? this.position;
    for (const prefix in tag.ns) this.namespaceKind(tag.ns[prefix]!, at);
    const key = this.keyOf(tag, at);
    const parent = this.frames[this.frames.length - 1];
    const frame: Frame = { kind: 'skip', name: tag.name, at, key: key ?? '', bag: null, parent: null, text: '', tag: null };
    if (!parent) {
      this.sawRoot = true;
      if (key !== 'rss') {
        const kind = ROOT_KINDS.get(tag.name);
        if (tag.local === 'rss') throw new WxrError(`This is not a WordPress export: its <rss> is in the namespace ${tag.uri}, and WordPress's is in none`, at);
        throw new WxrError(`This is not a WordPress export: the root element is <${tag.name}>${kind ? ` (${kind})` : ''}, expected <rss>`, at);
      }
      frame.kind = 'rss';
      this.rootName = tag.name;
    } else if (parent.kind === 'rss') {
      if (key === 'channel' && !this.sawChannel) {
        this.sawChannel = true;
        frame.kind = 'channel';
      }
    } else if (parent.kind === 'channel' && key !== null) {
      const record = CHANNEL_RECORDS.get(key);
      if (record) {
        this.emitSite(at);
        frame.kind = 'record';
        frame.bag = newBag(record, at);
      } else if (this.site && SITE_FIELDS.has(key)) {
        frame.kind = 'field';
        frame.bag = this.site;
      }
    } else if (parent.kind === 'record' && key !== null) {
      this.openInRecord(parent.bag!, key, frame, tag);
    }
    this.frames.push(frame);
  }

  private openInRecord(bag: Bag, key: string, frame: Frame, tag: SaxesTagNS): void {
    const child = childOf(bag.type, key);
    if (child === 'field') {
      frame.kind = 'field';
      frame.bag = bag;
      if (key === 'guid' || key === 'category') frame.tag = tag;
    } else if (child !== null) {
      frame.kind = 'record';
      frame.bag = newBag(child, frame.at);
      frame.parent = bag;
    }
  }

  private text(text: string): void {
    this.touch();
    const frame = this.frames[this.frames.length - 1];
    if (frame?.kind !== 'field') return;
    frame.text += text;
    if (frame.text.length > this.maxNodeLength) {
      throw new WxrError(
        `<${frame.name}> (from line ${frame.at.line}) holds more than ${this.maxNodeLength} characters: too long to read safely`,
        this.position,
      );
    }
  }

  private close(tag: SaxesTagNS): void {
    this.touch();
    const frame = this.frames.pop()!;
    this.lastClosed = frame;
    if (frame.kind !== 'field' && frame.kind !== 'skip' && !tag.isSelfClosing) {
      // saxes closes the elements left open before it says that a close tag does not match (<item>…</channel>):
      // an item cut short must not be handed over as if it were whole.
      const actual = this.closeTagJustRead();
      if (actual !== null && actual !== tag.name)
        throw new WxrError(
          `Unexpected close tag </${actual}>: <${frame.name}> (opened at line ${frame.at.line}, column ${frame.at.column}) is still open`,
          this.position,
        );
    }
    switch (frame.kind) {
      case 'field':
        this.closeField(frame);
        return;
      case 'record':
        this.closeRecord(frame.bag!, frame.parent);
        return;
      case 'channel':
        this.emitSite(this.position);
        return;
      case 'rss':
        this.closedRoot = true;
        if (!this.sawChannel) throw new WxrError('This is not a WordPress export: <rss> has no <channel>', this.position);
        return;
      case 'skip':
        return;
    }
  }

  private closeField(frame: Frame): void {
    const bag = frame.bag!;
    if (frame.key === 'category') {
      // An item's term. Like WordPress, a <category> without nicename (WXR 1.0 also lists bare names) is not a term.
      const attributes = frame.tag!.attributes;
      const nicename = attributes.nicename?.value;
      if (nicename === undefined) return;
      const domain = (attributes.domain?.value ?? '').trim();
      bag.terms.push({ domain: domain === 'tag' ? 'post_tag' : domain, nicename: nicename.trim(), name: frame.text.trim() });
      return;
    }
    // The first of a repeated element counts, as in WordPress's importer.
    if (bag.fields.has(frame.key)) return;
    bag.fields.set(frame.key, frame.text);
    if (frame.key === 'guid') {
      // RSS: a guid is a permalink unless it says isPermaLink="false".
      const isPermaLink = frame.tag!.attributes.isPermaLink?.value;
      bag.guidIsPermaLink = isPermaLink === undefined || isPermaLink.trim().toLowerCase() !== 'false';
    }
  }

  private closeRecord(bag: Bag, parent: Bag | null): void {
    switch (bag.type) {
      case 'author':
        this.pending.push({ kind: 'author', author: toAuthor(bag) });
        return;
      case 'category':
        this.pending.push({ kind: 'category', category: toCategory(bag) });
        return;
      case 'tag':
        this.pending.push({ kind: 'tag', tag: toTag(bag) });
        return;
      case 'term':
        this.pending.push({ kind: 'term', term: toTerm(bag) });
        return;
      case 'item':
        this.pending.push({ kind: 'item', item: toItem(bag) });
        return;
      case 'comment':
        parent!.comments.push(toComment(bag));
        return;
      case 'meta':
        parent!.meta.push({ key: text(bag, 'wp:meta_key'), value: text(bag, 'wp:meta_value') });
        return;
      case 'site':
        return;
    }
  }

  /** The site's entry, due before the first author, term or item (WordPress writes the site's facts first). */
  private emitSite(at: WxrPosition): void {
    const bag = this.site;
    if (!bag) return;
    const version = text(bag, 'wp:wxr_version');
    if (!version) {
      throw new WxrError(
        this.sawWpNamespace
          ? 'This is not a WordPress export: <channel> has no <wp:wxr_version> before its first author, category, tag, term or item'
          : 'This is an RSS feed, not a WordPress export: it has no WordPress export namespace (xmlns:wp="http://wordpress.org/export/1.2/") ' +
              'and no <wp:wxr_version>',
        at,
      );
    }
    if (!/^1\.[0-2]$/.test(version)) throw new WxrError(`This export says it is WXR ${version}; this reader reads WXR 1.0, 1.1 and 1.2`, at);
    this.site = null;
    const site: WxrSite = {
      title: text(bag, 'title'),
      link: text(bag, 'link'),
      description: text(bag, 'description'),
      language: optional(bag, 'language'),
      wxrVersion: version,
      baseSiteUrl: optional(bag, 'wp:base_site_url'),
      baseBlogUrl: optional(bag, 'wp:base_blog_url'),
    };
    this.pending.push({ kind: 'site', site });
  }
}

/** What an element in a record is: a record of its own (an item's comment or meta), a field of it, or nothing to read. */
function childOf(type: RecordType, key: string): RecordType | 'field' | null {
  const wp = key.startsWith('wp:');
  switch (type) {
    case 'item':
      if (key === 'wp:postmeta') return 'meta';
      if (key === 'wp:comment') return 'comment';
      return wp || ITEM_FIELDS.has(key) ? 'field' : null;
    case 'comment':
      if (key === 'wp:commentmeta') return 'meta';
      return wp ? 'field' : null;
    case 'category':
    case 'tag':
    case 'term':
      if (key === 'wp:termmeta') return 'meta';
      return wp ? 'field' : null;
    case 'author':
    case 'meta':
      return wp ? 'field' : null;
    case 'site':
      return null;
  }
}

function newBag(type: RecordType, at: WxrPosition): Bag {
  return { type, at, fields: new Map(), meta: [], terms: [], comments: [], guidIsPermaLink: true };
}

// --- from a bag's text to the shared types

const RECORD_NAMES: Readonly<Record<RecordType, string>> = {
  site: '<channel>',
  author: '<wp:author>',
  category: '<wp:category>',
  tag: '<wp:tag>',
  term: '<wp:term>',
  item: '<item>',
  comment: '<wp:comment>',
  meta: 'meta',
};

/** A field's text: trimmed, except the fields whose white space is content. */
function text(bag: Bag, key: string): string {
  const value = bag.fields.get(key) ?? '';
  return EXACT_FIELDS.has(key) ? value : value.trim();
}

function optional(bag: Bag, key: string): string | null {
  return text(bag, key) || null;
}

/** A date as WordPress wrote it ('YYYY-MM-DD HH:MM:SS'); null for none or WordPress's zero date. */
function date(bag: Bag, key: string): string | null {
  const value = text(bag, key);
  return value === '' || /^0000-00-00(?: 00:00:00)?$/.test(value) ? null : value;
}

function integer(bag: Bag, key: string): number | null {
  const value = text(bag, key);
  if (value === '') return null;
  const number = /^[+-]?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(number)) {
    throw new WxrError(`The ${RECORD_NAMES[bag.type]} at line ${bag.at.line} has <${key}>${value}</${key}>, which is not a whole number`, bag.at);
  }
  return number;
}

function required(bag: Bag, key: string): number {
  const number = integer(bag, key);
  if (number === null) throw new WxrError(`The ${RECORD_NAMES[bag.type]} at line ${bag.at.line} has no <${key}>`, bag.at);
  return number;
}

function toAuthor(bag: Bag): WxrAuthor {
  return {
    id: integer(bag, 'wp:author_id'),
    login: text(bag, 'wp:author_login'),
    email: text(bag, 'wp:author_email'),
    displayName: text(bag, 'wp:author_display_name'),
    firstName: text(bag, 'wp:author_first_name'),
    lastName: text(bag, 'wp:author_last_name'),
  };
}

function toCategory(bag: Bag): WxrCategory {
  return {
    termId: integer(bag, 'wp:term_id'),
    nicename: text(bag, 'wp:category_nicename'),
    parent: optional(bag, 'wp:category_parent'),
    name: text(bag, 'wp:cat_name'),
    description: text(bag, 'wp:category_description'),
    meta: bag.meta,
  };
}

function toTag(bag: Bag): WxrTag {
  return {
    termId: integer(bag, 'wp:term_id'),
    slug: text(bag, 'wp:tag_slug'),
    name: text(bag, 'wp:tag_name'),
    description: text(bag, 'wp:tag_description'),
    meta: bag.meta,
  };
}

function toTerm(bag: Bag): WxrTerm {
  return {
    termId: integer(bag, 'wp:term_id'),
    taxonomy: text(bag, 'wp:term_taxonomy'),
    slug: text(bag, 'wp:term_slug'),
    parent: optional(bag, 'wp:term_parent'),
    name: text(bag, 'wp:term_name'),
    description: text(bag, 'wp:term_description'),
    meta: bag.meta,
  };
}

function toComment(bag: Bag): WxrComment {
  return {
    id: required(bag, 'wp:comment_id'),
    author: text(bag, 'wp:comment_author'),
    authorEmail: text(bag, 'wp:comment_author_email'),
    authorUrl: text(bag, 'wp:comment_author_url'),
    authorIp: text(bag, 'wp:comment_author_IP'),
    date: text(bag, 'wp:comment_date'),
    dateGmt: date(bag, 'wp:comment_date_gmt'),
    content: text(bag, 'wp:comment_content'),
    approved: text(bag, 'wp:comment_approved'),
    type: text(bag, 'wp:comment_type'),
    parent: integer(bag, 'wp:comment_parent') ?? 0,
    userId: integer(bag, 'wp:comment_user_id') ?? 0,
    meta: bag.meta,
  };
}

function toItem(bag: Bag): WxrItem {
  return {
    id: required(bag, 'wp:post_id'),
    title: text(bag, 'title'),
    link: text(bag, 'link'),
    guid: text(bag, 'guid'),
    guidIsPermaLink: bag.guidIsPermaLink,
    creator: text(bag, 'dc:creator'),
    content: text(bag, 'content:encoded'),
    excerpt: text(bag, 'excerpt:encoded'),
    postDate: date(bag, 'wp:post_date'),
    postDateGmt: date(bag, 'wp:post_date_gmt'),
    postModified: date(bag, 'wp:post_modified'),
    postModifiedGmt: date(bag, 'wp:post_modified_gmt'),
    commentStatus: text(bag, 'wp:comment_status'),
    pingStatus: text(bag, 'wp:ping_status'),
    postName: text(bag, 'wp:post_name'),
    status: text(bag, 'wp:status'),
    postParent: integer(bag, 'wp:post_parent') ?? 0,
    menuOrder: integer(bag, 'wp:menu_order') ?? 0,
    postType: text(bag, 'wp:post_type'),
    postPassword: text(bag, 'wp:post_password'),
    isSticky: (integer(bag, 'wp:is_sticky') ?? 0) !== 0,
    attachmentUrl: optional(bag, 'wp:attachment_url'),
    terms: bag.terms,
    meta: bag.meta,
    comments: bag.comments,
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// The first pass: the whole file into a summary.

/** Counts for one post type. */
export interface WxrPostTypeCounts {
  total: number;
  /** 'publish', 'draft', 'future', 'private', 'inherit', … → how many. */
  byStatus: Record<string, number>;
  /** Items with a parent (`wp:post_parent` ≠ 0): subpages, attachments attached to a post. */
  withParent: number;
  /** Items with a password. */
  passwordProtected: number;
  sticky: number;
  /** Comments on items of this type. */
  comments: number;
}

export interface WxrCommentCounts {
  total: number;
  /** `wp:comment_approved` as written: '1' approved, '0' held, 'spam', 'trash', … → how many. */
  byApproved: Record<string, number>;
  /** 'comment' (also for WordPress's ''), 'pingback', 'trackback', or a plugin's own type → how many. */
  byType: Record<string, number>;
  /** Replies (`wp:comment_parent` ≠ 0). */
  threaded: number;
}

/** What the importer needs to know of an attachment before it meets it (items may refer to attachments further on). */
export interface WxrAttachmentInfo {
  title: string;
  /** `wp:attachment_url`: the file's address on the old site. */
  url: string | null;
  /** `_wp_attached_file`: its path under wp-content/uploads (e.g. 2024/05/photo.jpg). */
  attachedFile: string | null;
  /** `_wp_attachment_image_alt`. */
  alt: string | null;
  /** The attachment's excerpt, which WordPress shows as its caption. */
  caption: string;
  /** The item it is attached to, 0 for none. */
  parent: number;
}

export interface WxrSummary {
  site: WxrSite;
  /** Bytes of the input (compressed bytes for a gzipped file). */
  bytesRead: number;
  gzipped: boolean;
  /** How many lines the file has. */
  lines: number;
  items: number;
  /** Post type ('post', 'page', 'attachment', 'nav_menu_item', 'wp_block', …) → its counts. */
  postTypes: Record<string, WxrPostTypeCounts>;
  comments: WxrCommentCounts;
  authors: WxrAuthor[];
  /** Every distinct `dc:creator` of the items, in order of first appearance (WXR 1.0 has no `<wp:author>` list). */
  creators: string[];
  /** With the terms items use that the file does not list (WordPress's importer creates them too), no term id. */
  categories: WxrCategory[];
  tags: WxrTag[];
  /** Those of the categories and tags that only items name. */
  undeclaredTerms: { domain: 'category' | 'post_tag'; slug: string }[];
  terms: WxrTerm[];
  /** Attachment id → what other items need of it (its URL for inline images, alt and caption, upload path). */
  attachments: Map<number, WxrAttachmentInfo>;
  /** `wp_block` id → its content, to expand `<!-- wp:block {"ref":N} /-->` in items anywhere in the file. */
  reusableBlocks: Map<number, string>;
  /** Item ids that appear more than once (the first 100). */
  duplicateItemIds: number[];
  stripped: WxrStrippedReport;
}

/**
 * A copy of `text` that holds nothing else. The parser's strings are slices of the 64 KiB chunk they were read from,
 * and V8 keeps the whole chunk alive for as long as any slice of it lives: a short string kept for the rest of the
 * run (an attachment's URL, a note about a record) would otherwise keep a chunk of the file each.
 */
export function ownCopy(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/** `ownCopy` of every string in a plain value (JSON-safe: the reader's entries are). */
function ownCopies<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function counter(): Record<string, number> {
  return Object.create(null) as Record<string, number>;
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

function metaValue(meta: readonly WxrMeta[], key: string): string | null {
  return meta.find((entry) => entry.key === key)?.value ?? null;
}

/**
 * Reads a whole export into a summary, through the same reader the import uses, and throws a WxrError for anything
 * wrong with it: the validation pass before anything is written. Memory grows with the people, terms and attachments,
 * never with the items' content (reusable blocks aside).
 */
export async function scanWxr(input: WxrInput, options: WxrReadOptions = {}): Promise<WxrSummary> {
  const reader = readWxr(input, options);
  let site: WxrSite | null = null;
  const postTypes = Object.create(null) as Record<string, WxrPostTypeCounts>;
  const comments: WxrCommentCounts = { total: 0, byApproved: counter(), byType: counter(), threaded: 0 };
  const authors: WxrAuthor[] = [];
  const creators = new Set<string>();
  const categories: WxrCategory[] = [];
  const tags: WxrTag[] = [];
  const terms: WxrTerm[] = [];
  const attachments = new Map<number, WxrAttachmentInfo>();
  const reusableBlocks = new Map<number, string>();
  const itemIds = new Set<number>();
  const duplicateItemIds: number[] = [];
  // Terms items are filed under, by domain and slug: WordPress creates those the export's lists leave out.
  const used = { category: new Map<string, string>(), post_tag: new Map<string, string>() };
  let items = 0;

  for await (const entry of reader) {
    switch (entry.kind) {
      // What the summary keeps is copied out of the parser's chunks (see ownCopy).
      case 'site':
        site = ownCopies(entry.site);
        break;
      case 'author':
        authors.push(ownCopies(entry.author));
        break;
      case 'category':
        categories.push(ownCopies(entry.category));
        break;
      case 'tag':
        tags.push(ownCopies(entry.tag));
        break;
      case 'term':
        terms.push(ownCopies(entry.term));
        break;
      case 'item': {
        const { item } = entry;
        items++;
        if (itemIds.has(item.id)) {
          if (duplicateItemIds.length < 100) duplicateItemIds.push(item.id);
        } else itemIds.add(item.id);
        if (item.creator && !creators.has(item.creator)) creators.add(ownCopy(item.creator));
        for (const term of item.terms) {
          const names = term.domain === 'category' || term.domain === 'post_tag' ? used[term.domain] : null;
          if (names && term.nicename && !names.has(term.nicename)) names.set(ownCopy(term.nicename), ownCopy(term.name));
        }
        const counts = (postTypes[item.postType] ??= { total: 0, byStatus: counter(), withParent: 0, passwordProtected: 0, sticky: 0, comments: 0 });
        counts.total++;
        bump(counts.byStatus, item.status);
        if (item.postParent !== 0) counts.withParent++;
        if (item.postPassword !== '') counts.passwordProtected++;
        if (item.isSticky) counts.sticky++;
        counts.comments += item.comments.length;
        for (const comment of item.comments) {
          comments.total++;
          bump(comments.byApproved, comment.approved);
          bump(comments.byType, comment.type || 'comment');
          if (comment.parent !== 0) comments.threaded++;
        }
        if (item.postType === 'attachment') {
          attachments.set(
            item.id,
            ownCopies({
              title: item.title,
              url: item.attachmentUrl,
              attachedFile: metaValue(item.meta, '_wp_attached_file')?.trim() || null,
              alt: metaValue(item.meta, '_wp_attachment_image_alt'),
              caption: item.excerpt,
              parent: item.postParent,
            }),
          );
        } else if (item.postType === 'wp_block') {
          reusableBlocks.set(item.id, ownCopy(item.content));
        }
        break;
      }
    }
  }
  const undeclaredTerms: WxrSummary['undeclaredTerms'] = [];
  const declaredCategories = new Set(categories.map((category) => category.nicename));
  for (const [nicename, name] of used.category) {
    if (declaredCategories.has(nicename)) continue;
    categories.push({ termId: null, nicename, parent: null, name: name || nicename, description: '', meta: [] });
    undeclaredTerms.push({ domain: 'category', slug: nicename });
  }
  const declaredTags = new Set(tags.map((tag) => tag.slug));
  for (const [slug, name] of used.post_tag) {
    if (declaredTags.has(slug)) continue;
    tags.push({ termId: null, slug, name: name || slug, description: '', meta: [] });
    undeclaredTerms.push({ domain: 'post_tag', slug });
  }
  // The reader has thrown unless the site came first: a file without items still has its <channel>.
  return {
    site: site!,
    bytesRead: reader.bytesRead,
    gzipped: reader.gzipped ?? false,
    lines: reader.position.line,
    items,
    postTypes,
    comments,
    authors,
    creators: [...creators],
    categories,
    tags,
    undeclaredTerms,
    terms,
    attachments,
    reusableBlocks,
    duplicateItemIds,
    stripped: reader.stripped,
  };
}
