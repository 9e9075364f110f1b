/**
 * The WordPress import benchmark (issue 12): a generated WXR (bench/wxr-generate.ts) imported into a fresh SQLite
 * database and a fresh PostgreSQL schema, each in a child process of its own so its peak RSS is the import's alone.
 *
 *     npx tsx bench/wxr-import.ts [--posts 20000] [--comments 200000] [--dialect sqlite|postgres|both] [--runs 1] [--no-media]
 *     npm run bench -- --only wxr [same flags]
 *
 * With media (the default; `--no-media` or `--media false` to leave them out) the generator also writes a JPEG for
 * each attachment into a temporary uploads folder, the import takes them from it (`mediaDir`, as `dateline import wxr
 * --media-dir` does) into a media library in a temporary folder, and the media pass (before the second pass) is timed
 * on its own: posts/s are given with it and without it, and media files/s.
 *
 * The baseline, measured in the same run on the same file (also in a child process), is the reader alone: one
 * `scanWxr` pass, the importer's validation pass with nothing written. ratio = the import's posts/s without the media
 * pass ÷ the scan's posts/s. The import still reads the file twice: the validation pass, then the second pass, whose
 * reading and conversion run in a worker thread (src/interop/wxr/wxr-prepare-thread.ts) while the main thread writes.
 * So about 0.5x remains the most it can reach (two reads), and what is below it is no longer converting plus writing
 * but the longer of the two threads' work in the second pass (plus people, sections and tags).
 */
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { LocalDiskStorage } from '../src/platform/storage/local-disk.js';
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
  /**
   * Import only: the first (validation) pass, up to the media pass or (without one) the write pass's first progress;
   * the media pass, from the end of the call before its first file to the write pass's first progress; the write pass
   * is the rest. Without media, mediaSeconds is null.
   */
  validationSeconds: number | null;
  mediaSeconds: number | null;
  writeSeconds: number | null;
  /** Import with media only: attachments brought into the library (imported, updated or unchanged), and those skipped. */
  mediaFiles: number | null;
  mediaSkipped: number | null;
  /** The first few skipped attachments' reasons. */
  mediaSkipReasons: string[];
  /** Import with media only: stories whose featured image is in the new media library (a check that the pass was used). */
  featuredInLibrary: number | null;
  searchDocuments: number | null;
  maxRssMb: number;
  /** Import only: seconds inside each ImportService call (and the search indexer's share of them), summed. */
  phases: Record<string, number> | null;
}

/**
 * `--media` is on unless `--no-media`, `--media false` (or `=false`, `off`, `no`, `0`); `--media` alone, or with
 * true/on/yes/1, turns it on. node:util's parseArgs cannot take both forms, so they are read here and left out.
 */
let withMedia = true;
function withoutMediaFlag(args: string[]): string[] {
  const rest: string[] = [];
  const parse = (value: string) => {
    const v = value.toLowerCase();
    if (['false', 'off', 'no', '0'].includes(v)) return false;
    if (['true', 'on', 'yes', '1'].includes(v)) return true;
    throw new Error(`--media takes true or false; got "${value}"`);
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--no-media') withMedia = false;
    else if (arg.startsWith('--media=')) withMedia = parse(arg.slice('--media='.length));
    else if (arg === '--media') {
      const next = args[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        withMedia = parse(next);
        i++;
      } else withMedia = true;
    } else rest.push(arg);
  }
  return rest;
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
    'media-dir': { type: 'string' },
  },
  args: withoutMediaFlag(process.argv.slice(2)),
});

const progress = (message: string) => process.stderr.write(`${message}\n`);

if (values.child) {
  const result = await child(values.child as ChildResult['task'], values.file!, values['media-dir'] ?? null);
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
  process.exit(0);
} else {
  await main();
}

