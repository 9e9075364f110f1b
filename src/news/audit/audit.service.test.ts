import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect } from '../../../test/helpers/database.js';
import type { DatabaseHandle } from '../../platform/db/connection.js';
import { DomainEventBus } from '../events.js';
import { createSigner } from '../../platform/security/signer.js';
import { createNewsServices, type NewsServices } from '../services.js';

describeEachDialect('audit log', (dialect) => {
  let database: DatabaseHandle;
  let services: NewsServices;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    services = createNewsServices({
      db: database.db,
      events: new DomainEventBus(() => {}),
      clock: { now: () => new Date('2026-03-01T10:00:00.000Z') },
      signer: createSigner('k'.repeat(32)),
    });
  });
  afterAll(async () => database.destroy());

  it('records who did what to which subject, with before and after, newest first', async () => {
    const editor = await services.staff.create({ email: 'ed@example.test', displayName: 'Ed', role: 'editor', password: 'a long password here' });
    await services.audit.record({
      actorId: editor.id,
      action: 'comment.approved',
      subjectType: 'comment',
      subjectId: 42,
      before: { status: 'pending' },
      after: { status: 'approved' },
      ip: '198.51.100.7',
    });
    await services.audit.record({ actorId: null, action: 'user.created', subjectType: 'user', subjectId: editor.id, after: { role: 'editor' } });
    await services.audit.record({ actorId: editor.id, action: 'comment.spam', subjectType: 'comment', subjectId: '43' });

    const all = await services.audit.list();
    expect(all.map((e) => e.action)).toEqual(['comment.spam', 'user.created', 'comment.approved']);
    const approved = all[2]!;
    expect(approved).toMatchObject({
      actorId: editor.id,
      actorName: 'Ed',
      subjectType: 'comment',
      subjectId: '42',
      before: { status: 'pending' },
      after: { status: 'approved' },
      ip: '198.51.100.7',
      createdAt: '2026-03-01T10:00:00.000Z',
    });
    expect(all[1]).toMatchObject({ actorId: null, actorName: null, before: null, ip: null });

    expect((await services.audit.list({ subjectType: 'comment' })).map((e) => e.subjectId)).toEqual(['43', '42']);
    expect((await services.audit.list({ subjectType: 'comment', subjectId: 42 })).map((e) => e.action)).toEqual(['comment.approved']);
    expect(await services.audit.list({ subjectType: 'comment', limit: 1 })).toHaveLength(1);
    expect((await services.audit.list({ actorId: editor.id })).length).toBe(2);
  });

  it('never stores anything that looks like a password or token', async () => {
    await services.audit.record({
      actorId: null,
      action: 'user.test',
      subjectType: 'user',
      after: { email: 'a@b', password: 'hunter2hunter2', nested: { sessionToken: 'abc' } },
    });
    const [entry] = await services.audit.list({ action: 'user.test' });
    expect(entry!.after).toEqual({ email: 'a@b', password: '[redacted]', nested: { sessionToken: '[redacted]' } });
    const raw = await database.db.selectFrom('audit_log').select('after_json').where('action', '=', 'user.test').executeTakeFirstOrThrow();
    expect(raw.after_json).not.toContain('hunter2');
  });

  it('keeps the entry when the actor account is deleted', async () => {
    const temp = await services.staff.create({ email: 'temp@example.test', displayName: 'Temp', role: 'author', password: 'a long password here' });
    await services.audit.record({ actorId: temp.id, action: 'user.gone', subjectType: 'user', subjectId: temp.id });
    await database.db.deleteFrom('users').where('id', '=', temp.id).execute();
    const [entry] = await services.audit.list({ action: 'user.gone' });
    expect(entry).toMatchObject({ actorId: null, subjectId: String(temp.id) });
  });
  it('reads the log a page at a time by group (users without sign-ins), keyset on id, with current subject names', async () => {
    const ids: number[] = [];
    for (const action of ['user.login', 'user.role_changed', 'user.logout', 'user.invited', 'article.publish', 'user.deactivated']) {
      ids.push(await services.audit.record({ actorId: null, action, subjectType: 'user', subjectId: 7 }));
    }
    const users = await services.audit.page({ group: 'users', limit: 2, olderThan: ids.at(-1)! + 1 });
    expect(users.entries.map((e) => e.action)).toEqual(['user.deactivated', 'user.invited']);
    expect(users.newer).toBeNull();
    const next = await services.audit.page({ group: 'users', limit: 2, olderThan: users.older! });
    expect(next.entries.map((e) => e.action)).toEqual(['user.role_changed', expect.stringMatching(/^user\./)]);
    expect(next.newer).toBe(next.entries[0]!.id);
    const back = await services.audit.page({ group: 'users', limit: 2, newerThan: next.newer! });
    expect(back.entries.map((e) => e.id)).toEqual(users.entries.map((e) => e.id));
    const signIns = await services.audit.page({ group: 'sign-ins', subjectType: 'user', subjectId: '7' });
    expect(signIns.entries.map((e) => e.action)).toEqual(['user.logout', 'user.login']);
    const editor = (await services.staff.findByEmail('ed@example.test'))!;
    const names = await services.audit.subjectNames([
      { subjectType: 'user', subjectId: String(editor.id) },
      { subjectType: 'article', subjectId: '999' },
    ]);
    expect([...names]).toEqual([[`user:${editor.id}`, 'Ed']]);
  });
});
