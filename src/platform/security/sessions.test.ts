import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect } from '../../../test/helpers/database.js';
import { DomainEventBus } from '../../news/events.js';
import { createNewsServices, type NewsServices } from '../../news/services.js';
import type { DatabaseHandle } from '../db/connection.js';
import { SESSION_IDLE_MS, SESSION_TOUCH_MS, sessionIdFor } from './sessions.js';
import { createSigner } from './signer.js';

describeEachDialect('staff sessions', (dialect) => {
  let database: DatabaseHandle;
  let services: NewsServices;
  let now: Date;
  let userId: number;
  const at = (ms: number) => new Date(now.getTime() + ms);

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    services = createNewsServices({ db: database.db, events: new DomainEventBus(() => {}), clock: { now: () => now }, signer: createSigner('k'.repeat(32)) });
  });
  afterAll(async () => database.destroy());
  beforeEach(async () => {
    now = new Date('2026-03-01T12:00:00.000Z');
    const n = Math.random().toString(36).slice(2, 8);
    userId = (await services.staff.create({ email: `s${n}@example.test`, displayName: `Session ${n}`, role: 'editor', password: 'a long enough password' })).id;
  });

  it('creates a random token and stores only its SHA-256', async () => {
    const token = await services.sessions.create(userId, '203.0.113.5', 'Test browser');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await database.db.selectFrom('sessions').selectAll().where('user_id', '=', userId).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(sessionIdFor(token));
    expect(rows[0]!.id).not.toContain(token);
    expect(rows[0]!.ip).toBe('203.0.113.5');
    expect(rows[0]!.user_agent).toBe('Test browser');
    const found = await services.sessions.find(token);
    expect(found?.user).toMatchObject({ id: userId, role: 'editor' });
    expect(found?.session.expiresAt).toBe(at(SESSION_IDLE_MS).toISOString());
    expect(await services.sessions.find('not-a-token')).toBeNull();
    expect(await services.sessions.find('')).toBeNull();
  });

  it('slides the idle expiry forward on use, at most once a minute', async () => {
    const token = await services.sessions.create(userId, '', '');
    now = at(SESSION_TOUCH_MS / 2);
    expect((await services.sessions.find(token))?.refreshed).toBe(false);
    now = at(SESSION_TOUCH_MS);
    const touched = await services.sessions.find(token);
    expect(touched?.refreshed).toBe(true);
    expect(touched?.session.expiresAt).toBe(at(SESSION_IDLE_MS).toISOString());
    // Used every 13 days, a session outlives the 14-day idle limit.
    for (let i = 0; i < 3; i++) {
      now = at(13 * 24 * 3600 * 1000);
      expect(await services.sessions.find(token)).not.toBeNull();
    }
  });

  it('expires after 14 idle days and forgets the expired row', async () => {
    const token = await services.sessions.create(userId, '', '');
    now = at(SESSION_IDLE_MS - 1000);
    expect(await services.sessions.find(token)).not.toBeNull();
    now = at(SESSION_IDLE_MS);
    expect(await services.sessions.find(token)).toBeNull();
    expect(await database.db.selectFrom('sessions').select('id').where('id', '=', sessionIdFor(token)).executeTakeFirst()).toBeUndefined();
  });

  it('revokes one session, or all of a user', async () => {
    const a = await services.sessions.create(userId, '', '');
    const b = await services.sessions.create(userId, '', '');
    const c = await services.sessions.create(userId, '', '');
    await services.sessions.revoke(a);
    expect(await services.sessions.find(a)).toBeNull();
    expect(await services.sessions.find(b)).not.toBeNull();
    expect(await services.sessions.revokeAllForUser(userId)).toBe(2);
    expect(await services.sessions.find(b)).toBeNull();
    expect(await services.sessions.find(c)).toBeNull();
  });

  it("revokes all of a user's sessions but one, and no other user's", async () => {
    const keep = await services.sessions.create(userId, '', '');
    const others = [await services.sessions.create(userId, '', ''), await services.sessions.create(userId, '', '')];
    const stranger = await services.staff.create({
      email: `x${Date.now()}@example.test`,
      displayName: 'Stranger',
      role: 'author',
      password: 'a long enough password',
    });
    const strangers = await services.sessions.create(stranger.id, '', '');
    expect(await services.sessions.revokeOthersForUser(userId, sessionIdFor(keep))).toBe(2);
    expect(await services.sessions.find(keep)).not.toBeNull();
    for (const token of others) expect(await services.sessions.find(token)).toBeNull();
    expect(await services.sessions.find(strangers)).not.toBeNull();
    expect(await services.sessions.revokeOthersForUser(userId, null)).toBe(1);
    expect(await services.sessions.find(keep)).toBeNull();
  });

  it('finds nothing for a deactivated user, and signs them out', async () => {
    const token = await services.sessions.create(userId, '', '');
    await services.staff.setActive(userId, false);
    expect(await services.sessions.find(token)).toBeNull();
    expect(await services.sessions.listForUser(userId)).toEqual([]);
  });

  it('prunes expired sessions and keeps live ones', async () => {
    const old = await services.sessions.create(userId, '', '');
    now = at(SESSION_IDLE_MS + 1);
    const other = await services.staff.create({
      email: `other${Date.now()}@example.test`,
      displayName: 'Other',
      role: 'author',
      password: 'a long enough password',
    });
    const live = await services.sessions.create(other.id, '', '');
    expect(await services.sessions.pruneExpired()).toBeGreaterThanOrEqual(1);
    expect(await database.db.selectFrom('sessions').select('id').where('id', '=', sessionIdFor(old)).executeTakeFirst()).toBeUndefined();
    expect(await services.sessions.find(live)).not.toBeNull();
  });
});
