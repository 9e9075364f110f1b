/**
 * The WordPress import benchmark (issue 12): a generated WXR (bench/wxr-generate.ts) imported into a fresh SQLite
 * database and a fresh PostgreSQL schema, each in a child process of its own so its peak RSS is the import's alone.
 *
 *     npx tsx bench/wxr-import.ts [--posts 20000] [--comments 200000] [--dialect sqlite|postgres|both] [--runs 1]
 *     npm run bench -- --only wxr [same flags]
 *
 * The baseline, measured in the same run on the same file (also in a child process), is the reader alone: one
 * `scanWxr` pass, the importer's validation pass with nothing written. ratio = the import's posts/s ÷ the scan's
 * posts/s. The import reads the file twice (validate, then write), so 0.5x would mean writing costs nothing.
 * Media are not imported yet (attachments are skipped and keep their old URLs), so there is no media pass to time.
 */
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { importWxr } from '../src/interop/wxr/wxr-import.js';
import { scanWxr } from '../src/interop/wxr/wxr-reader.js';
import { DomainEventBus } from '../src/news/events.js';
import { createNewsServices } from '../src/news/services.js';
import { systemClock } from '../src/news/shared/clock.js';
import { openDatabase } from '../src/platform/db/connection.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import { createSigner } from '../src/platform/security/signer.js';
import { generateWxr } from './wxr-generate.js';

const POSTGRES_URL = process.env.DATELINE_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** What a child process reports on its last stdout line. */
interface ChildResult {
  task: 'scan' | 'sqlite' | 'postgres';
  posts: number;
  comments: number;
  seconds: number;
  /** Import only: the first (validation) pass, up to the first progress of the write pass; the write pass is the rest. */
  validationSeconds: number | null;
  writeSeconds: number | null;
  searchDocuments: number | null;
  maxRssMb: number;
  /** Import only: seconds inside each ImportService call (and the search indexer's share of them), summed. */
  phases: Record<string, number> | null;
}

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '20000' },
    comments: { type: 'string', default: '200000' },
    dialect: { type: 'string', default: 'both' },
    runs: { type: 'string', default: '1' },
    seed: { type: 'string', default: '20260101' },
    child: { type: 'string' },
    file: { type: 'string' },
  },
});

const progress = (message: string) => process.stderr.write(`${message}\n`);

if (values.child) {
  const result = await child(values.child as ChildResult['task'], values.file!);
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
  process.exit(0);
} else {
  await main();
}

async function child(task: ChildResult['task'], file: string): Promise<ChildResult> {
  const maxRssMb = () => process.resourceUsage().maxRSS / 1024;
  if (task === 'scan') {
    const started = performance.now();
    const summary = await scanWxr(file);
    const seconds = (performance.now() - started) / 1000;
    return {
      task,
      posts: summary.postTypes.post?.total ?? 0,
      comments: summary.comments.total,
      seconds,
      validationSeconds: null,
      writeSeconds: null,
      searchDocuments: null,
      maxRssMb: maxRssMb(),
      phases: null,
    };
  }
  let database: ReturnType<typeof openDatabase>;
  let dropSchema: (() => Promise<void>) | null = null;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-wxr-bench-db-'));
  if (task === 'sqlite') {
    database = openDatabase({ dialect: 'sqlite', filename: path.join(dataDir, 'dateline.db') });
  } else {
    const schema = `bench_wxr_${randomBytes(6).toString('hex')}`;
    await adminQuery(`create schema ${schema}`);
    database = openDatabase({ dialect: 'postgres', connectionString: POSTGRES_URL, schema, poolSize: 5 });
    dropSchema = () => adminQuery(`drop schema if exists ${schema} cascade`);
  }
  try {
    await migrateToLatest(database.db, database.dialect);
    const services = createNewsServices({
      db: database.db,
      events: new DomainEventBus((event, error) => progress(`${event} listener failed: ${String(error)}`)),
      clock: systemClock,
      signer: createSigner(randomBytes(32).toString('hex')),
      media: { storage: null },
    });
    const phases = timePhases(services);
    const started = performance.now();
    let writeStarted: number | null = null;
    let lastLog = 0;
    const report = await importWxr(services, () => file, {
      onProgress: (p) => {
        if (p.phase === 'importing' && writeStarted === null) writeStarted = performance.now();
        const now = performance.now();
        if (now - lastLog > 10_000) {
          lastLog = now;
          progress(`  ${task}: ${p.phase} ${p.totalBytes ? Math.floor((100 * p.bytesRead) / p.totalBytes) : '?'}%, ${p.items} items, ${p.comments} comments`);
        }
      },
    });
    const ended = performance.now();
    const { count } = await database.db
      .selectFrom('article_search_documents')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    const posts = report.counts.articles.imported + report.counts.articles.updated + report.counts.articles.unchanged;
    const comments = report.counts.comments.imported + report.counts.comments.updated + report.counts.comments.unchanged;
    return {
      task,
      posts,
      comments,
      seconds: (ended - started) / 1000,
      validationSeconds: ((writeStarted ?? ended) - started) / 1000,
      writeSeconds: (ended - (writeStarted ?? ended)) / 1000,
      searchDocuments: Number(count),
      maxRssMb: maxRssMb(),
      phases,
    };
  } finally {
    await database.destroy();
    if (dropSchema) await dropSchema();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Wraps the import's write calls to sum the time spent in each (they run one at a time, so the sums do not overlap). */
function timePhases(services: ReturnType<typeof createNewsServices>): Record<string, number> {
  const phases: Record<string, number> = {};
  const wrap = <T extends object>(target: T, name: string, label: string) => {
    const original = (target as Record<string, unknown>)[name] as (...args: unknown[]) => Promise<unknown>;
    (target as Record<string, unknown>)[name] = async (...args: unknown[]) => {
      const started = performance.now();
      try {
        return await original.apply(target, args);
      } finally {
        phases[label] = (phases[label] ?? 0) + (performance.now() - started) / 1000;
      }
    };
  };
  for (const name of ['people', 'sections', 'tags', 'articles', 'pages', 'comments', 'links', 'pageParents', 'finish']) wrap(services.imports, name, name);
  wrap(services.searchIndexer, 'syncArticles', 'articles: search index');
  return phases;
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Runs this file again as `--child task`, in the same Node with the same loader (tsx), and reads its result. */
function runChild(task: ChildResult['task'], file: string): Promise<ChildResult> {
  const self = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...process.execArgv, self, '--child', task, '--file', file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    proc.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    proc.on('error', reject);
    proc.on('close', (code) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !last.startsWith('{')) reject(new Error(`the ${task} child exited with ${code}: ${stdout.slice(-2000)}`));
      else resolve(JSON.parse(last) as ChildResult);
    });
  });
}

