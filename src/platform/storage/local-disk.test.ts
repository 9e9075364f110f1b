import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalDiskStorage } from './local-disk.js';

describe('LocalDiskStorage', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-storage-'));
  const storage = new LocalDiskStorage(root);
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('puts, gets, streams, maps URLs both ways and deletes', async () => {
    await storage.put('2026/11/abc/original.png', Buffer.from('bytes'), 'image/png');
    expect(fs.readFileSync(path.join(root, '2026', '11', 'abc', 'original.png'), 'utf8')).toBe('bytes');
    expect((await storage.get('2026/11/abc/original.png'))?.toString()).toBe('bytes');
    const stream = await storage.stream('2026/11/abc/original.png');
    const chunks: Buffer[] = [];
    for await (const chunk of stream!) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('bytes');
    expect(storage.url('2026/11/abc/original.png')).toBe('/media/2026/11/abc/original.png');
    expect(storage.keyOf('/media/2026/11/abc/original.png')).toBe('2026/11/abc/original.png');
    expect(storage.keyOf('https://elsewhere.example/media/x.png')).toBeNull();
    expect(storage.keyOf('/media/../secret-key')).toBeNull();
    await storage.delete('2026/11/abc/original.png');
    await storage.delete('2026/11/abc/original.png');
    expect(await storage.get('2026/11/abc/original.png')).toBeNull();
    expect(await storage.stream('2026/11/abc/original.png')).toBeNull();
  });

  it('refuses keys that could leave its directory', async () => {
    for (const key of ['../x', 'a/../../x', '/etc/passwd', 'a//b', 'a\\b', '', 'a/./b']) {
      await expect(storage.put(key, Buffer.from('x'), 'text/plain')).rejects.toThrow('Invalid media storage key');
    }
  });
});
