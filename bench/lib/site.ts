import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../../src/app.js';
import { type DatabaseConfig, loadConfig } from '../../src/config.js';
import { seedDemo } from '../../src/news/demo/seed.js';
import { type DatabaseHandle, openDatabase } from '../../src/platform/db/connection.js';
import type { DialectName } from '../../src/platform/db/dialect.js';
import { prepareDatabase } from '../../src/platform/db/prepare.js';
import { type DatasetSize, type DatasetTimings, preparePostgresDataset, prepareSqliteDataset } from './dataset.js';

export interface BenchSiteOptions {
  dialect: DialectName;
  /** PostgreSQL only; defaults to env DATABASE_URL. */
  databaseUrl?: string;
  /**
   * Trust X-Forwarded-For (TRUST_PROXY=true), so a scenario can present many readers from one loopback client, each
   * with its own address in the header, and per-address rules (comment flood control) apply per reader.
   */
  trustProxy?: boolean;
  /**
   * Serve a generated archive of this many articles and comments (bench/lib/dataset.ts) instead of the demo site.
   * Built once and cached (see dataset.ts); `resultsDir` is where the SQLite copy is kept.
   */
  dataset?: DatasetSize & { resultsDir: string };
}

export interface BenchSite {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  app: FastifyInstance;
  /** The app's own database handle, for checking what was stored (the app closes it on close). */
  database: DatabaseHandle;
  dataDir: string;
  /** When this run built the dataset: how long inserting and indexing took. */
  datasetBuilt: DatasetTimings | null;
  close(): Promise<void>;
}

async function adminQuery(connectionString: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * The demo site, listening on a free port: a temp DATA_DIR with an SQLite file database, or a fresh PostgreSQL
 * schema (bench_<random>, dropped on close). Migrated and seeded like a first start of `npm start`.
 */
export async function startBenchSite(options: BenchSiteOptions): Promise<BenchSite> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-bench-'));
  const cleanups: Array<() => Promise<void> | void> = [() => fs.rmSync(dataDir, { recursive: true, force: true })];
  // Undo in reverse order: app (and its database pool), then the PostgreSQL schema, then the temp dir.
  const cleanup = async () => {
    for (let step = cleanups.pop(); step; step = cleanups.pop()) await step();
  };

  try {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      SEED_DEMO: 'false',
      TRUST_PROXY: options.trustProxy ? 'true' : 'false',
    });
    let databaseConfig: DatabaseConfig = config.database;
    let datasetBuilt: DatasetTimings | null = null;
    if (options.dialect === 'postgres') {
      const connectionString = options.databaseUrl ?? process.env.DATABASE_URL;
      if (!connectionString) throw new Error('--dialect postgres needs DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)');
      let schema: string;
      if (options.dataset) {
        // The dataset's schema is kept for the next run (see preparePostgresDataset).
        const prepared = await preparePostgresDataset(connectionString, options.dataset);
        schema = prepared.postgresSchema!;
        datasetBuilt = prepared.built;
      } else {
        schema = `bench_${randomBytes(6).toString('hex')}`;
        await adminQuery(connectionString, `create schema ${schema}`);
        cleanups.push(() => adminQuery(connectionString, `drop schema if exists ${schema} cascade`));
      }
      databaseConfig = { dialect: 'postgres', connectionString, schema, poolSize: 10 };
    } else if (options.dataset) {
      const prepared = await prepareSqliteDataset(options.dataset.resultsDir, options.dataset, dataDir);
      databaseConfig = { dialect: 'sqlite', filename: prepared.sqliteFile! };
      datasetBuilt = prepared.built;
    }

    const database = openDatabase(databaseConfig);
    let app: FastifyInstance;
    try {
      app = await buildApp({ config: { ...config, database: databaseConfig }, database });
    } catch (error) {
      await database.destroy();
      throw error;
    }
    // The app closes the database when it closes.
    cleanups.push(() => app.close());
    await prepareDatabase(database, app.log);
    if (!options.dataset) await seedDemo(app.services);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, app, database, dataDir, datasetBuilt, close: cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
