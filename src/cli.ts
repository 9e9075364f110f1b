import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, type Config, loadConfig } from './config.js';
import { runSpamEval } from './news/comments/spam/eval.js';
import { hasContent, seedDemo } from './news/demo/seed.js';
import { DemoRemovalRefused } from './news/demo/demo.service.js';
import { DEMO_ITEM_KINDS, type DemoItemKind } from './news/vocabulary.js';
import { createNewsServices } from './news/services.js';
import { systemClock } from './news/shared/clock.js';
import { DomainError } from './news/shared/errors.js';
import { passwordResetUrl } from './news/staff/password-reset.service.js';
import { ROLES } from './news/staff/roles.js';
import { normalizeEmail } from './news/staff/user.service.js';
import { DomainEventBus } from './news/events.js';
import { resolveSecretKey } from './platform/security/secret-key.js';
import { createSigner } from './platform/security/signer.js';
import { generatePassword } from './platform/security/passwords.js';
import { openDatabase } from './platform/db/connection.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { LocalDiskStorage } from './platform/storage/local-disk.js';
import { startServer } from './server.js';
import { runReindex } from './reindex-command.js';
import { runWxrImport } from './import-command.js';
import { formatExportCounts, runWxrExport } from './export-command.js';
import { WxrError } from './interop/wxr/wxr.types.js';

const HELP = `Usage: dateline <command> [options]

Commands:
  serve            Migrate the database, seed demo content if it is empty, and serve the site
  migrate          Bring the database schema up to date
  seed             Add the demo site's content to an empty database
  demo remove      Remove the demo site's content (what the seed created: articles, pages, sections, tags,
                   people, images and their files, comments). Keeps staff accounts, settings and everything else;
                   refuses, saying why and deleting nothing, when that would touch anything that is not the demo's
  user create --email EMAIL --name "NAME" --role ROLE [--password PASSWORD]
                   Create a staff account. ROLE is admin, editor, author or contributor. Without --password a
                   random one is generated and printed once (a password on the command line lands in your
                   shell history; prefer the generated one)
  user reset-password --email EMAIL
                   Give an account a new random password (printed once) and sign it out everywhere
  user reset-link --email EMAIL
                   Print a single-use link (24 hours, under SITE_URL) with which the account's owner chooses a new
                   password; older links stop working. Nothing is emailed
  user disable-2fa --email EMAIL
                   Turn off two-factor sign-in for an account whose owner lost their phone and recovery codes
                   (the account then signs in with its password alone)
  spam eval --train FILE [--train FILE ...] --test FILE
                   Train the comment spam filter on labelled CSV files (ID,author,date,text,label; 1 = spam) and
                   print precision, recall, F1 and the false-positive rate on the test file
  comments purge   Delete spam and trash older than the purge setting (the server also does this hourly)
  import wxr FILE [--media-dir DIR | --fetch-media] [--dry-run] [--report FILE.json]
                   Import a WordPress export (Tools > Export; gzipped too): posts, pages, categories, tags, authors,
                   comments and the old addresses, which answer 301 to the new ones. The whole file is checked
                   first, so a bad one changes nothing; running it again changes nothing; a newer export adds and
                   updates. --media-dir is a copy of the old site's wp-content/uploads: attachments and inline
                   images come from it into the media library. --fetch-media downloads them from the old site
                   instead (https only, public addresses only, at most MEDIA_MAX_BYTES each, two at a time); with
                   neither they stay at their old URLs. --dry-run checks and reports without writing; --report also
                   writes the report as JSON
  export wxr [--out FILE]
                   Write the site as a WordPress export (WXR 1.2, which WordPress's Tools > Import reads): stories as
                   posts, pages, sections as nested categories, tags, bylines as authors, featured images as
                   attachments (their URLs), comments with their threads and statuses. To stdout without --out
  reindex          Rebuild the search index from the published articles, with a progress bar on stderr
  settings         List the site settings and their values
  settings set KEY VALUE
                   Change a setting (VALUE is JSON when it parses as JSON: true, 5, "text"; otherwise text)
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
    options: {
      help: { type: 'boolean', short: 'h' },
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
      train: { type: 'string', multiple: true },
      test: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'media-dir': { type: 'string' },
      'fetch-media': { type: 'boolean' },
      report: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const command = positionals[0] ?? 'help';
  if (values.help || command === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (command === 'spam') return spamCommand(positionals[1], values.train ?? [], values.test);
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
        const { articles } = await seedDemo(cliServices(config, database));
        process.stdout.write(`Seeded the demo site: ${articles} articles.\n`);
        return 0;
      });
    case 'demo':
      if (positionals[1] !== 'remove') {
        process.stderr.write(`Unknown demo command "${positionals[1] ?? ''}". Try: dateline demo remove\n`);
        return 2;
      }
      return withDatabase(config, async (database) => {
        await migrateToLatest(database.db, database.dialect);
        return demoRemoveCommand(cliServices(config, database));
      });
    case 'comments':
      if (positionals[1] !== 'purge') {
        process.stderr.write(`Unknown comments command "${positionals[1] ?? ''}". Try: dateline comments purge\n`);
        return 2;
      }
      return withDatabase(config, async (database) => {
        const deleted = await cliServices(config, database).comments.purge();
        process.stdout.write(`Purged ${deleted} spam or trashed comment(s).\n`);
        return 0;
      });
    case 'reindex':
      return withDatabase(config, async (database) => {
        await migrateToLatest(database.db, database.dialect);
        await runReindex(cliServices(config, database).searchIndexer, process.stderr, process.stdout);
        return 0;
      });
    case 'import':
      return importCommand(config, positionals.slice(1), {
        dryRun: Boolean(values['dry-run']),
        reportFile: values.report ?? null,
        mediaDir: values['media-dir'] ?? null,
        fetchMedia: Boolean(values['fetch-media']),
      });
    case 'export':
      return exportCommand(config, positionals.slice(1), values.out ?? null);
    case 'settings':
      return withDatabase(config, (database) => settingsCommand(cliServices(config, database), positionals.slice(1)));
    case 'user':
      if (positionals[1] === 'disable-2fa') return disableTwoFactorCommand(config, values.email);
      return userCommand(config, positionals[1], values);
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${HELP}`);
      return 2;
  }
}

