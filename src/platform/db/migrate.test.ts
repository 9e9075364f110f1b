import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect } from '../../../test/helpers/database.js';
import type { DatabaseHandle } from './connection.js';
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
      db.insertInto('sections').values({ slug: 'x', name: 'X', sort_order: 0, comment_policy: 'whatever' as 'open', created_at: now, description: '' }).execute(),
    ).rejects.toThrow();
    await expect(
      db.insertInto('article_tags').values({ article_id: 999, tag_id: 999 }).execute(),
    ).rejects.toThrow();
  });

  it('round-trips timestamps as ISO strings and booleans as booleans-compatible values', async () => {
    database = await createTestDatabase(dialect);
    const { db } = database;
    const at = '2026-02-09T15:04:05.123Z';
    await db
      .insertInto('articles')
      .values({
        slug: 's', title: 'T', status: 'draft', created_at: at, updated_at: at, published_at: at, comments_open: false,
        standfirst: '', body: '', featured_image_alt: '', featured_image_caption: '', featured_image_credit: '',
        seo_title: '', seo_description: '', version: 1,
      })
      .execute();
    const row = await db.selectFrom('articles').select(['published_at', 'comments_open']).executeTakeFirstOrThrow();
    expect(row.published_at).toBe(at);
    expect(Boolean(row.comments_open)).toBe(false);
    const count = await db.selectFrom('articles').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });
});
