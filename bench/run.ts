import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { DialectName } from '../src/platform/db/dialect.js';
import { snapshot, startBaseline } from './lib/baseline.js';
import { type Measurement, measure } from './lib/measure.js';
import { scenarios } from './lib/scenarios.js';
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

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    dialect: { type: 'string', default: 'sqlite' },
  },
});
const duration = positiveInteger('duration', values.duration);
const connections = positiveInteger('connections', values.connections);
if (values.dialect !== 'sqlite' && values.dialect !== 'postgres') throw new Error(`--dialect must be sqlite or postgres; got "${values.dialect}"`);
const dialect: DialectName = values.dialect;
const warmup = duration < 5 ? 1 : 2;
// Both targets get exactly these request headers (autocannon adds only host): no accept-encoding, so both send the
// same uncompressed bytes.
const headers: Record<string, string> = {};

const progress = (message: string) => process.stderr.write(`${message}\n`);

async function runAll(site: BenchSite): Promise<Row[]> {
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

function table(rows: Row[]): string {
  const header = ['scenario', 'target', 'req/s', 'p99 ms', 'ratio req/s vs baseline'];
  const body = rows.map((r) => [r.scenario, r.target, Math.round(r.requestsPerSecond).toString(), r.latencyMs.p99.toString(), formatRatio(r.ratio)]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 && i < 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('   ').trimEnd();
  return [line(header), ...body.map(line)].join('\n');
}

const started = Date.now();
progress(`starting the demo site on ${dialect}…`);
const site = await startBenchSite({ dialect });
let interrupted = false;
process.once('SIGINT', () => {
  interrupted = true;
  progress('interrupted: cleaning up');
  void site.close().finally(() => process.exit(130));
});

let rows: Row[];
try {
  rows = await runAll(site);
} finally {
  if (!interrupted) await site.close();
}

const environment = `node ${process.version}, ${dialect}, ${duration}s per run (+${warmup}s warm-up), ${connections} connections, ${os.cpus().length} CPUs`;
process.stdout.write(`\n${table(rows)}\n\n${environment}\n`);
for (const r of rows.filter((r) => r.errors || r.timeouts || r.non2xx)) {
  process.stdout.write(`note: ${r.scenario} / ${r.target} had ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx responses\n`);
}

const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
fs.mkdirSync(resultsDir, { recursive: true });
const report = {
  date: new Date(started).toISOString(),
  node: process.version,
  platform: `${os.platform()} ${os.arch()}`,
  cpus: os.cpus().length,
  dialect,
  duration,
  warmup,
  connections,
  results: rows,
};
fs.writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
progress(`results written to bench/results/latest.json`);
