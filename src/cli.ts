import { parseArgs } from 'node:util';
import { ConfigError, type Config, loadConfig } from './config.js';
import { hasContent, seedDemo } from './news/demo/seed.js';
import { createNewsServices } from './news/services.js';
import { systemClock } from './news/shared/clock.js';
import { DomainEventBus } from './platform/events.js';
import { openDatabase } from './platform/db/connection.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { startServer } from './server.js';

const HELP = `Usage: dateline <command> [options]

Commands:
  serve            Migrate the database, seed demo content if it is empty, and serve the site
  migrate          Bring the database schema up to date
  seed             Add the demo site's content to an empty database
  help             Show this help

Configuration comes from environment variables; see README.md (PORT, HOST, DATABASE_URL, DATA_DIR, SITE_URL, ...).
`;

async function withDatabase<T>(config: Config, work: (database: ReturnType<typeof openDatabase>) => Promise<T>): Promise<T> {
  const database = openDatabase(config.database);
  try {
    return await work(database);
  } finally {
    await database.destroy();
  }
}

export async function runCli(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { help: { type: 'boolean', short: 'h' } },
  });
  const command = positionals[0] ?? 'help';
  if (values.help || command === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  const config = loadConfig();
  switch (command) {
    case 'serve':
      await startServer(config);
      return 0;
    case 'migrate':
      return withDatabase(config, async (database) => {
        const applied = await migrateToLatest(database.db, database.dialect);
        process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'The database is up to date.\n');
        return 0;
      });
    case 'seed':
      return withDatabase(config, async (database) => {
        await migrateToLatest(database.db, database.dialect);
        if (await hasContent(database.db)) {
          process.stderr.write('The database already has content; nothing seeded (the demo site is only added to an empty database).\n');
          return 1;
        }
        const events = new DomainEventBus((event, error) => process.stderr.write(`${event} listener failed: ${String(error)}\n`));
        const { articles } = await seedDemo(createNewsServices(database, events, systemClock), config.dataDir);
        process.stdout.write(`Seeded the demo site: ${articles} articles.\n`);
        return 0;
      });
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${HELP}`);
      return 2;
  }
}

try {
  process.exitCode = await runCli(process.argv.slice(2));
} catch (error) {
  if (error instanceof ConfigError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
