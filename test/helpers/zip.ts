import zlib from 'node:zlib';

/** One entry of a zip written by `zipBytes`: everything a hostile archive could lie about is settable. */
export interface ZipEntrySpec {
  name: string;
  data?: Buffer | string;
  /** Deflate the data (default: stored as is). */
  deflate?: boolean;
  /** A Unix mode for the external attributes (0o120777 makes a symbolic link; its data is the link's target). */
  mode?: number;
  /** Say this uncompressed size in the headers instead of the real one. */
  declaredSize?: number;
  /** Set the "encrypted" flag. */
  encrypted?: boolean;
}

/**
 * A zip archive in memory, written by hand (local headers, central directory, end record), so tests can build the
 * archives no zip tool would: `../` names, absolute names, links, sizes that lie, encrypted flags.
 */
export function zipBytes(entries: ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const spec of entries) {
    const name = Buffer.from(spec.name, 'utf8');
    const raw = Buffer.isBuffer(spec.data) ? spec.data : Buffer.from(spec.data ?? '', 'utf8');
    const packed = spec.deflate ? zlib.deflateRawSync(raw) : raw;
    // Traditional encryption puts a 12-byte header before the data (here random-looking, never decrypted).
    const body = spec.encrypted ? Buffer.concat([Buffer.alloc(12, 0xa5), packed]) : packed;
    const crc = zlib.crc32(raw);
    const size = spec.declaredSize ?? raw.length;
    const flags = 0x0800 | (spec.encrypted ? 1 : 0);
    const method = spec.deflate ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30);
    central.writeUInt16LE(0, 32);
    central.writeUInt16LE(0, 34);
    central.writeUInt16LE(0, 36);
    const mode = spec.mode ?? (spec.name.endsWith('/') ? 0o040755 : 0o100644);
    central.writeUInt32LE(((mode << 16) | (spec.name.endsWith('/') ? 0x10 : 0)) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
