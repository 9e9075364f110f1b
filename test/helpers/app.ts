import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type AppOptions, buildApp } from '../../src/app.js';
import { startBackgroundJobs } from '../../src/background-jobs.js';
import { type Config, loadConfig } from '../../src/config.js';
import { seedDemo } from '../../src/news/demo/seed.js';
import type { Clock } from '../../src/news/shared/clock.js';
import type { DatabaseHandle } from '../../src/platform/db/connection.js';
import type { DialectName } from '../../src/platform/db/dialect.js';
import { createTestDatabase } from './database.js';

export const TEST_SITE_URL = 'http://news.test';

export interface TestApp {
  app: FastifyInstance;
  config: Config;
  /** The app's database, for tests that look at or set up rows directly. */
  database: DatabaseHandle;
  close(): Promise<void>;
}

/**
 * The whole app on a fresh database of the given dialect, optionally with the demo site seeded, and optionally with
 * the server's periodic jobs running (`backgroundJobs`: the scheduler ticking every few seconds, as in production).
 */
export async function createTestApp(
  dialect: DialectName,
  options: { seed?: boolean; clock?: Clock; env?: Record<string, string>; webhooks?: AppOptions['webhooks']; backgroundJobs?: boolean } = {},
): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-test-'));
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, SITE_URL: TEST_SITE_URL, ...options.env });
  const database = await createTestDatabase(dialect);
  const app = await buildApp({ config, database, clock: options.clock, webhooks: options.webhooks });
  if (options.seed) await seedDemo(app.services);
  const stopBackgroundJobs = options.backgroundJobs ? startBackgroundJobs(app) : null;
  return {
    app,
    config,
    database,
    async close() {
      stopBackgroundJobs?.();
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
