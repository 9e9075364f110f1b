import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect, POSTGRES_URL } from '../test/helpers/database.js';
import { loadConfig } from './config.js';
import { demoContent } from './news/demo/demo-content.js';
import { createNewsServices } from './news/services.js';
import { systemClock } from './news/shared/clock.js';
import { openDatabase } from './platform/db/connection.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { DomainEventBus } from './news/events.js';
import { createSigner } from './platform/security/signer.js';
import { firstAdminNotice } from './server.js';
import { scanWxr } from './interop/wxr/wxr-reader.js';

const run = promisify(execFile);
const BIN = path.resolve('bin/dateline.js');

describeEachDialect('dateline user (command line)', (dialect) => {
  let dataDir: string;
  let env: Record<string, string>;
  let schema: string | null = null;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-cli-'));
    env = { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'test', SITE_URL: 'https://news.example' } as Record<string, string>;
    if (dialect === 'postgres') {
      schema = `test_cli_${process.pid}_${Date.now()}`;
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`create schema ${schema}`);
      await client.end();
      const url = new URL(POSTGRES_URL!);
      url.searchParams.set('options', `-c search_path=${schema}`);
      env.DATABASE_URL = url.href;
    }
  });
  afterAll(async () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (schema) {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    }
  });

  const dateline = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it('creates an account with a generated password, refuses bad input, and resets the password', async () => {
    const created = await dateline('user', 'create', '--email', 'Jane@Example.test', '--name', 'Jane Doe', '--role', 'editor');
    expect(created.stderr).toBe('');
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('Created editor Jane Doe <jane@example.test>.');
    expect(created.stdout).toMatch(/Password \(shown only now\): [A-Za-z0-9]{20}\n/);

    const again = await dateline('user', 'create', '--email', 'jane@example.test', '--name', 'Jane', '--role', 'editor');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('There is already an account for jane@example.test.');

    const bad = await dateline('user', 'create', '--email', 'x@example.test', '--name', 'X', '--role', 'boss', '--password', 'short');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('The role must be one of admin, editor, author, contributor.');
    expect(bad.stderr).toContain('The password must be at least 12 characters long.');

    const reset = await dateline('user', 'reset-password', '--email', 'JANE@example.test');
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).toMatch(/New password for jane@example.test \(shown only now\): [A-Za-z0-9]{20}\n/);
    expect((await dateline('user', 'reset-password', '--email', 'nobody@example.test')).stderr).toContain('There is no account for nobody@example.test.');
  }, 60_000);

  it('turns two-factor sign-in off for a locked-out account', async () => {
    expect((await dateline('user', 'create', '--email', 'locked@example.test', '--name', 'Locked Out', '--role', 'admin')).code).toBe(0);
    const database = openDatabase(loadConfig(env).database);
    try {
      const user = await database.db.selectFrom('users').select('id').where('email', '=', 'locked@example.test').executeTakeFirstOrThrow();
      const now = new Date().toISOString();
      await database.db
        .insertInto('user_two_factor')
        .values({ user_id: user.id, secret_ciphertext: 'v1.sealed', enabled_at: now, last_used_step: null, created_at: now })
        .execute();

      const off = await dateline('user', 'disable-2fa', '--email', 'Locked@Example.test');
      expect(off.code, off.stderr).toBe(0);
      expect(off.stdout).toContain('Two-factor sign-in is now off for locked@example.test');
      expect(await database.db.selectFrom('user_two_factor').select('user_id').where('user_id', '=', user.id).execute()).toEqual([]);
      const audit = await database.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.2fa_disabled').executeTakeFirstOrThrow();
      expect(audit).toMatchObject({ actor_user_id: null, subject_id: String(user.id), after_json: '{"by":"cli"}' });

      expect((await dateline('user', 'disable-2fa', '--email', 'locked@example.test')).stdout).toContain(
        'was not on for locked@example.test; nothing changed.',
      );
      const nobody = await dateline('user', 'disable-2fa', '--email', 'nobody@example.test');
      expect(nobody.code).toBe(1);
      expect(nobody.stderr).toContain('There is no account for nobody@example.test.');
    } finally {
      await database.destroy();
    }
  }, 120_000);

  it('prints a password link under SITE_URL that lets the owner choose a password, once', async () => {
    const database = openDatabase(loadConfig(env).database);
    try {
      await migrateToLatest(database.db, database.dialect);
      const services = createNewsServices({ db: database.db, events: new DomainEventBus(() => {}), clock: systemClock, signer: createSigner('k'.repeat(32)) });
      await services.staff.create({ email: 'linked@example.test', displayName: 'Link Person', role: 'author', password: 'the password before' });

      const first = await dateline('user', 'reset-link', '--email', 'Linked@Example.test');
      expect(first.code, first.stderr).toBe(0);
      const second = await dateline('user', 'reset-link', '--email', 'linked@example.test');
      const linkPattern =
        /^Password link for linked@example\.test, valid once until \S+Z \(older links no longer work\):\nhttps:\/\/news\.example\/newsroom\/reset\/([A-Za-z0-9_-]{43})\n$/;
      expect(second.stdout).toMatch(linkPattern);
      const [older, newer] = [first, second].map((result) => result.stdout.match(linkPattern)![1]!);

      expect(await services.passwordResets.check(older!)).toBeNull();
      await services.passwordResets.redeem(newer!, 'chosen from the command line', null);
      expect(await services.staff.authenticate('linked@example.test', 'chosen from the command line')).not.toBeNull();
      const [issued] = await services.audit.list({ action: 'user.reset_link_issued' });
      expect(issued).toMatchObject({ actorId: null, after: { via: 'cli' } });
    } finally {
      await database.destroy();
    }
  }, 120_000);

  it('dateline seed puts the demo site and its images in the media library once, and refuses a second time', async () => {
    const seeded = await dateline('seed');
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(seeded.stdout).toMatch(/^Seeded the demo site: \d+ articles\.\n$/);
    const again = await dateline('seed');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('The database already has content; nothing seeded');
    const database = openDatabase(loadConfig(env).database);
    try {
      const media = await database.db.selectFrom('media').select(['storage_key', 'width', 'alt']).execute();
      expect(media).toHaveLength(13);
      for (const item of media) {
        expect(item.width).toBe(1200);
        expect(item.alt).not.toBe('');
        expect(fs.existsSync(path.join(dataDir, 'media', ...item.storage_key.split('/')))).toBe(true);
      }
    } finally {
      await database.destroy();
    }
  }, 120_000);

  it('dateline demo remove refuses, saying why, while a real story is in a demo section; then removes the demo and its files', async () => {
    // The test above seeded this database; the tests before it made staff accounts.
    const database = openDatabase(loadConfig(env).database);
    try {
      const services = createNewsServices({ db: database.db, events: new DomainEventBus(() => {}), clock: systemClock, signer: createSigner('k'.repeat(32)) });
      const world = (await services.taxonomy.findSection('world'))!.section;
      const real = await services.articles.create({ title: 'A story of our own', primarySectionId: world.id });
      const files = (await database.db.selectFrom('media').select(['storage_key', 'variants']).execute()).flatMap((row) =>
        [row.storage_key, ...(JSON.parse(row.variants) as { key: string }[]).map((v) => v.key)].map((key) => path.join(dataDir, 'media', ...key.split('/'))),
      );
      const users = await database.db.selectFrom('users').select('email').orderBy('id').execute();

      const refused = await dateline('demo', 'remove');
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toBe(
        'The demo was not removed, and nothing was deleted:\n' +
          `  - “A story of our own” (article ${real}) is not the demo’s and is filed in the demo section “World”.\n` +
          'Move, change or delete these yourself first, or keep the demo.\n',
      );
      expect(files.every((file) => fs.existsSync(file))).toBe(true);

      await services.articles.update(real, { primarySectionId: null, sectionIds: [] });
      const removed = await dateline('demo', 'remove');
      expect(removed.code, removed.stderr).toBe(0);
      const tags = new Set(demoContent.articles.flatMap((a) => a.tags)).size;
      expect(removed.stdout).toBe(
        `Removed the demo site: ${demoContent.articles.length} articles, ${demoContent.pages.length} pages, ${demoContent.sections.length} sections, ` +
          `${tags} tags, ${demoContent.authors.length} people, 13 images; ${files.length} image files deleted.\n` +
          'Staff accounts, settings and all other content were kept.\n',
      );
      expect(files.some((file) => fs.existsSync(file))).toBe(false);
      expect(await database.db.selectFrom('users').select('email').orderBy('id').execute()).toEqual(users);
      expect(await database.db.selectFrom('articles').select('title').execute()).toEqual([{ title: 'A story of our own' }]);

      expect((await dateline('demo', 'remove')).stdout).toBe('There is no demo content here; nothing was removed.\n');
      const unknown = await dateline('demo', 'delete');
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('Try: dateline demo remove');
    } finally {
      await database.destroy();
    }
  }, 120_000);

  it('dateline export wxr writes the site as a WordPress export, to a file or to stdout', async () => {
    // The tests above left one story of the site's own ("A story of our own") after removing the demo.
    const file = path.join(dataDir, 'export.xml');
    const written = await dateline('export', 'wxr', '--out', file);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toBe('');
    expect(written.stderr).toMatch(
      /^Exported 1 articles, 0 pages, 0 featured images, 0 comments, \d+ sections, 0 tags and \d+ people to .*export\.xml \(WXR 1\.2\)\.\n$/,
    );
    expect(fs.readdirSync(dataDir).filter((name) => name.endsWith('.partial'))).toEqual([]);
    const summary = await scanWxr(file);
    expect(summary.site).toMatchObject({ wxrVersion: '1.2', link: 'https://news.example' });
    expect(summary.postTypes.post?.total).toBe(1);
    const piped = await dateline('export', 'wxr');
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout.startsWith('<?xml version="1.0" encoding="UTF-8" ?>')).toBe(true);
    expect(piped.stdout).toContain('<title><![CDATA[A story of our own]]></title>');
    expect(piped.stdout.trimEnd().endsWith('</rss>')).toBe(true);
    const wrong = await dateline('export', 'csv');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe('Usage: dateline export wxr [--out FILE]\n');
  }, 120_000);
});

it('shows the first administrator’s password in a box with the sign-in address', () => {
  const notice = firstAdminNotice('admin@localhost', 'Secret123Secret123ab', 'http://127.0.0.1:3000/newsroom/login');
  expect(notice).toContain('Sign in at: http://127.0.0.1:3000/newsroom/login');
  expect(notice).toContain('Email:      admin@localhost');
  expect(notice).toContain('Password:   Secret123Secret123ab');
  const boxLines = notice.split('\n').filter((line) => line.startsWith('|') || line.startsWith('+'));
  expect(new Set(boxLines.map((line) => line.length)).size).toBe(1);
});
