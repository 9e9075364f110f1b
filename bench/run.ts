import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { DialectName } from '../src/platform/db/dialect.js';
import { snapshot, startBaseline } from './lib/baseline.js';
import { type CommentScenarioResult, runCommentScenario } from './lib/comments.js';
import { type Measurement, measure } from './lib/measure.js';
import { type OneCoreResult, runOneCore } from './lib/one-core.js';
import { type PageKindsResult, runPageKinds } from './lib/page-kinds.js';
import { scenarios } from './lib/scenarios.js';
import { type SearchScenarioResult, runSearchScenario } from './lib/search.js';
import { type BenchSite, startBenchSite } from './lib/site.js';

interface Row extends Measurement {
  scenario: string;
  path: string;
  target: 'dateline' | 'baseline';
  status: number;
  bytes: number;
  /** req/s divided by the baseline's req/s for the same scenario. */
  ratio: number;
}

function positiveInteger(name: string, raw: string): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1) throw new Error(`--${name} must be a whole number of at least 1; got "${raw}"`);
  return value;
}

// `--only wxr`: the WordPress import benchmark (bench/wxr-import.ts), with the other flags passed through; no site.
const onlyAt = process.argv.indexOf('--only');
if (onlyAt !== -1 && process.argv[onlyAt + 1] === 'wxr') {
  const rest = process.argv.slice(2).filter((_, i) => i !== onlyAt - 2 && i !== onlyAt - 1);
  const wxrBench = path.join(path.dirname(fileURLToPath(import.meta.url)), 'wxr-import.ts');
  const result = spawnSync(process.execPath, [...process.execArgv, wxrBench, ...rest], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    dialect: { type: 'string', default: 'sqlite' },
    only: { type: 'string' },
    commenters: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '50' },
    articles: { type: 'string' },
    comments: { type: 'string' },
    'page-repetitions': { type: 'string', default: '50' },
    'search-repetitions': { type: 'string', default: '30' },
    'search-concurrency': { type: 'string', default: '1' },
  },
});
const duration = positiveInteger('duration', values.duration);
const connections = positiveInteger('connections', values.connections);
const commenters = positiveInteger('commenters', values.commenters);
const concurrency = positiveInteger('concurrency', values.concurrency);
if (values.dialect !== 'sqlite' && values.dialect !== 'postgres') throw new Error(`--dialect must be sqlite or postgres; got "${values.dialect}"`);
const dialect: DialectName = values.dialect;
const ONLY = ['pages', 'comments', 'search', 'one-core'];
if (values.only !== undefined && !ONLY.includes(values.only)) throw new Error(`--only must be one of ${ONLY.join(', ')}; got "${values.only}"`);
const articles = values.articles === undefined ? null : positiveInteger('articles', values.articles);
if (values.comments !== undefined && articles === null) throw new Error('--comments needs --articles N (it sizes the generated archive)');
if (values.comments !== undefined && !/^\d+$/.test(values.comments)) throw new Error(`--comments must be a whole number; got "${values.comments}"`);
const datasetComments = articles === null ? 0 : values.comments === undefined ? 10 * articles : Number(values.comments);
const pageRepetitions = positiveInteger('page-repetitions', values['page-repetitions']);
const searchRepetitions = positiveInteger('search-repetitions', values['search-repetitions']);
const searchConcurrency = positiveInteger('search-concurrency', values['search-concurrency']);
if (values.only === 'search' && articles === null) throw new Error('--only search needs --articles N (the demo site has a dozen articles)');
if (values.only === 'one-core' && articles !== null) throw new Error('--only one-core measures the demo article: leave out --articles');
// Without --only: pages and comments, plus search when there is a generated archive to search.
const runPages = values.only === undefined || values.only === 'pages';
const runComments = values.only === undefined || values.only === 'comments';
const runSearch = values.only === 'search' || (values.only === undefined && articles !== null);
const warmup = duration < 5 ? 1 : 2;
// Both targets get exactly these request headers (autocannon adds only host): no accept-encoding, so both send the
// same uncompressed bytes.
const headers: Record<string, string> = {};

