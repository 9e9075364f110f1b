import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** A work folder's name: a prefix and random letters, nothing a path could be made of. */
const NAME = /^[a-z]+-[a-f0-9]{24}$/;

/**
 * Folders for work in progress under one root (DATA_DIR/imports): a background job's uploaded files and what it
 * unpacks from them, removed when the job ends. Callers keep a folder's name (in the database), never a path: the
 * root may move with DATA_DIR, and a name is checked before it becomes a path.
 */
export class WorkDirs {
  constructor(readonly root: string) {}

  /** A new, empty folder; its name. */
  async create(prefix = 'job'): Promise<string> {
    const name = `${prefix}-${randomBytes(12).toString('hex')}`;
    if (!NAME.test(name)) throw new Error(`Bad work folder prefix: ${prefix}`);
    await fs.promises.mkdir(path.join(this.root, name), { recursive: true, mode: 0o700 });
    return name;
  }

  /** The path of a folder, or of `parts` inside it (plain names only). */
  path(name: string, ...parts: string[]): string {
    if (!NAME.test(name)) throw new Error(`Not a work folder name: ${JSON.stringify(name)}`);
    for (const part of parts) {
      if (!part || part === '.' || part === '..' || /[\\/\0]/.test(part)) throw new Error(`Not a plain file name: ${JSON.stringify(part)}`);
    }
    return path.join(this.root, name, ...parts);
  }

  /** Removes a folder and everything in it; nothing happens when it is gone already. */
  async remove(name: string): Promise<void> {
    await fs.promises.rm(this.path(name), { recursive: true, force: true });
  }

  /** The folders there are, with when each was last changed. */
  async list(): Promise<{ name: string; modifiedAt: Date }[]> {
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(this.root, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const folders = entries.filter((entry) => entry.isDirectory() && NAME.test(entry.name));
    return Promise.all(folders.map(async (entry) => ({ name: entry.name, modifiedAt: (await fs.promises.stat(path.join(this.root, entry.name))).mtime })));
  }
}
