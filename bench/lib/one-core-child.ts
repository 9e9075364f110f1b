import fs from 'node:fs';
import type { DialectName } from '../../src/platform/db/dialect.js';
import { startBaseline } from './baseline.js';
import { measure } from './measure.js';
import { startBenchSite } from './site.js';

/**
 * One side of the one-core run (one-core.ts), in its own process so `taskset` can pin it to a core:
 *   site <dialect>                                  the demo site; prints {"url"} and serves until SIGTERM
 *   baseline <body file> <status> <type> <path>     the plain node:http baseline for those bytes; the same
 *   measure <url> <duration> <connections> <warmup> autocannon (measure.ts) against url; prints the Measurement
 */
const [role, ...args] = process.argv.slice(2);

function serveUntilTerminated(url: string, close: () => Promise<void>) {
  process.stdout.write(`${JSON.stringify({ url })}\n`);
  process.once('SIGTERM', () => void close().finally(() => process.exit(0)));
}

if (role === 'site') {
  const site = await startBenchSite({ dialect: args[0] as DialectName });
  serveUntilTerminated(site.url, site.close);
} else if (role === 'baseline') {
  const [bodyFile, status, contentType, path] = args as [string, string, string, string];
  const server = await startBaseline({ status: Number(status), contentType, body: fs.readFileSync(bodyFile) }, path);
  serveUntilTerminated(server.url, server.close);
} else if (role === 'measure') {
  const [url, duration, connections, warmup] = args as [string, string, string, string];
  const result = await measure(url, { duration: Number(duration), connections: Number(connections), warmup: Number(warmup) });
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  throw new Error(`one-core-child: unknown role "${role}"`);
}
