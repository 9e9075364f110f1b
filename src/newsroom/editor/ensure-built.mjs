#!/usr/bin/env node
// Builds the article editor bundle (build/newsroom/editor.{js,css}) unless it is newer than its sources.
// Run by `npm install`/`npm ci` (prepare), `npm start` (prestart) and `npm test` (pretest); `--force` always builds.
// It never fails the command that ran it: without a bundle the newsroom's body field is a plain textarea.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const output = path.join(root, 'build/newsroom/editor.js');
const sources = [
  path.join(root, 'src/newsroom/editor'),
  path.join(root, 'src/news/shared/slug.ts'),
  path.join(root, 'vite.editor.config.ts'),
  path.join(root, 'package-lock.json'),
];

function newest(file) {
  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(file).map((name) => newest(path.join(file, name))));
}

const force = process.argv.includes('--force');
const builtAt = newest(output);
if (!force && builtAt > 0 && builtAt >= Math.max(...sources.map(newest))) process.exit(0);

let viteBin;
try {
  const require = createRequire(path.join(root, 'package.json'));
  viteBin = path.join(path.dirname(require.resolve('vite/package.json')), 'bin/vite.js');
} catch {
  console.warn('[dateline] vite is not installed (npm install --omit=dev?): the article editor bundle was not built; the body field stays a plain textarea.');
  process.exit(0);
}

const started = Date.now();
const result = spawnSync(process.execPath, [viteBin, 'build', '--config', 'vite.editor.config.ts'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  console.warn('[dateline] Building the article editor bundle failed; the body field stays a plain textarea.');
  process.exit(force ? 1 : 0);
}
console.log(`[dateline] Built the article editor bundle in ${Date.now() - started} ms (build/newsroom/).`);
