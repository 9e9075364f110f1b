import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect } from '../../../test/helpers/database.js';
import type { DatabaseHandle } from '../../platform/db/connection.js';
import { DomainEventBus } from '../../platform/events.js';
import { createSigner } from '../../platform/security/signer.js';
import { createNewsServices, type NewsServices } from '../services.js';

describeEachDialect('audit log', (dialect) => {
  let database: DatabaseHandle;
  let services: NewsServices;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    services = createNewsServices(database, new DomainEventBus(() => {}), { now: () => new Date('2026-03-01T10:00:00.000Z') }, createSigner('k'.repeat(32)));
  });
  afterAll(async () => database.destroy());

  it('records who did what to which subject, with before and after, newest first', async () => {
    const editor = await services.staff.create({ email: 'ed@example.test', displayName: 'Ed', role: 'editor', password: 'a long password here' });
    await services.audit.record({ actorId: editor.id, action: 'comment.approved', subjectType: 'comment', subjectId: 42, before: { status: 'pending' }, after: { status: 'approved' }, ip: '198.51.100.7' });
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
    await services.audit.record({ actorId: null, action: 'user.test', subjectType: 'user', after: { email: 'a@b', password: 'hunter2hunter2', nested: { sessionToken: 'abc' } } });
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
});