const progress = (message: string) => process.stderr.write(`${message}\n`);
const cpus = os.cpus().length;
const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');

async function runPageScenarios(site: BenchSite): Promise<Row[]> {
  const rows: Row[] = [];
  for (const scenario of scenarios) {
    const pagePath = await scenario.resolvePath(site);
    const page = await snapshot(`${site.url}${pagePath}`, headers);
    if (page.status !== 200) throw new Error(`${scenario.name} (${pagePath}) answered ${page.status}, not 200`);
    const baseline = await startBaseline(page, pagePath);
    try {
      const opts = { duration, connections, warmup, headers };
      progress(`${scenario.name} ${pagePath} (${page.body.length} bytes): dateline…`);
      const app = await measure(`${site.url}${pagePath}`, opts);
      progress(`${scenario.name} ${pagePath}: baseline…`);
      const base = await measure(baseline.url, opts);
      const common = { scenario: scenario.name, path: pagePath, status: page.status, bytes: page.body.length };
      rows.push({ ...common, target: 'dateline', ...app, ratio: app.requestsPerSecond / base.requestsPerSecond });
      rows.push({ ...common, target: 'baseline', ...base, ratio: 1 });
    } finally {
      await baseline.close();
    }
  }
  return rows;
}

/** Two decimals, or two significant digits for small ratios so 0.004x does not print as 0.00x. */
const formatRatio = (ratio: number) => `${ratio >= 0.1 ? ratio.toFixed(2) : ratio.toPrecision(2)}x`;

/** Columns separated by three spaces; the columns listed in `numeric` are right-aligned. */
function table(header: string[], body: string[][], numeric: (column: number) => boolean): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('   ')
      .trimEnd();
  return [line(header), ...body.map(line)].join('\n');
}

function pageTable(rows: Row[]): string {
  const header = ['scenario', 'target', 'req/s', 'p99 ms', 'ratio req/s vs baseline'];
  const body = rows.map((r) => [r.scenario, r.target, Math.round(r.requestsPerSecond).toString(), r.latencyMs.p99.toString(), formatRatio(r.ratio)]);
  return table(header, body, (i) => i >= 2 && i < 4);
}

function pageKindsReport(result: PageKindsResult): string {
  const header = ['kind', 'path', 'status', 'bytes', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'];
  const body = result.rows.map((r) => [r.kind, r.path, String(r.status), String(r.bytes), ...[r.p50, r.p95, r.p99, r.max].map(String)]);
  const lines = [table(header, body, (i) => i >= 2)];
  for (const r of result.rows.filter((r) => r.non2xx))
    lines.push(`WARNING: ${r.kind} ${r.path} answered non-2xx ${r.non2xx} of ${r.requests} times (first: ${r.status})`);
  for (const skipped of result.skipped) lines.push(`skipped: ${skipped}`);
  return lines.join('\n');
}

function oneCoreReport(r: OneCoreResult): string {
  const header = ['one core', 'target', 'req/s', 'p50 ms', 'p99 ms', 'ratio req/s vs baseline'];
  const row = (target: string, m: Measurement, ratio: number) => [
    r.articlePath,
    target,
    Math.round(m.requestsPerSecond).toString(),
    m.latencyMs.p50.toString(),
    m.latencyMs.p99.toString(),
    formatRatio(ratio),
  ];
  const where = r.pinned ? 'server (WORKERS=1) on CPU 0 and autocannon on CPU 1 (taskset)' : 'unpinned (no taskset)';
  const lines = [table(header, [row('dateline', r.dateline, r.ratio), row('baseline', r.baseline, 1)], (i) => i >= 2 && i < 5), ''];
  lines.push(`node ${process.version}, ${dialect}, ${r.bytes} bytes, ${duration}s per run (+${warmup}s warm-up), ${connections} connections, ${where}`);
  for (const [target, m] of [
    ['dateline', r.dateline],
    ['baseline', r.baseline],
  ] as const) {
    if (m.errors || m.timeouts || m.non2xx) lines.push(`note: ${target} had ${m.errors} errors, ${m.timeouts} timeouts, ${m.non2xx} non-2xx responses`);
  }
  return lines.join('\n');
}

const count = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([key, n]) => `${key}: ${n}`)
    .join(', ') || 'none';

