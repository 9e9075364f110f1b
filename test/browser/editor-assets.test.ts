import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { editorAssets, loadNewsroomAssets } from '../../src/newsroom/assets.js';

/** The editor bundle joins the newsroom's asset manifest under hashed names, and its absence is not an error. */
describe('editor bundle in the newsroom asset manifest', () => {
  it('serves a built bundle under content-hashed names', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-editor-'));
    fs.writeFileSync(path.join(dir, 'editor.js'), 'console.log(1);');
    fs.writeFileSync(path.join(dir, 'editor.css'), '.rte{}');
    const assets = loadNewsroomAssets(dir);
    const { moduleScripts, styles } = editorAssets(assets);
    expect(moduleScripts[0]).toMatch(/^\/newsroom\/assets\/editor\.[0-9a-f]{10}\.js$/);
    expect(styles[0]).toMatch(/^\/newsroom\/assets\/editor\.[0-9a-f]{10}\.css$/);
    expect(assets.byHashedName(moduleScripts[0]!.split('/').pop()!)?.body.toString()).toBe('console.log(1);');
    expect(assets.url('newsroom.css')).toMatch(/^\/newsroom\/assets\/newsroom\.[0-9a-f]{10}\.css$/);
    fs.rmSync(dir, { recursive: true });
  });

  it('leaves the form a plain textarea when the bundle is missing, warning once', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const assets = loadNewsroomAssets(path.join(os.tmpdir(), 'dateline-no-such-dir'));
    expect(editorAssets(assets)).toEqual({ moduleScripts: [], styles: [] });
    expect(editorAssets(assets)).toEqual({ moduleScripts: [], styles: [] });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(assets.url('newsroom.css')).toMatch(/newsroom\./);
    warn.mockRestore();
  });
});
