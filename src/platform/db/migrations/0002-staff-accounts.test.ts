import { afterEach, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect } from '../../../../test/helpers/database.js';
import type { DatabaseHandle } from '../connection.js';

describeEachDialect('migration 0002: staff accounts', (dialect) => {
  let database: DatabaseHandle;
  afterEach(async () => database?.destroy());
  const now = '2026-03-01T12:00:00.000Z';
  const user = (email: string, extra: Record<string, unknown> = {}) => ({
    email,
    display_name: 'X',
    password_hash: '$argon2id$…',
    role: 'editor' as const,
    person_id: null,
    active: true,
    created_at: now,
    last_login_at: null,
    ...extra,
  });

  it('creates users, sessions and audit_log with the constraints the services rely on', async () => {
    database = await createTestDatabase(dialect);
    const { db } = database;
    const tables = (await db.introspection.getTables()).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['users', 'sessions', 'audit_log']));

    const { id: personId } = await db
      .insertInto('people')
      .values({ slug: 'p', display_name: 'P', bio: '', avatar_url: null, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { id: userId } = await db
      .insertInto('users')
      .values(user('a@example.test', { person_id: personId }))
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(db.insertInto('users').values(user('a@example.test')).execute()).rejects.toThrow();
    await expect(
      db
        .insertInto('users')
        .values(user('b@example.test', { role: 'overlord' }))
        .execute(),
    ).rejects.toThrow();
    await expect(
      db
        .insertInto('users')
        .values(user('c@example.test', { person_id: personId }))
        .execute(),
    ).rejects.toThrow();
    // Many accounts may have no byline person.
    await db.insertInto('users').values(user('d@example.test')).execute();
    await db.insertInto('users').values(user('e@example.test')).execute();
    const stored = await db.selectFrom('users').select('active').where('id', '=', userId).executeTakeFirstOrThrow();
    expect(Boolean(stored.active)).toBe(true);

    await db
      .insertInto('sessions')
      .values({ id: 'h1', user_id: userId, created_at: now, expires_at: now, last_seen_at: now, ip: '', user_agent: '' })
      .execute();
    await db
      .insertInto('audit_log')
      .values({
        actor_user_id: userId,
        action: 'user.login',
        subject_type: 'user',
        subject_id: String(userId),
        before_json: null,
        after_json: null,
        ip: null,
        created_at: now,
      })
      .execute();
    await expect(
      db.insertInto('sessions').values({ id: 'h2', user_id: 999_999, created_at: now, expires_at: now, last_seen_at: now, ip: '', user_agent: '' }).execute(),
    ).rejects.toThrow();

    // Deleting the byline person unlinks it; deleting the user ends its sessions and keeps its audit entries.
    await db.deleteFrom('people').where('id', '=', personId).execute();
    expect((await db.selectFrom('users').select('person_id').where('id', '=', userId).executeTakeFirstOrThrow()).person_id).toBeNull();
    await db.deleteFrom('users').where('id', '=', userId).execute();
    expect(await db.selectFrom('sessions').selectAll().execute()).toEqual([]);
    expect((await db.selectFrom('audit_log').select('actor_user_id').executeTakeFirstOrThrow()).actor_user_id).toBeNull();
  });
});