function commentReport(c: CommentScenarioResult): string {
  const header = ['scenario', 'commenters', 'posts', 'acknowledged', 'rejected', 'errors', 'posts/s', 'p50 ms', 'p99 ms'];
  const rejected = Object.values(c.rejected).reduce((sum, n) => sum + n, 0);
  const cells = [c.commenters, c.posts, c.acknowledged, rejected, c.errors, c.postsPerSecond, c.latencyMs.p50, c.latencyMs.p99].map((n) =>
    Math.round(n).toString(),
  );
  const lines = [
    table(header, [['comment posts', ...cells]], (i) => i >= 1),
    '',
    `article: ${c.articlePath}; ${c.acknowledgedReplies} of the acknowledged were replies; stored as ${count(c.storedAs)}`,
    `rejected by status: ${count(c.rejected)}`,
    ...Object.entries(c.rejectedReasons).map(([reason, n]) => `  ${n} × ${reason}`),
    `lost: ${c.lost}`,
  ];
  if (c.lost > 0) {
    lines.push(`WARNING: ${c.lost} comment(s) were acknowledged (2xx/3xx) but are not in the database as sent:`);
    lines.push(...c.lostDetails.slice(0, 10).map((detail) => `  ${detail}`));
    if (c.lostDetails.length > 10) lines.push(`  … and ${c.lostDetails.length - 10} more (all in bench/results/latest.json)`);
  }
  if (c.pageErrors) lines.push(`note: ${c.pageErrors} commenters could not load the article page and posted nothing`);
  for (const sample of c.errorSamples) lines.push(`note: ${sample}`);
  return lines.join('\n');
}

// `--only one-core`: the site and the baseline in child processes pinned to CPU 0, autocannon on CPU 1; no in-process site.
if (values.only === 'one-core') {
  const oneCore = await runOneCore(dialect, { duration, connections, warmup }, progress);
  process.stdout.write(`\n${oneCoreReport(oneCore)}\n`);
  fs.mkdirSync(resultsDir, { recursive: true });
  const report = { date: new Date().toISOString(), node: process.version, cpus, dialect, duration, warmup, connections, oneCore };
  fs.writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  progress(`results written to bench/results/latest.json`);
  process.exit(0);
}

const started = Date.now();
progress(
  articles === null
    ? `starting the demo site on ${dialect}…`
    : `starting the site on a ${articles.toLocaleString('en')}-article archive with ${datasetComments.toLocaleString('en')} comments on ${dialect}…`,
);
// TRUST_PROXY only when commenters post: each presents its own address in X-Forwarded-For.
const site = await startBenchSite({
  dialect,
  trustProxy: runComments,
  ...(articles === null ? {} : { dataset: { articles, comments: datasetComments, resultsDir } }),
});
// Peak RSS while the scenarios run, sampled: the process's own maxRSS would include building a dataset.
let peakRssBytes = process.memoryUsage().rss;
const rssSampler = setInterval(() => {
  peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss);
}, 50);
let interrupted = false;
process.once('SIGINT', () => {
  interrupted = true;
  progress('interrupted: cleaning up');
  void site.close().finally(() => process.exit(130));
});