async function postgresReachable(): Promise<boolean> {
  try {
    await adminQuery('select 1');
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const posts = Number(values.posts);
  const comments = Number(values.comments);
  const runs = Number(values.runs);
  if (!Number.isInteger(posts) || posts < 1 || !Number.isInteger(comments) || comments < 0 || !Number.isInteger(runs) || runs < 1) {
    throw new Error('--posts and --runs must be whole numbers of at least 1, --comments at least 0');
  }
  if (!['sqlite', 'postgres', 'both'].includes(values.dialect)) throw new Error(`--dialect must be sqlite, postgres or both; got "${values.dialect}"`);
  const dialects = (values.dialect === 'both' ? ['sqlite', 'postgres'] : [values.dialect]) as ('sqlite' | 'postgres')[];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-wxr-bench-'));
  const file = path.join(dir, 'export.wxr.xml');
  try {
    progress(`generating ${posts.toLocaleString('en')} posts and ${comments.toLocaleString('en')} comments…`);
    const generated = await generateWxr(file, { posts, comments, seed: Number(values.seed) });
    progress(
      `  ${(generated.bytes / 1024 / 1024).toFixed(0)} MB, ${generated.attachments.toLocaleString('en')} attachments, in ${(generated.milliseconds / 1000).toFixed(1)} s`,
    );
    const rows: ChildResult[] = [];
    const baselines: ChildResult[] = [];
    const pgOk = dialects.includes('postgres') ? await postgresReachable() : false;
    for (let run = 1; run <= runs; run++) {
      progress(`run ${run}/${runs}: baseline (scanWxr)…`);
      baselines.push(await runChild('scan', file));
      for (const dialect of dialects) {
        if (dialect === 'postgres' && !pgOk) continue;
        progress(`run ${run}/${runs}: import into ${dialect}…`);
        rows.push(await runChild(dialect, file));
      }
    }
    if (dialects.includes('postgres') && !pgOk) progress(`PostgreSQL skipped: ${POSTGRES_URL.replace(/\/\/[^@]*@/, '//…@')} is not reachable`);
    const baseline = (i: number) => baselines[Math.floor(i / Math.max(1, rows.length / runs))]!;
    const fmt = (n: number | null, digits = 1) => (n === null ? '' : n.toFixed(digits));
    const header = ['target', 'posts', 'comments', 'posts/s', 'comments/s', 'total s', 'validate s', 'write s', 'search docs', 'peak RSS MB', 'ratio'];
    const body = [
      ...baselines.map((b) => [
        'baseline scanWxr',
        b.posts,
        b.comments,
        b.posts / b.seconds,
        b.comments / b.seconds,
        b.seconds,
        null,
        null,
        null,
        b.maxRssMb,
        1,
      ]),
      ...rows.map((r, i) => [
        `import ${r.task}`,
        r.posts,
        r.comments,
        r.posts / r.seconds,
        r.comments / r.seconds,
        r.seconds,
        r.validationSeconds,
        r.writeSeconds,
        r.searchDocuments,
        r.maxRssMb,
        r.posts / r.seconds / (baseline(i).posts / baseline(i).seconds),
      ]),
    ].map((cells) =>
      cells.map((cell, c) => {
        if (typeof cell === 'string') return cell;
        if (cell === null) return '';
        if (c === 10) return `${(cell as number).toFixed(3)}x`;
        if (c === 1 || c === 2 || c === 3 || c === 4 || c === 8 || c === 9) return Math.round(cell as number).toString();
        return fmt(cell as number);
      }),
    );
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('   ');
    process.stdout.write(`\n${[line(header), ...body.map(line)].join('\n')}\n\n`);
    for (const r of rows) {
      const spent = Object.entries(r.phases ?? {})
        .filter(([, seconds]) => seconds >= 0.05)
        .map(([phase, seconds]) => `${phase} ${seconds.toFixed(1)}`);
      process.stdout.write(`import ${r.task}, seconds inside ImportService: ${spent.join(', ')}\n`);
    }
    process.stdout.write('\n');
    process.stdout.write(
      `WXR ${(generated.bytes / 1024 / 1024).toFixed(0)} MB: ${posts.toLocaleString('en')} posts, ${comments.toLocaleString('en')} comments, ` +
        `${generated.attachments.toLocaleString('en')} attachments (media are not imported yet: skipped, no media pass). ` +
        `posts are the stories written (every status); search docs = published stories indexed. ` +
        `ratio = import posts/s ÷ baseline (scanWxr, one read of the file) posts/s of the same run; 0.5x is the ceiling (the import reads the file twice).\n` +
        `node ${process.version}, ${os.cpus().length} CPUs, ${runs} run(s)\n`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
