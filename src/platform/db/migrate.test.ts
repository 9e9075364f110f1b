import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { POSTGRES_URL, createTestDatabase, describeEachDialect } from '../../../test/helpers/database.js';
import { type DatabaseHandle, openDatabase } from './connection.js';
import { latestMigrationName, migrateToLatest } from './migrate.js';

const TABLES = ['people', 'sections', 'tags', 'articles', 'article_sections', 'article_tags', 'article_authors', 'pages', 'redirects', 'settings'];

describeEachDialect('migrations', (dialect) => {
  let database: DatabaseHandle;
  afterEach(async () => database?.destroy());

  it('brings an empty database to the latest schema, and a second run does nothing', async () => {
    database = await createTestDatabase(dialect, { migrate: false });
    const applied = await migrateToLatest(database.db, database.dialect);
    expect(applied.at(-1)).toBe(latestMigrationName());
    const tables = (await database.db.introspection.getTables()).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(TABLES));
    expect(await migrateToLatest(database.db, database.dialect)).toEqual([]);
  });

  it('enforces the constraints the domain relies on', async () => {
    database = await createTestDatabase(dialect);
    const { db } = database;
    const now = new Date().toISOString();
    await db.insertInto('sections').values({ slug: 'world', name: 'World', sort_order: 0, comment_policy: 'open', created_at: now, description: '' }).execute();
    await expect(
      db.insertInto('sections').values({ slug: 'world', name: 'Again', sort_order: 0, comment_policy: 'open', created_at: now, description: '' }).execute(),
    ).rejects.toThrow();
    await expect(
      db
        .insertInto('sections')
        .values({ slug: 'x', name: 'X', sort_order: 0, comment_policy: 'whatever' as 'open', created_at: now, description: '' })
        .execute(),
    ).rejects.toThrow();
    await expect(db.insertInto('article_tags').values({ article_id: 999, tag_id: 999 }).execute()).rejects.toThrow();
  });

  it('round-trips timestamps as ISO strings and booleans as booleans-compatible values', async () => {
    database = await createTestDatabase(dialect);
    const { db } = database;
    const at = '2026-02-09T15:04:05.123Z';
    await db
      .insertInto('articles')
      .values({
        slug: 's',
        title: 'T',
        status: 'draft',
        created_at: at,
        updated_at: at,
        published_at: at,
        comments_open: false,
        standfirst: '',
        body: '',
        featured_image_alt: '',
        featured_image_caption: '',
        featured_image_credit: '',
        seo_title: '',
        seo_description: '',
        version: 1,
      })
      .execute();
    const row = await db.selectFrom('articles').select(['published_at', 'comments_open']).executeTakeFirstOrThrow();
    expect(row.published_at).toBe(at);
    expect(Boolean(row.comments_open)).toBe(false);
    const count = await db
      .selectFrom('articles')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });
});

(POSTGRES_URL ? describe : describe.skip)('migrations on a shared PostgreSQL database', () => {
  it("introspects this site's schema only (another site's tables, or a schema dropped meanwhile, are not its business)", async () => {
    const database = await createTestDatabase('postgres');
    const other = await createTestDatabase('postgres', { migrate: false });
    try {
      await sql`create table only_elsewhere (id integer)`.execute(other.db);
      const tables = await database.db.introspection.getTables({ withInternalKyselyTables: true });
      const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db);
      expect(new Set(tables.map((t) => t.schema))).toEqual(new Set([rows[0]!.schema]));
      expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining([...TABLES, 'kysely_migration']));
      expect(tables.find((t) => t.name === 'articles')!.columns.find((c) => c.name === 'id')).toMatchObject({ isAutoIncrementing: true, isNullable: false });
      expect((await database.db.introspection.getTables()).map((t) => t.name)).not.toContain('kysely_migration');
      expect((await other.db.introspection.getTables()).map((t) => t.name)).toEqual(['only_elsewhere']);
    } finally {
      await other.destroy();
      await database.destroy();
    }
  });

  it('migrates a schema once when two instances start together, and never waits for another schema being migrated', { timeout: 60_000 }, async () => {
    const database = await createTestDatabase('postgres', { migrate: false });
    const other = await createTestDatabase('postgres', { migrate: false });
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db);
    const secondInstance = openDatabase({ dialect: 'postgres', connectionString: POSTGRES_URL!, schema: rows[0]!.schema, poolSize: 2 });
    try {
      // Another schema's migration holds its lock (the same adapter call the migrator makes) throughout.
      const adapter = other.db.getExecutor().adapter;
      const lockOptions = { lockTable: 'kysely_migration_lock', lockRowId: 'migration_lock' };
      const [first, second] = await other.db.connection().execute(async (connection) => {
        await adapter.acquireMigrationLock(connection, lockOptions);
        try {
          return await Promise.all([migrateToLatest(database.db, 'postgres'), migrateToLatest(secondInstance.db, 'postgres')]);
        } finally {
          await adapter.releaseMigrationLock(connection, lockOptions);
        }
      });
      const [none, all] = [first, second].sort((a, b) => a.length - b.length);
      expect(none).toEqual([]);
      expect(all!.at(-1)).toBe(latestMigrationName());
    } finally {
      await secondInstance.destroy();
      await other.destroy();
      await database.destroy();
    }
  });
});