let rows: Row[] = [];
let pageKinds: PageKindsResult | null = null;
let comments: CommentScenarioResult | null = null;
let search: SearchScenarioResult | null = null;
try {
  // Pages first, so they are measured on the seeded site and not on an article with hundreds of new comments.
  if (runPages) {
    progress(`page kinds: ${pageRepetitions} rounds of one uncached request per kind, one at a time…`);
    pageKinds = await runPageKinds(site, { repetitions: pageRepetitions, generated: articles !== null });
    rows = await runPageScenarios(site);
  }
  if (runComments) {
    progress(`comment posts: ${commenters} commenters open the article, wait, then post ${concurrency} at a time…`);
    comments = await runCommentScenario(site, { commenters, concurrency });
  }
  if (runSearch) {
    progress(`search: ${searchRepetitions} rounds of each query, ${searchConcurrency} at a time…`);
    search = await runSearchScenario(site, { repetitions: searchRepetitions, concurrency: searchConcurrency });
  }
} finally {
  clearInterval(rssSampler);
  if (!interrupted) await site.close();
}
const peakRssMb = Math.round(peakRssBytes / 1024 / 1024);

if (pageKinds) {
  const size = articles === null ? 'the demo site' : `${articles.toLocaleString('en')} articles, ${datasetComments.toLocaleString('en')} comments`;
  process.stdout.write(`\n${pageKindsReport(pageKinds)}\n\n`);
  process.stdout.write(
    `node ${process.version}, ${dialect}, ${size}, ${pageKinds.repetitions} rounds after ${pageKinds.warmupRounds} warm-up, one request at a time, ${cpus} CPUs\n`,
  );
}
if (runPages) {
  const environment = `node ${process.version}, ${dialect}, ${duration}s per run (+${warmup}s warm-up), ${connections} connections, ${cpus} CPUs`;
  process.stdout.write(`\n${pageTable(rows)}\n\n${environment}\n`);
  for (const r of rows.filter((r) => r.errors || r.timeouts || r.non2xx)) {
    process.stdout.write(`note: ${r.scenario} / ${r.target} had ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx responses\n`);
  }
}
if (comments) {
  const environment =
    `node ${process.version}, ${dialect}, ${comments.commenters} commenters, ${comments.concurrency} posts in flight, ` +
    `${comments.waitMs / 1000} s wait after the page loads, ${cpus} CPUs`;
  process.stdout.write(`\n${commentReport(comments)}\n\n${environment}\n`);
}

process.stdout.write(`\nmemory: peak RSS ${peakRssMb} MB while the scenarios ran (the site and the bench's own client share the process)\n`);
if (site.datasetBuilt) {
  const b = site.datasetBuilt;
  process.stdout.write(
    `\ndataset: built ${b.articles.toLocaleString('en')} articles and ${b.comments.toLocaleString('en')} comments: inserted in ${b.insertSeconds.toFixed(1)} s, ` +
      `search index (reindex) in ${(b.index.milliseconds / 1000).toFixed(1)} s\n`,
  );
}
if (search) {
  const header = ['search', 'requests', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'];
  const cells = (r: { requests: number; p50: number; p95: number; p99: number; max: number }) => [r.requests, r.p50, r.p95, r.p99, r.max].map(String);
  const body = [...search.rows.map((r) => [r.type, ...cells(r)]), ['overall', ...cells(search.overall)]];
  process.stdout.write(`\n${table(header, body, (i) => i >= 1)}\n\n`);
  for (const r of search.rows) r.queries.forEach((q, i) => process.stdout.write(`  ${r.type}: ${decodeURIComponent(q)} → ${r.matches[i]}\n`));
  process.stdout.write(
    `\nnode ${process.version}, ${dialect}, ${articles?.toLocaleString('en')} articles, ${searchConcurrency} request(s) in flight, ` +
      `${searchRepetitions} rounds, ${os.cpus().length} CPUs${search.errors ? `, ${search.errors} errors` : ''}\n`,
  );
}
fs.mkdirSync(resultsDir, { recursive: true });
const report = {
  date: new Date(started).toISOString(),
  node: process.version,
  platform: `${os.platform()} ${os.arch()}`,
  cpus,
  dialect,
  duration: runPages ? duration : null,
  warmup: runPages ? warmup : null,
  connections: runPages ? connections : null,
  results: rows,
  pageKinds,
  comments,
  articles,
  datasetComments: articles === null ? null : datasetComments,
  dataset: site.datasetBuilt,
  search,
  peakRssMb,
};
fs.writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
progress(`results written to bench/results/latest.json`);