async function settingsCommand(services: ReturnType<typeof cliServices>, args: string[]): Promise<number> {
  if (args.length === 0) {
    for (const [key, value] of Object.entries(await services.settings.get())) process.stdout.write(`${key} = ${JSON.stringify(value)}\n`);
    return 0;
  }
  const [sub, key, raw] = args;
  if (sub !== 'set' || !key || raw === undefined) {
    process.stderr.write('Usage: dateline settings | dateline settings set KEY VALUE\n');
    return 2;
  }
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // Not JSON: the value is the text as given.
  }
  try {
    await services.settings.update({ [key]: value });
  } catch (error) {
    if (error instanceof DomainError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  process.stdout.write(`${key} = ${JSON.stringify(value)}\n`);
  return 0;
}

async function importCommand(
  config: Config,
  args: string[],
  options: { dryRun: boolean; reportFile: string | null; mediaDir: string | null; fetchMedia: boolean },
): Promise<number> {
  const [format, file] = args;
  const usage = 'Usage: dateline import wxr FILE [--media-dir DIR | --fetch-media] [--dry-run] [--report FILE.json]\n';
  if (format !== 'wxr' || !file || args.length > 2) {
    process.stderr.write(usage);
    return 2;
  }
  if (options.mediaDir && options.fetchMedia) {
    process.stderr.write(`--media-dir and --fetch-media cannot be used together: take the files from a copy of the uploads, or download them.\n${usage}`);
    return 2;
  }
  if (options.mediaDir && !(fs.existsSync(options.mediaDir) && fs.statSync(options.mediaDir).isDirectory())) {
    process.stderr.write(`No such folder: ${options.mediaDir} (--media-dir is a copy of the old site's wp-content/uploads)\n`);
    return 2;
  }
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    process.stderr.write(`No such file: ${file}\n`);
    return 2;
  }
  return withDatabase(config, async (database) => {
    await migrateToLatest(database.db, database.dialect);
    try {
      await runWxrImport(cliServices(config, database), { file, ...options, siteUrl: config.siteUrl }, process.stderr, process.stdout);
      return 0;
    } catch (error) {
      if (error instanceof WxrError) {
        process.stderr.write(`Could not read ${file}: ${error.message}. Nothing was imported.\n`);
        return 1;
      }
      if (error instanceof DomainError) {
        process.stderr.write(`${error.message}\n`);
        return 1;
      }
      throw error;
    }
  });
}

