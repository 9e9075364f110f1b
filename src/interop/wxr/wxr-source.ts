/**
 * Where a WordPress export's bytes come from, before the XML reader (wxr-reader.ts) sees them: a file (possibly
 * gzipped: told by its first two bytes, never by its name), a buffer, or a stream; then decoded to text chunk by chunk.
 * Everything here pulls: nothing is read before the reader asks for it, so a slow consumer holds the file still.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { WxrError } from './wxr.types.js';

/** What the reader reads: a file's path, the file's bytes, or a stream of them (a Node Readable, an upload). */
export type WxrInput = string | Uint8Array | AsyncIterable<Uint8Array | string>;

export interface WxrSourceOptions {
  /** The input's size in bytes when the caller knows it (an upload's Content-Length); files and buffers know their own. */
  totalBytes?: number | null;
  /** How many bytes a file or buffer is read at a time (64 KiB). */
  chunkSize?: number;
}

export interface WxrSource {
  /** The export's bytes, decompressed when the input is gzipped. Read it once. */
  readonly chunks: AsyncIterable<Uint8Array>;
  /** Bytes taken from the input so far: compressed bytes when it is gzipped, so that bytesRead / totalBytes is the progress. */
  readonly bytesRead: number;
  /** The input's size in bytes, when known. */
  readonly totalBytes: number | null;
  /** Whether the input is gzip-compressed; null until its first bytes are read. */
  readonly gzipped: boolean | null;
}

const DEFAULT_CHUNK_SIZE = 64 * 1024;

/**
 * Opens an export for reading. A path is checked here (it must be a readable file: a WxrError says why not) but read
 * only as `chunks` is iterated; a buffer is cut into chunks; a stream is read as it comes, with its backpressure.
 */
export async function openWxrSource(input: WxrInput, options: WxrSourceOptions = {}): Promise<WxrSource> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (typeof input === 'string') {
    const size = await fileSize(input);
    return new Source(() => createReadStream(input, { highWaterMark: chunkSize }), size);
  }
  if (input instanceof Uint8Array) return new Source(() => sliced(input, chunkSize), input.byteLength);
  return new Source(() => input, options.totalBytes ?? null);
}

async function fileSize(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new WxrError(`Cannot read ${path}: it is a folder, not a file`);
    return info.size;
  } catch (error) {
    if (error instanceof WxrError) throw error;
    throw new WxrError(`Cannot read ${path}: ${systemReason(error)}`);
  }
}

function systemReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return 'there is no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

function* sliced(bytes: Uint8Array, size: number): Generator<Uint8Array> {
  for (let at = 0; at < bytes.byteLength; at += size) yield bytes.subarray(at, Math.min(at + size, bytes.byteLength));
}

function asBuffer(chunk: Uint8Array | string): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

class Source implements WxrSource {
  bytesRead = 0;
  gzipped: boolean | null = null;
  private used = false;

  constructor(
    private readonly open: () => AsyncIterable<Uint8Array | string> | Iterable<Uint8Array>,
    readonly totalBytes: number | null,
  ) {}

  get chunks(): AsyncIterable<Uint8Array> {
    if (this.used) throw new Error('A WxrSource can be read once');
    this.used = true;
    return this.decompressed();
  }

  private async *counted(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of this.open()) {
        const bytes = asBuffer(chunk);
        this.bytesRead += bytes.byteLength;
        if (bytes.byteLength) yield bytes;
      }
    } catch (error) {
      if (error instanceof WxrError || !isSystemError(error)) throw error;
      throw new WxrError(`Cannot read the file: ${systemReason(error)}`);
    }
  }

  private async *decompressed(): AsyncGenerator<Uint8Array> {
    const raw = this.counted();
    // The first two bytes say whether it is gzip (1f 8b); a stream may hand them over one at a time.
    let head: Buffer = Buffer.alloc(0);
    while (head.byteLength < 2) {
      const next = await raw.next();
      if (next.done) break;
      head = head.byteLength ? Buffer.concat([head, next.value]) : next.value;
    }
    const first = head;
    this.gzipped = first.byteLength >= 2 && first[0] === 0x1f && first[1] === 0x8b;
    const rest = async function* (): AsyncGenerator<Buffer> {
      try {
        if (first.byteLength) yield first;
        yield* raw;
      } finally {
        // Stopped at the first chunk, `raw` has not been delegated to yet: closing it closes the input.
        await raw.return(undefined);
      }
    };
    if (!this.gzipped) {
      // Stopping early returns `rest`, which returns `raw`, which closes the input.
      yield* rest();
      return;
    }
    const compressed = Readable.from(rest(), { objectMode: false });
    const gunzip = createGunzip();
    compressed.on('error', (error) => gunzip.destroy(error));
    compressed.pipe(gunzip);
    try {
      for await (const chunk of gunzip) yield chunk as Buffer;
    } catch (error) {
      if (error instanceof WxrError) throw error;
      if (isZlibError(error)) throw new WxrError(`The gzip-compressed file is damaged or cut short (${error.message})`);
      throw error;
    } finally {
      // Destroying the Readable returns `rest`, and so closes the input.
      compressed.destroy();
      gunzip.destroy();
    }
  }
}

