import { buildApp } from './app.js';
import { startBackgroundJobs } from './background-jobs.js';
import type { Config } from './config.js';
import { hasContent, seedDemo } from './news/demo/seed.js';
import { openDatabase } from './platform/db/connection.js';
import { prepareDatabase } from './platform/db/prepare.js';

/**
 * The one-time notice for the first administrator's password. It goes to stdout only, never to the log: whoever
 * started the server reads it once, signs in and changes it.
 */
export function firstAdminNotice(email: string, password: string, loginUrl: string): string {
  const lines = [
    'An administrator account was created because there were no staff accounts.',
    '',
    `  Sign in at: ${loginUrl}`,
    `  Email:      ${email}`,
    `  Password:   ${password}`,
    '',
    'This password is shown only this once. Sign in now and change it',
    '(Newsroom > Change password), or reset it later with:',
    `  npx dateline user reset-password --email ${email}`,
  ];
  const width = Math.max(...lines.map((line) => line.length));
  const border = `+${'-'.repeat(width + 2)}+`;
  return ['', border, ...lines.map((line) => `| ${line.padEnd(width)} |`), border, ''].join('\n') + '\n';
}

/**
 * Opens the database, migrates it, seeds the demo site into an empty one, and listens. SIGTERM and SIGINT close the
 * server gracefully: no new connections, in-flight requests finish, then the database closes.
 */
export async function startServer(config: Config): Promise<void> {
  const database = openDatabase(config.database);
  const app = await buildApp({ config, database });
  let firstAdmin: Awaited<ReturnType<typeof app.services.staff.ensureFirstAdmin>> = null;
  try {
    await prepareDatabase(database, app.log);
    if (config.seedDemo && !(await hasContent(database.db))) {
      if (await app.services.demo.wasRemoved()) {
        app.log.info('the database is empty but its demo was removed (dateline demo remove): not seeding it again');
      } else {
        const { articles } = await seedDemo(app.services);
        app.log.info({ articles }, 'seeded the demo site into the empty database');
      }
    }
    firstAdmin = await app.services.staff.ensureFirstAdmin(config.adminEmail);
    if (firstAdmin) {
      // The password itself is never logged; see firstAdminNotice.
      app.log.info({ userId: firstAdmin.user.id, email: firstAdmin.user.email }, 'created the first administrator account');
    }
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    app.log.fatal({ err: error }, 'could not start');
    await app.close();
    process.exitCode = 1;
    return;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  process.stdout.write(`\nDateline is running: open http://${shownHost}:${port}/\n(public URL: ${config.siteUrl}/; stop with Ctrl+C)\n\n`);
  if (firstAdmin) {
    process.stdout.write(firstAdminNotice(firstAdmin.user.email, firstAdmin.password, `http://${shownHost}:${port}/newsroom/login`));
    firstAdmin = null;
  }

  const stopBackgroundJobs = startBackgroundJobs(app);

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    stopBackgroundJobs();
    app.log.info({ signal }, 'shutting down');
    // If something hangs, do not hang forever: a supervisor expects the process to exit.
    const timer = setTimeout(() => {
      app.log.error('shutdown timed out after 10s; exiting');
      process.exit(1);
    }, 10_000);
    timer.unref();
    app.close().then(
      () => app.log.info('closed cleanly'),
      (error) => {
        app.log.error({ err: error }, 'error while closing');
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