async function exportCommand(config: Config, args: string[], outFile: string | null): Promise<number> {
  if (args[0] !== 'wxr' || args.length > 1) {
    process.stderr.write('Usage: dateline export wxr [--out FILE]\n');
    return 2;
  }
  return withDatabase(config, async (database) => {
    await migrateToLatest(database.db, database.dialect);
    const counts = await runWxrExport(cliServices(config, database), { siteUrl: config.siteUrl, outFile }, process.stdout);
    process.stderr.write(formatExportCounts(counts, outFile ?? 'stdout'));
    return 0;
  });
}

const DEMO_KIND_WORDS: Record<DemoItemKind, [string, string]> = {
  article: ['article', 'articles'],
  page: ['page', 'pages'],
  section: ['section', 'sections'],
  tag: ['tag', 'tags'],
  person: ['person', 'people'],
  media: ['image', 'images'],
  comment: ['comment', 'comments'],
};

async function demoRemoveCommand(services: ReturnType<typeof cliServices>): Promise<number> {
  let result;
  try {
    result = await services.demo.remove({ userId: null });
  } catch (error) {
    if (error instanceof DemoRemovalRefused) {
      process.stderr.write(
        `The demo was not removed, and nothing was deleted:\n${error.refusals.map((r) => `  - ${r.message}\n`).join('')}` +
          'Move, change or delete these yourself first, or keep the demo.\n',
      );
      return 1;
    }
    throw error;
  }
  const counts = DEMO_ITEM_KINDS.filter((kind) => result.removed[kind] > 0).map((kind) => {
    const [one, many] = DEMO_KIND_WORDS[kind];
    return `${result.removed[kind]} ${result.removed[kind] === 1 ? one : many}`;
  });
  if (!counts.length) {
    process.stdout.write('There is no demo content here; nothing was removed.\n');
    return 0;
  }
  process.stdout.write(`Removed the demo site: ${counts.join(', ')}; ${result.files} image files deleted.\n`);
  process.stdout.write('Staff accounts, settings and all other content were kept.\n');
  if (result.filesNotDeleted.length) {
    process.stderr.write(`These files could not be deleted (delete them by hand):\n${result.filesNotDeleted.map((key) => `  media/${key}\n`).join('')}`);
  }
  return 0;
}

async function spamCommand(sub: string | undefined, trainFiles: string[], testFile: string | undefined): Promise<number> {
  if (sub !== 'eval' || !trainFiles.length || !testFile) {
    process.stderr.write('Usage: dateline spam eval --train FILE [--train FILE ...] --test FILE\n');
    return 2;
  }
  for (const file of [...trainFiles, testFile]) {
    if (!fs.existsSync(file)) {
      process.stderr.write(`No such file: ${file}\n`);
      return 2;
    }
  }
  process.stdout.write(`${runSpamEval({ trainFiles, testFile })}\n`);
  return 0;
}