async function child(task: ChildResult['task'], file: string, mediaDir: string | null): Promise<ChildResult> {
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
      mediaSeconds: null,
      writeSeconds: null,
      mediaFiles: null,
      mediaSkipped: null,
      mediaSkipReasons: [],
      featuredInLibrary: null,
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
      // The media library in the temporary data folder, as the app has it in DATA_DIR/media (removed below).
      media: { storage: mediaDir ? new LocalDiskStorage(path.join(dataDir, 'media')) : null },
    });
    const timing = timePhases(services);
    const started = performance.now();
    let writeStarted: number | null = null;
    let lastLog = 0;
    const report = await importWxr(services, () => file, {
      mediaDir,
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
    const featured = await database.db
      .selectFrom('articles')
      .where('featured_image_url', 'like', '/media/%')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    const posts = report.counts.articles.imported + report.counts.articles.updated + report.counts.articles.unchanged;
    const comments = report.counts.comments.imported + report.counts.comments.updated + report.counts.comments.unchanged;
    const attachments = report.counts.attachments;
    const writeAt = writeStarted ?? ended;
    // The media pass starts when the call before its first file ended (the people, sections and tags' redirects).
    const mediaAt = mediaDir ? (timing.endBeforeFirst.mediaItem ?? writeAt) : writeAt;
    return {
      task,
      posts,
      comments,
      seconds: (ended - started) / 1000,
      validationSeconds: (mediaAt - started) / 1000,
      mediaSeconds: mediaDir ? (writeAt - mediaAt) / 1000 : null,
      writeSeconds: (ended - writeAt) / 1000,
      mediaFiles: mediaDir ? attachments.imported + attachments.updated + attachments.unchanged : null,
      mediaSkipped: mediaDir ? attachments.skipped : null,
      mediaSkipReasons: report.notes
        .filter((note) => note.kind === 'media' && note.action === 'skipped')
        .slice(0, 3)
        .map((note) => `${note.wordpressId}: ${note.reason}`),
      featuredInLibrary: mediaDir ? Number(featured.count) : null,
      searchDocuments: Number(count),
      maxRssMb: maxRssMb(),
      phases: timing.seconds,
    };
  } finally {
    await database.destroy();
    if (dropSchema) await dropSchema();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Wraps the import's write calls to sum the time spent in each (they run one at a time, so the sums do not overlap;
 * the uploads folder gives the media pass one file at a time). `endBeforeFirst[label]`: when the last wrapped call
 * before that label's first call ended (the media pass's start, for `mediaItem`).
 */
