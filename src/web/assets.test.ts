import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAssets, serveAssets } from './assets.js';

describe('assets', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-assets-'));
  fs.writeFileSync(path.join(dir, 'style.css'), 'body { color: red; }');
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'not an asset');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('names each known file by a hash of its bytes, and skips unknown types', () => {
    const manifest = loadAssets(dir);
    const url = manifest.url('style.css');
    expect(url).toMatch(/^\/assets\/style\.[0-9a-f]{10}\.css$/);
    expect(manifest.byHashedName(url.slice('/assets/'.length))).toMatchObject({ contentType: 'text/css; charset=utf-8' });
    expect(() => manifest.url('notes.txt')).toThrow(/Unknown asset/);
    fs.writeFileSync(path.join(dir, 'style.css'), 'body { color: blue; }');
    expect(loadAssets(dir).url('style.css')).not.toBe(url);
  });

  it('serves a file by its hashed name for a year, and nothing else', async () => {
    const manifest = loadAssets(dir);
    const app = Fastify();
    app.get('/assets/:file', serveAssets(manifest));
    const res = await app.inject(manifest.url('style.css'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(res.body).toBe('body { color: blue; }');
    expect((await app.inject('/assets/style.0000000000.css')).statusCode).toBe(404);
    await app.close();
  });
});
