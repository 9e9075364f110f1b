import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { formatBytes } from '../format-bytes.js';

/**
 * Zip archives from people (a copy of a site's uploads folder), read with yauzl and unpacked without trusting them:
 *
 * - names: every entry's name is decoded and checked here (yauzl's own rules: no absolute path, no drive letter, no
 *   `..` segment; plus no empty segment and no NUL), and the path it would be written to must resolve inside the
 *   destination, so nothing is written outside it (zip-slip);
 * - links: an entry whose Unix mode says symbolic link is refused (unpacked, a link could point anywhere and a later
 *   entry be written through it); nothing is ever created but folders and plain files;
 * - size: the entry count (from the end record, before any entry is read) and the declared uncompressed total are
 *   capped, and yauzl checks while unpacking that each entry inflates to exactly its declared size, so a zip bomb
 *   (a small archive that inflates hugely, or many entries sharing one compressed body) is refused before it fills
 *   the disk; the bytes written are counted against the cap as well;
 * - encrypted entries, two entries with one name, and a name that is both a file and a folder are refused.
 *
 * Whatever is refused is refused as a whole, before anything is written: `extractZip` reads the central directory
 * through once to check it, then again to unpack. Files are streamed, never held in memory.
 */
export interface ZipLimits {
  /** Entries (files and folders) at most. */
  maxEntries: number;
  /** Bytes once unpacked, all entries together, at most. */
  maxUnpackedBytes: number;
}

export type ZipRefusal = 'broken' | 'unsafe-name' | 'link' | 'encrypted' | 'duplicate' | 'too-many-entries' | 'too-large';

/** Why an archive was refused, in words for the person who sent it, and as a reason code. */
export class ZipRefused extends Error {
  constructor(
    message: string,
    readonly reason: ZipRefusal,
  ) {
    super(message);
    this.name = 'ZipRefused';
  }
}

export interface ZipSummary {
  files: number;
  folders: number;
  /** The uncompressed total of the files. */
  unpackedBytes: number;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

interface CheckedEntry {
  entry: yauzl.Entry;
  /** The decoded, checked name: forward slashes, relative, no `..`. */
  name: string;
  folder: boolean;
}

function open(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    // decodeStrings off: names are decoded and checked here, so a bad one is our refusal, not a parse error.
    yauzl.open(file, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true, strictFileNames: false }, (error, zip) => {
      if (error) reject(new ZipRefused('This is not a zip file, or it is damaged or cut short.', 'broken'));
      else resolve(zip);
    });
  });
}

const shown = (name: string) => JSON.stringify(name.length > 120 ? `${name.slice(0, 117)}…` : name);

function check(entry: yauzl.Entry): CheckedEntry {
  // With decodeStrings off, yauzl leaves the raw bytes in fileName; the low-level decoder applies the UTF-8 flag and
  // the Info-ZIP Unicode path field, and turns backslashes into slashes.
  const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
  const problem = yauzl.validateFileName(name);
  const segments = name.replace(/\/$/, '').split('/');
  if (problem !== null || name.includes('\0') || !name || segments.some((segment) => segment === '' || segment === '.')) {
    throw new ZipRefused(`The zip holds an entry whose name leads out of its folder or is not a plain path: ${shown(name)}.`, 'unsafe-name');
  }
  const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
  if (mode === S_IFLNK) throw new ZipRefused(`The zip holds a symbolic link, ${shown(name)}; links are not accepted. Zip the files themselves.`, 'link');
  if (entry.isEncrypted())
    throw new ZipRefused(`The zip is password-protected (${shown(name)} is encrypted). Zip the files again without a password.`, 'encrypted');
  return { entry, name: name.replace(/\/$/, ''), folder: name.endsWith('/') };
}

/**
 * Reads the central directory (never a file's contents) and checks every entry against the others and the limits.
 * Only the names are kept (to find one given twice), not the entries: an archive of 200,000 files costs their names.
 */