function timePhases(services: ReturnType<typeof createNewsServices>): { seconds: Record<string, number>; endBeforeFirst: Record<string, number> } {
  const seconds: Record<string, number> = {};
  const endBeforeFirst: Record<string, number> = {};
  let lastEnded: number | null = null;
  const wrap = <T extends object>(target: T, name: string, label: string) => {
    const original = (target as Record<string, unknown>)[name] as (...args: unknown[]) => Promise<unknown>;
    (target as Record<string, unknown>)[name] = async (...args: unknown[]) => {
      const started = performance.now();
      if (!(label in endBeforeFirst)) endBeforeFirst[label] = lastEnded ?? started;
      try {
        return await original.apply(target, args);
      } finally {
        lastEnded = performance.now();
        seconds[label] = (seconds[label] ?? 0) + (lastEnded - started) / 1000;
      }
    };
  };
  for (const name of ['people', 'sections', 'tags', 'mediaItem', 'articles', 'pages', 'comments', 'links', 'pageParents', 'finish'])
    wrap(services.imports, name, name);
  wrap(services.searchIndexer, 'syncArticles', 'articles: search index');
  return { seconds, endBeforeFirst };
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
function runChild(task: ChildResult['task'], file: string, mediaDir: string | null): Promise<ChildResult> {
  const self = fileURLToPath(import.meta.url);
  const args = [...process.execArgv, self, '--child', task, '--file', file, ...(mediaDir ? ['--media-dir', mediaDir] : [])];
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
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
  const uploadsDir = withMedia ? path.join(dir, 'uploads') : null;
  try {
    progress(`generating ${posts.toLocaleString('en')} posts and ${comments.toLocaleString('en')} comments${uploadsDir ? ', with their images' : ''}…`);
    const generated = await generateWxr(file, { posts, comments, seed: Number(values.seed), uploadsDir });
    progress(
      `  ${(generated.bytes / 1024 / 1024).toFixed(0)} MB, ${generated.attachments.toLocaleString('en')} attachments` +
        `${uploadsDir ? ` (${generated.uploads.files.toLocaleString('en')} files, ${(generated.uploads.bytes / 1024 / 1024).toFixed(1)} MB)` : ''}` +
        `, in ${(generated.milliseconds / 1000).toFixed(1)} s`,
    );
    const rows: ChildResult[] = [];
    const baselines: ChildResult[] = [];
    const pgOk = dialects.includes('postgres') ? await postgresReachable() : false;
    for (let run = 1; run <= runs; run++) {
      progress(`run ${run}/${runs}: baseline (scanWxr)…`);
      baselines.push(await runChild('scan', file, null));
      for (const dialect of dialects) {
        if (dialect === 'postgres' && !pgOk) continue;
        progress(`run ${run}/${runs}: import into ${dialect}${uploadsDir ? ', with media' : ''}…`);
        rows.push(await runChild(dialect, file, uploadsDir));
      }
    }
    if (dialects.includes('postgres') && !pgOk) progress(`PostgreSQL skipped: ${POSTGRES_URL.replace(/\/\/[^@]*@/, '//…@')} is not reachable`);
    const baseline = (i: number) => baselines[Math.floor(i / Math.max(1, rows.length / runs))]!;
    /** Seconds without the media pass (the whole import when there is none). */
    const withoutMedia = (r: ChildResult) => r.seconds - (r.mediaSeconds ?? 0);
    type Cell = string | number | null;
    const columns: { name: string; format: 'int' | 'fixed' | 'ratio'; baseline: (b: ChildResult) => Cell; import: (r: ChildResult, i: number) => Cell }[] = [
      { name: 'posts', format: 'int', baseline: (b) => b.posts, import: (r) => r.posts },
      { name: 'comments', format: 'int', baseline: (b) => b.comments, import: (r) => r.comments },
      { name: 'posts/s', format: 'int', baseline: (b) => b.posts / b.seconds, import: (r) => r.posts / r.seconds },
      { name: 'posts/s w/o media', format: 'int', baseline: () => null, import: (r) => (r.mediaSeconds === null ? null : r.posts / withoutMedia(r)) },
      { name: 'comments/s', format: 'int', baseline: (b) => b.comments / b.seconds, import: (r) => r.comments / withoutMedia(r) },
      { name: 'total s', format: 'fixed', baseline: (b) => b.seconds, import: (r) => r.seconds },
      { name: 'validate s', format: 'fixed', baseline: () => null, import: (r) => r.validationSeconds },
      { name: 'media s', format: 'fixed', baseline: () => null, import: (r) => r.mediaSeconds },
      { name: 'write s', format: 'fixed', baseline: () => null, import: (r) => r.writeSeconds },
      { name: 'media files', format: 'int', baseline: () => null, import: (r) => r.mediaFiles },
      { name: 'files/s', format: 'int', baseline: () => null, import: (r) => (r.mediaFiles && r.mediaSeconds ? r.mediaFiles / r.mediaSeconds : null) },
      { name: 'search docs', format: 'int', baseline: () => null, import: (r) => r.searchDocuments },
      { name: 'peak RSS MB', format: 'int', baseline: (b) => b.maxRssMb, import: (r) => r.maxRssMb },
      {
        name: 'ratio',
        format: 'ratio',
        baseline: () => 1,
        import: (r, i) => r.posts / withoutMedia(r) / (baseline(i).posts / baseline(i).seconds),
      },
    ];
    const shown = uploadsDir ? columns : columns.filter((c) => !['posts/s w/o media', 'media s', 'media files', 'files/s'].includes(c.name));
    const formatCell = (cell: Cell, format: 'int' | 'fixed' | 'ratio') => {
      if (cell === null) return '';
      if (typeof cell === 'string') return cell;
      if (format === 'ratio') return `${cell.toFixed(3)}x`;
      if (format === 'int') return Math.round(cell).toString();
      return cell.toFixed(1);
    };
    const header = ['target', ...shown.map((c) => c.name)];
    const body = [
      ...baselines.map((b) => ['baseline scanWxr', ...shown.map((c) => formatCell(c.baseline(b), c.format))]),
      ...rows.map((r, i) => [`import ${r.task}`, ...shown.map((c) => formatCell(c.import(r, i), c.format))]),
    ];
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('   ');
    process.stdout.write(`\n${[line(header), ...body.map(line)].join('\n')}\n\n`);
    for (const r of rows) {
      const spent = Object.entries(r.phases ?? {})
        .filter(([, seconds]) => seconds >= 0.05)
        .map(([phase, seconds]) => `${phase} ${seconds.toFixed(1)}`);
      process.stdout.write(`import ${r.task}, seconds inside ImportService: ${spent.join(', ')}\n`);
      if (r.featuredInLibrary !== null) process.stdout.write(`  ${r.featuredInLibrary} stories have their featured image from the new media library\n`);
      if (r.mediaSkipped) process.stdout.write(`  WARNING: ${r.mediaSkipped} attachment(s) skipped, e.g. ${r.mediaSkipReasons.join('; ')}\n`);
    }
    process.stdout.write('\n');
    const media = uploadsDir
      ? `${generated.attachments.toLocaleString('en')} attachments, their files (${generated.uploads.files.toLocaleString('en')} JPEGs, 320x200, ` +
        `${(generated.uploads.bytes / 1024 / 1024).toFixed(1)} MB) imported from an uploads folder in the media pass (media s: before the second pass, ` +
        `each file read, checked, re-encoded with its WebP variants and stored); posts/s and total s include it, posts/s w/o media, comments/s and ratio leave it out. `
      : `${generated.attachments.toLocaleString('en')} attachments, not imported (--no-media: they keep their old URLs). `;
    process.stdout.write(
      `WXR ${(generated.bytes / 1024 / 1024).toFixed(0)} MB: ${posts.toLocaleString('en')} posts, ${comments.toLocaleString('en')} comments, ${media}` +
        `posts are the stories written (every status); search docs = published stories indexed. ` +
        `ratio = import posts/s without the media pass ÷ baseline (scanWxr, one read of the file) posts/s of the same run. ` +
        `The import reads the file twice (the second time in a worker thread, converting as it goes, while the main thread writes), ` +
        `so about 0.5x is still its ceiling; below it is the longer of the second pass's two sides (conversion in the worker, writes on the main thread) plus people, sections and tags.\n` +
        `node ${process.version}, ${os.cpus().length} CPUs, ${runs} run(s)\n`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