function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

function isZlibError(error: unknown): error is Error {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('Z_');
}

/** Formats whose first bytes are unmistakable, for a better message than "not XML". */
const MAGIC: readonly { bytes: readonly number[]; what: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a zip archive (unzip it and choose the .xml file inside)' },
  { bytes: [0x1f, 0x8b], what: 'a gzip file inside a gzip file (decompress it once)' },
  { bytes: [0x42, 0x5a, 0x68], what: 'a bzip2 archive (decompress it first)' },
];

/** How many bytes are looked at to choose the text encoding (the XML declaration is at the very start). */
const SNIFF_BYTES = 1024;

/**
 * The export as text, chunk by chunk: the encoding from the byte-order mark or the XML declaration (UTF-8 unless it
 * says otherwise), decoded with a streaming decoder so that a character split across chunks comes out whole. Bytes
 * that are not valid in that encoding become U+FFFD, as browsers show them. An empty input, a binary file or text that
 * does not begin with `<` is refused here with a WxrError.
 */
export async function* wxrText(source: WxrSource): AsyncGenerator<string> {
  let head: Buffer | null = Buffer.alloc(0) as Buffer;
  let decoder: TextDecoder | null = null;
  for await (const chunk of source.chunks) {
    if (decoder) {
      const text = decoder.decode(chunk, { stream: true });
      if (text) yield text;
      continue;
    }
    head = Buffer.concat([head!, chunk]);
    if (head.byteLength < SNIFF_BYTES && !head.includes(0x3e)) continue;
    decoder = decoderFor(head);
    const text = decoder.decode(head, { stream: true });
    head = null;
    if (text) yield text;
  }
  if (!decoder) {
    if (!head!.byteLength) {
      throw new WxrError(source.gzipped ? 'The file is empty: it is gzip-compressed, and holds 0 bytes once decompressed' : 'The file is empty (0 bytes)');
    }
    decoder = decoderFor(head!);
    const text = decoder.decode(head!, { stream: true });
    if (text) yield text;
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

function startsWith(bytes: Buffer, prefix: readonly number[]): boolean {
  return bytes.byteLength >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}

function decoderFor(head: Buffer): TextDecoder {
  for (const { bytes, what } of MAGIC) {
    if (startsWith(head, bytes)) throw new WxrError(`This is not a WordPress export: it is ${what}, not XML`);
  }
  let label = 'utf-8';
  // UTF-16 by its byte-order mark, or by how `<?` looks in it (XML 1.0, appendix F).
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0x3c, 0x00, 0x3f, 0x00])) label = 'utf-16le';
  else if (startsWith(head, [0xfe, 0xff]) || startsWith(head, [0x00, 0x3c, 0x00, 0x3f])) label = 'utf-16be';
  else {
    const declared = /^(?:\xef\xbb\xbf)?\s*<\?xml\s[^>]*?\bencoding\s*=\s*(["'])([^"']*)\1/.exec(head.toString('latin1'));
    if (declared) label = declared[2]!.trim();
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    throw new WxrError(`The file says its text is in the encoding "${label}", which this reader cannot decode`, { line: 1, column: 1 });
  }
  refuseIfNotXml(new TextDecoder(decoder.encoding).decode(head.subarray(0, 512)));
  return decoder;
}

/**
 * XML begins with `<` (after white space; the decoder has removed a byte-order mark); anything else is another kind of
 * file. An HTML page is named as such (saxes would stop at its lower-case <!doctype html> with a puzzling message).
 */
function refuseIfNotXml(start: string): void {
  const first = /[^\s\ufeff]/.exec(start);
  if (!first) return;
  const before = start.slice(0, first.index);
  const line = before.split(/\r\n?|\n/).length;
  const column = first.index - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
  if (/^<(?:!doctype\s+html|html)[\s>]/i.test(start.slice(first.index, first.index + 20))) {
    throw new WxrError('This is not a WordPress export: it is an HTML page (a login or error page saved in its place?)', { line, column });
  }
  if (first[0] === '<') return;
  const sample = start
    .slice(first.index, first.index + 40)
    .split(/[\r\n]/)[0]!
    .replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, '?');
  throw new WxrError(`This is not a WordPress export: it is not XML (it begins with "${sample}")`, { line, column });
}

/**
 * Refuses at once what is plainly not a WordPress export (an image, a zip, an HTML page, an empty file, a gzip file
 * whose start does not inflate): the checks the reader makes on the first chunk, without reading further. What only the
 * whole file shows is for scanWxr.
 */
export async function checkWxrStart(input: WxrInput): Promise<void> {
  const text = wxrText(await openWxrSource(input));
  try {
    await text.next();
  } finally {
    await text.return(undefined);
  }
}