/** For a locked-out account (a sole administrator above all): no newsroom needed, so no second factor either. */
async function disableTwoFactorCommand(config: Config, email: string | undefined): Promise<number> {
  if (!email) {
    process.stderr.write('dateline user disable-2fa needs --email.\n');
    return 2;
  }
  return withDatabase(config, async (database) => {
    await migrateToLatest(database.db, database.dialect);
    const services = cliServices(config, database);
    const user = await services.staff.findByEmail(email);
    if (!user) {
      process.stderr.write(`There is no account for ${normalizeEmail(email)}.\n`);
      return 1;
    }
    const wasOn = await services.twoFactor.disableTwoFactor(user.id, { userId: null, ip: null });
    process.stdout.write(
      wasOn
        ? `Two-factor sign-in is now off for ${user.email}: it signs in with its password alone until its owner turns it on again.\n`
        : `Two-factor sign-in was not on for ${user.email}; nothing changed.\n`,
    );
    return 0;
  });
}

function cliServices(config: Config, database: ReturnType<typeof openDatabase>) {
  const events = new DomainEventBus((event, error) => process.stderr.write(`${event} listener failed: ${String(error)}\n`));
  // The same media store as the app's, so `dateline seed` can put the demo's images in the library.
  return createNewsServices({
    db: database.db,
    events,
    clock: systemClock,
    signer: createSigner(resolveSecretKey(config)),
    media: { storage: new LocalDiskStorage(path.join(config.dataDir, 'media')), maxBytes: config.mediaMaxBytes },
  });
}

async function userCommand(
  config: Config,
  subcommand: string | undefined,
  values: { email?: string; name?: string; role?: string; password?: string },
): Promise<number> {
  if (subcommand !== 'create' && subcommand !== 'reset-password' && subcommand !== 'reset-link') {
    process.stderr.write(`Unknown user command "${subcommand ?? ''}": use "user create", "user reset-password" or "user reset-link".\n\n${HELP}`);
    return 2;
  }
  const email = values.email;
  if (!email) {
    process.stderr.write(`dateline user ${subcommand} needs --email.\n`);
    return 2;
  }
  return withDatabase(config, async (database) => {
    await migrateToLatest(database.db, database.dialect);
    const services = cliServices(config, database);
    try {
      if (subcommand === 'create') {
        if (!values.name || !values.role) {
          process.stderr.write(`dateline user create needs --email, --name and --role (${ROLES.join(', ')}).\n`);
          return 2;
        }
        const password = values.password ?? generatePassword();
        const user = await services.staff.create({ email, displayName: values.name, role: values.role, password });
        await services.audit.record({
          actorId: null,
          action: 'user.created',
          subjectType: 'user',
          subjectId: user.id,
          after: { email: user.email, role: user.role, via: 'cli' },
        });
        process.stdout.write(`Created ${user.role} ${user.displayName} <${user.email}>.\n`);
        if (!values.password) process.stdout.write(`Password (shown only now): ${password}\n`);
        return 0;
      }
      if (subcommand === 'reset-link') {
        const user = await services.staff.getByEmail(email);
        const link = await services.passwordResets.issueReset(user.id, { userId: null, via: 'cli' });
        process.stdout.write(
          `Password link for ${user.email}, valid once until ${link.expiresAt} (older links no longer work):\n${passwordResetUrl(config.siteUrl, link.token)}\n`,
        );
        return 0;
      }
      const { user, password } = await services.staff.resetPassword(email);
      await services.audit.record({ actorId: null, action: 'user.password_reset', subjectType: 'user', subjectId: user.id, after: { via: 'cli' } });
      process.stdout.write(`New password for ${user.email} (shown only now): ${password}\nEvery session of this account has been signed out.\n`);
      return 0;
    } catch (error) {
      if (error instanceof DomainError) {
        process.stderr.write(`${error.message}\n`);
        return 1;
      }
      throw error;
    }
  });
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