async function inspectEntries(zip: yauzl.ZipFile, limits: ZipLimits): Promise<ZipSummary> {
  if (zip.entryCount > limits.maxEntries) {
    throw new ZipRefused(
      `The zip holds ${zip.entryCount.toLocaleString('en')} entries; at most ${limits.maxEntries.toLocaleString('en')} are accepted.`,
      'too-many-entries',
    );
  }
  const files = new Set<string>();
  const folders = new Set<string>();
  const summary: ZipSummary = { files: 0, folders: 0, unpackedBytes: 0 };
  for await (const checked of checkedEntries(zip)) {
    // A name may be a file or a folder (given, or implied by the files in it), never both, and only once.
    const parents = checked.name
      .split('/')
      .slice(0, -1)
      .map((_, i, all) => all.slice(0, i + 1).join('/'));
    if (files.has(checked.name) || (!checked.folder && folders.has(checked.name)) || parents.some((parent) => files.has(parent))) {
      throw new ZipRefused(`The zip holds ${shown(checked.name)} twice (or as both a file and a folder).`, 'duplicate');
    }
    for (const parent of parents) folders.add(parent);
    if (checked.folder) {
      folders.add(checked.name);
      summary.folders++;
    } else {
      files.add(checked.name);
      summary.files++;
      summary.unpackedBytes += checked.entry.uncompressedSize;
      if (summary.unpackedBytes > limits.maxUnpackedBytes) {
        throw new ZipRefused(`The zip would unpack to more than ${formatBytes(limits.maxUnpackedBytes)}, the most accepted.`, 'too-large');
      }
    }
  }
  return summary;
}

/** The entries in order, each checked on its own (check()); a directory that cannot be read is 'broken'. */
async function* checkedEntries(zip: yauzl.ZipFile): AsyncGenerator<CheckedEntry> {
  const entries = zip.eachEntry();
  for (;;) {
    let next: IteratorResult<yauzl.Entry>;
    try {
      next = await entries.next();
    } catch {
      throw new ZipRefused('The zip file is damaged: its list of files cannot be read.', 'broken');
    }
    if (next.done) return;
    yield check(next.value);
  }
}

/** Checks an archive without unpacking it: what `extractZip` would refuse, this refuses (except damaged contents). */
export async function inspectZip(file: string, limits: ZipLimits): Promise<ZipSummary> {
  const zip = await open(file);
  try {
    return await inspectEntries(zip, limits);
  } finally {
    zip.close();
  }
}

/**
 * Unpacks an archive into `destination` (created if need be; it should be empty): folders and plain files only,
 * each inside it. Refuses (ZipRefused) before writing anything when a check fails; a file that turns out damaged
 * while being unpacked also refuses, leaving what was written so far for the caller to remove.
 */
export async function extractZip(
  file: string,
  destination: string,
  limits: ZipLimits,
  options: { skip?: (name: string) => boolean } = {},
): Promise<ZipSummary> {
  const inspected = await open(file);
  let summary: ZipSummary;
  try {
    summary = await inspectEntries(inspected, limits);
  } finally {
    inspected.close();
  }
  // A second read of the directory, to unpack: each entry is checked again as it comes.
  const zip = await open(file);
  try {
    await fs.promises.mkdir(destination, { recursive: true });
    const root = await fs.promises.realpath(destination);
    let written = 0;
    for await (const { entry, name, folder } of checkedEntries(zip)) {
      if (options.skip?.(name)) continue;
      const target = path.resolve(root, ...name.split('/'));
      // Checked names cannot leave the folder; this is the last line, should that ever change.
      if (!target.startsWith(root + path.sep)) throw new ZipRefused(`The zip entry ${shown(name)} leads out of its folder.`, 'unsafe-name');
      if (folder) {
        await fs.promises.mkdir(target, { recursive: true });
        continue;
      }
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      let stream;
      try {
        stream = await zip.openReadStreamPromise(entry);
      } catch {
        throw new ZipRefused(`The zip file is damaged: ${shown(name)} cannot be read.`, 'broken');
      }
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          written += chunk.length;
          if (written > limits.maxUnpackedBytes)
            done(new ZipRefused(`The zip would unpack to more than ${formatBytes(limits.maxUnpackedBytes)}, the most accepted.`, 'too-large'));
          else done(null, chunk);
        },
      });
      try {
        // 'wx': never through or over something already there.
        await pipeline(stream, counter, fs.createWriteStream(target, { flags: 'wx' }));
      } catch (error) {
        if (error instanceof ZipRefused) throw error;
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new ZipRefused(`The zip holds ${shown(name)} twice.`, 'duplicate');
        if (typeof (error as NodeJS.ErrnoException).syscall === 'string') throw error;
        throw new ZipRefused(`The zip file is damaged: ${shown(name)} does not unpack (${(error as Error).message}).`, 'broken');
      }
    }
    return summary;
  } finally {
    zip.close();
  }
}
