import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { assertValidKey, type MediaStorage } from './media-storage.js';

/**
 * Media in a directory on local disk (DATA_DIR/media), served by the app's static /media/ route (see app.tsx).
 * Writes go to a temporary file first and are renamed into place, so a reader never sees half a file.
 */
export class LocalDiskStorage implements MediaStorage {
  constructor(
    private readonly root: string,
    private readonly urlPrefix = '/media/',
  ) {}

  private pathOf(key: string): string {
    assertValidKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  async put(key: string, bytes: Buffer, _contentType: string): Promise<void> {
    const file = this.pathOf(key);
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
    await fs.promises.writeFile(temporary, bytes);
    await fs.promises.rename(temporary, file);
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await fs.promises.readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async stream(key: string): Promise<Readable | null> {
    const file = this.pathOf(key);
    try {
      await fs.promises.access(file);
    } catch {
      return null;
    }
    return fs.createReadStream(file);
  }

  async delete(key: string): Promise<void> {
    await fs.promises.rm(this.pathOf(key), { force: true });
  }

  url(key: string): string {
    assertValidKey(key);
    return `${this.urlPrefix}${key}`;
  }

  keyOf(url: string): string | null {
    if (!url.startsWith(this.urlPrefix)) return null;
    const key = url.slice(this.urlPrefix.length);
    try {
      assertValidKey(key);
    } catch {
      return null;
    }
    return key;
  }
}
