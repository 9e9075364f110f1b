import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ZipEntrySpec, zipBytes } from '../../../test/helpers/zip.js';
import { extractZip, inspectZip, ZipRefused, type ZipRefusal } from './safe-unzip.js';

const LIMITS = { maxEntries: 100, maxUnpackedBytes: 1024 * 1024 };

describe('safe unzip', () => {
  let dir: string;
  let n = 0;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-unzip-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function archive(entries: ZipEntrySpec[] | Buffer): string {
    const file = path.join(dir, `archive-${++n}.zip`);
    fs.writeFileSync(file, Buffer.isBuffer(entries) ? entries : zipBytes(entries));
    return file;
  }
  /** Everything under a folder, as relative paths ('/' at the end for folders). */
  function tree(root: string): string[] {
    if (!fs.existsSync(root)) return [];
    return fs.readdirSync(root, { recursive: true, withFileTypes: true }).map((entry) => {
      const relative = path.relative(root, path.join(entry.parentPath, entry.name));
      return entry.isDirectory() ? `${relative}/` : relative;
    });
  }
  async function refusal(entries: ZipEntrySpec[] | Buffer, limits = LIMITS): Promise<{ reason: ZipRefusal; message: string; written: string[] }> {
    const file = archive(entries);
    const target = path.join(dir, `out-${n}`);
    const inspected = await inspectZip(file, limits).then(
      () => null,
      (error: unknown) => error,
    );
    const error = await extractZip(file, target, limits).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ZipRefused);
    // inspect refuses what extract refuses, except what only unpacking shows (a size that lies).
    if ((error as ZipRefused).reason !== 'broken') expect((inspected as ZipRefused).reason).toBe((error as ZipRefused).reason);
    return { reason: (error as ZipRefused).reason, message: (error as ZipRefused).message, written: tree(target) };
  }

  it('unpacks folders and files, deflated or stored, and counts them', async () => {
    const photo = Buffer.alloc(50_000, 7);
    const file = archive([
      { name: '2024/' },
      { name: '2024/05/photo.jpg', data: photo, deflate: true },
      { name: '2024/05/notes.txt', data: 'hello' },
      { name: 'sites/2/2023/01/école.png', data: 'png' },
    ]);
    expect(await inspectZip(file, LIMITS)).toEqual({ files: 3, folders: 1, unpackedBytes: 50_000 + 5 + 3 });
    const target = path.join(dir, 'good');
    await extractZip(file, target, LIMITS);
    expect(tree(target).sort()).toEqual([
      '2024/',
      '2024/05/',
      '2024/05/notes.txt',
      '2024/05/photo.jpg',
      'sites/',
      'sites/2/',
      'sites/2/2023/',
      'sites/2/2023/01/',
      'sites/2/2023/01/école.png',
    ]);
    expect(fs.readFileSync(path.join(target, '2024/05/photo.jpg')).equals(photo)).toBe(true);
  });

  it('leaves out the entries `skip` names', async () => {
    const file = archive([
      { name: '__MACOSX/._photo.jpg', data: 'x' },
      { name: 'photo.jpg', data: 'y' },
    ]);
    const target = path.join(dir, 'skipped');
    await extractZip(file, target, LIMITS, { skip: (name) => name.startsWith('__MACOSX/') });
    expect(tree(target)).toEqual(['photo.jpg']);
  });

  it('refuses names that lead out of the folder (zip-slip), before writing anything', async () => {
    for (const name of ['../evil.txt', '2024/../../evil.txt', '/etc/evil', 'C:/evil.txt', '..\\evil.txt', '2024/./x', 'a//b']) {
      const result = await refusal([
        { name: 'first.txt', data: 'ok' },
        { name, data: 'gotcha' },
      ]);
      expect([name, result.reason, result.written]).toEqual([name, 'unsafe-name', []]);
      expect(result.message).toMatch(/leads out of its folder/);
    }
    expect(fs.existsSync(path.join(dir, 'evil.txt'))).toBe(false);
  });

  it('refuses symbolic links, encrypted entries and a name given twice', async () => {
    expect((await refusal([{ name: 'link', data: '/etc/passwd', mode: 0o120777 }])).reason).toBe('link');
    // A link first, then a file "through" it: refused at the link, so nothing is ever written outside.
    const through = await refusal([
      { name: 'uploads', data: '/tmp', mode: 0o120777 },
      { name: 'uploads/x.txt', data: 'x' },
    ]);
    expect([through.reason, through.written]).toEqual(['link', []]);
    expect((await refusal([{ name: 'secret.jpg', data: 'x', encrypted: true }])).reason).toBe('encrypted');
    expect(
      (
        await refusal([
          { name: 'a.jpg', data: 'x' },
          { name: 'a.jpg', data: 'y' },
        ])
      ).reason,
    ).toBe('duplicate');
    expect(
      (
        await refusal([
          { name: 'a', data: 'x' },
          { name: 'a/b.jpg', data: 'y' },
        ])
      ).reason,
    ).toBe('duplicate');
  });

  it('refuses zip bombs: too many entries, too much once unpacked, and a size that lies', async () => {
    const many = Array.from({ length: 101 }, (_, i) => ({ name: `f${i}.txt`, data: 'x' }));
    const tooMany = await refusal(many);
    expect([tooMany.reason, tooMany.written]).toEqual(['too-many-entries', []]);
    expect(tooMany.message).toMatch(/101 entries; at most 100/);

    // 2 MB of zeros deflate to about 2 KB: the declared size is over the cap.
    const bomb = await refusal([{ name: 'zeros.bin', data: Buffer.alloc(2 * 1024 * 1024), deflate: true }]);
    expect([bomb.reason, bomb.written]).toEqual(['too-large', []]);
    expect(bomb.message).toMatch(/more than 1 MB/);
    // Many small entries adding up.
    const sum = await refusal(Array.from({ length: 5 }, (_, i) => ({ name: `z${i}.bin`, data: Buffer.alloc(300_000), deflate: true })));
    expect(sum.reason).toBe('too-large');

    // An entry that says 10 bytes and inflates to 2 MB: yauzl stops it at its declared size.
    const liar = await refusal([{ name: 'small.txt', data: Buffer.alloc(2 * 1024 * 1024), deflate: true, declaredSize: 10 }]);
    expect(liar.reason).toBe('broken');
    const written = path.join(dir, `out-${n}`, 'small.txt');
    expect(!fs.existsSync(written) || fs.statSync(written).size <= 2 * 1024 * 1024).toBe(true);
  });

  it('refuses what is not a zip, or is cut short', async () => {
    expect((await refusal(Buffer.from('<?xml version="1.0"?><rss/>'))).reason).toBe('broken');
    const whole = zipBytes([{ name: 'a.txt', data: 'hello' }]);
    expect((await refusal(whole.subarray(0, whole.length - 10))).reason).toBe('broken');
    expect((await refusal(Buffer.alloc(0))).reason).toBe('broken');
  });

  it('reads archives made by the zip tool', async () => {
    const source = path.join(dir, 'tool-src');
    fs.mkdirSync(path.join(source, '2024', '05'), { recursive: true });
    fs.writeFileSync(path.join(source, '2024', '05', 'a.jpg'), 'jpeg bytes');
    const file = path.join(dir, 'tool.zip');
    const { execFileSync } = await import('node:child_process');
    try {
      execFileSync('zip', ['-qr', file, '2024'], { cwd: source });
    } catch {
      return; // no zip tool on this machine: the hand-written archives above cover the format
    }
    const target = path.join(dir, 'tool-out');
    expect(await extractZip(file, target, LIMITS)).toMatchObject({ files: 1 });
    expect(fs.readFileSync(path.join(target, '2024', '05', 'a.jpg'), 'utf8')).toBe('jpeg bytes');
  });
});
