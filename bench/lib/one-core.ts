import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DialectName } from '../../src/platform/db/dialect.js';
import { snapshot } from './baseline.js';
import type { Measurement } from './measure.js';
import { leadArticlePath } from './scenarios.js';

/**
 * The uncached demo article on one core: the site (one process, WORKERS=1) pinned to CPU 0 with `taskset -c 0`,
 * autocannon pinned to CPU 1, then the plain node:http baseline serving the same bytes on CPU 0, measured the same
 * way. Each runs in a child process of its own (one-core-child.ts), so the pinning is the process's alone.
 */

export interface OneCoreResult {
  pinned: boolean;
  articlePath: string;
  bytes: number;
  dateline: Measurement;
  baseline: Measurement;
  ratio: number;
}

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'one-core-child.ts');

const hasTaskset = () => spawnSync('taskset', ['-c', '0', 'true']).status === 0;

function startChild(cpu: string | null, args: string[]): ChildProcess {
  const command = [process.execPath, ...process.execArgv, CHILD, ...args];
  const [file, ...rest] = cpu === null ? command : ['taskset', '-c', cpu, ...command];
  return spawn(file!, rest, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, WORKERS: '1' } });
}

/** The first line the child prints, parsed; rejects if it exits first. */
function firstLine<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const end = out.indexOf('\n');
      if (end !== -1) resolve(JSON.parse(out.slice(0, end)) as T);
    });
    child.once('exit', (code) => reject(new Error(`${child.spawnargs.join(' ')} exited with ${code} before answering`)));
  });
}

async function serve(cpu: string | null, args: string[]): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = startChild(cpu, args);
  const { url } = await firstLine<{ url: string }>(child);
  const stop = () =>
    new Promise<void>((resolve) => {
      child.removeAllListeners('exit');
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { url, stop };
}

const load = (cpu: string | null, url: string, o: { duration: number; connections: number; warmup: number }) =>
  firstLine<Measurement>(startChild(cpu, ['measure', url, String(o.duration), String(o.connections), String(o.warmup)]));

export async function runOneCore(
  dialect: DialectName,
  options: { duration: number; connections: number; warmup: number },
  progress: (message: string) => void,
): Promise<OneCoreResult> {
  const pinned = hasTaskset();
  if (!pinned) progress('taskset is not available: running unpinned (server, baseline and load share every core)');
  const [serverCpu, loadCpu] = pinned ? ['0', '1'] : [null, null];
  const site = await serve(serverCpu, ['site', dialect]);
  let dateline: Measurement;
  let page: Awaited<ReturnType<typeof snapshot>>;
  let articlePath: string;
  try {
    articlePath = await leadArticlePath(site);
    page = await snapshot(`${site.url}${articlePath}`);
    if (page.status !== 200) throw new Error(`${articlePath} answered ${page.status}, not 200`);
    progress(`one core: dateline ${articlePath} (${page.body.length} bytes)${pinned ? ' on CPU 0, autocannon on CPU 1' : ''}…`);
    dateline = await load(loadCpu, `${site.url}${articlePath}`, options);
  } finally {
    await site.stop();
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-one-core-'));
  try {
    const bodyFile = path.join(dir, 'page');
    fs.writeFileSync(bodyFile, page.body);
    const baseline = await serve(serverCpu, ['baseline', bodyFile, String(page.status), page.contentType, articlePath]);
    try {
      progress('one core: baseline…');
      const base = await load(loadCpu, baseline.url, options);
      return { pinned, articlePath, bytes: page.body.length, dateline, baseline: base, ratio: dateline.requestsPerSecond / base.requestsPerSecond };
    } finally {
      await baseline.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
