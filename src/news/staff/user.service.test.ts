import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePerson } from '../../../test/factories.js';
import { describeEachDialect } from '../../../test/helpers/database.js';
import { createTestServices, domainRejection } from '../../../test/helpers/services.js';
import type { DatabaseHandle } from '../../platform/db/connection.js';
import type { NewsServices } from '../services.js';
import { DomainError } from '../shared/errors.js';
import { lockActiveAdmins } from './user.repository.js';
import { LAST_ADMIN_MESSAGE, OWN_ACCOUNT_DEACTIVATION_MESSAGE } from './user.service.js';
import { PASSWORD_TOO_SHORT } from './staff-user.js';

const PASSWORD = 'a perfectly long password';

describeEachDialect('staff accounts', (dialect) => {
  let database: DatabaseHandle;
  let services: NewsServices;
  let n = 0;
  const email = () => `user${++n}@example.test`;

  beforeAll(async () => {
    ({ database, services } = await createTestServices(dialect));
  });
  afterAll(async () => database.destroy());

  describe('create', () => {
    it('stores a lowercased email, a hash and a new byline person', async () => {
      const user = await services.staff.create({ email: '  Jane.Doe@Example.TEST ', displayName: ' Jane Doe ', role: 'author', password: PASSWORD });
      expect(user).toMatchObject({ email: 'jane.doe@example.test', displayName: 'Jane Doe', role: 'author', active: true, lastLoginAt: null });
      expect(user).not.toHaveProperty('passwordHash');
      const row = await database.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      expect(row.password_hash).not.toContain(PASSWORD);
      const person = await services.people.findBySlug('jane-doe');
      expect(person?.id).toBe(user.personId);
      expect(person?.displayName).toBe('Jane Doe');
    });

    it('gives a second person of the same name a slug of their own', async () => {
      const a = await services.staff.create({ email: email(), displayName: 'Sam Lee', role: 'author', password: PASSWORD });
      const b = await services.staff.create({ email: email(), displayName: 'Sam Lee', role: 'author', password: PASSWORD });
      expect(a.personId).not.toBe(b.personId);
      expect((await services.people.findBySlug('sam-lee-2'))?.id).toBe(b.personId);
    });

    it('links an existing byline person, once', async () => {
      const person = await makePerson(services);
      const user = await services.staff.create({ email: email(), displayName: 'Linked', role: 'author', password: PASSWORD, personId: person.id });
      expect(user.personId).toBe(person.id);
      const taken = await domainRejection(
        services.staff.create({ email: email(), displayName: 'Other', role: 'author', password: PASSWORD, personId: person.id }),
      );
      expect(taken.code).toBe('conflict');
      const missing = await domainRejection(
        services.staff.create({ email: email(), displayName: 'Ghost', role: 'author', password: PASSWORD, personId: 999_999 }),
      );
      expect(missing.code).toBe('invalid');
    });

    it('explains every invalid field', async () => {
      const error = await domainRejection(services.staff.create({ email: 'not-an-email', displayName: '  ', role: 'boss', password: 'short' }));
      expect(error.code).toBe('invalid');
      expect(error.details).toEqual({
        email: 'Enter an email address such as name@example.com.',
        displayName: 'Enter a display name of at most 100 characters.',
        role: 'The role must be one of admin, editor, author, contributor.',
        password: PASSWORD_TOO_SHORT,
      });
      expect(PASSWORD_TOO_SHORT).toBe('The password must be at least 12 characters long.');
      expect((await domainRejection(services.staff.create({ email: '', displayName: 'X', role: 'editor', password: PASSWORD }))).details.email).toBe(
        'Enter an email address.',
      );
      expect(
        (await domainRejection(services.staff.create({ email: email(), displayName: 'X', role: 'editor', password: 'x'.repeat(1025) }))).details.password,
      ).toMatch(/at most 1024/);
    });

    it('refuses a second account for the same email, whatever its case, and creates no person for it', async () => {
      const address = email();
      await services.staff.create({ email: address, displayName: 'First', role: 'editor', password: PASSWORD });
      const people = await database.db.selectFrom('people').select('id').execute();
      const error = await domainRejection(services.staff.create({ email: address.toUpperCase(), displayName: 'Second', role: 'editor', password: PASSWORD }));
      expect(error.code).toBe('conflict');
      expect(await database.db.selectFrom('people').select('id').execute()).toHaveLength(people.length);
    });
  });

  describe('authenticate', () => {
    it('accepts the right password, whatever the email case, without recording a sign-in (recordSignIn does)', async () => {
      const address = email();
      const created = await services.staff.create({ email: address, displayName: 'Ann', role: 'editor', password: PASSWORD });
      const user = await services.staff.authenticate(address.toUpperCase(), PASSWORD);
      expect(user?.id).toBe(created.id);
      expect(user?.lastLoginAt).toBeNull();
      expect((await services.staff.findById(created.id))?.lastLoginAt).toBeNull();
      await services.staff.recordSignIn(created.id);
      expect((await services.staff.findById(created.id))?.lastLoginAt).not.toBeNull();
    });

    it('refuses a wrong password, an unknown email and an inactive account alike', async () => {
      const address = email();
      const created = await services.staff.create({ email: address, displayName: 'Bob', role: 'editor', password: PASSWORD });
      expect(await services.staff.authenticate(address, `${PASSWORD}!`)).toBeNull();
      expect(await services.staff.authenticate(address, '')).toBeNull();
      expect(await services.staff.authenticate('nobody@example.test', PASSWORD)).toBeNull();
      expect(await services.staff.authenticate('', '')).toBeNull();
      await services.staff.setActive(created.id, false);
      expect(await services.staff.authenticate(address, PASSWORD)).toBeNull();
      await services.staff.setActive(created.id, true);
      expect(await services.staff.authenticate(address, PASSWORD)).not.toBeNull();
    });

    it('takes about as long for an unknown email as for a wrong password', async () => {
      const address = email();
      await services.staff.create({ email: address, displayName: 'Timing', role: 'editor', password: PASSWORD });
      await services.staff.authenticate('warm-up@example.test', PASSWORD);
      const time = async (fn: () => Promise<unknown>) => {
        const start = performance.now();
        for (let i = 0; i < 3; i++) await fn();
        return performance.now() - start;
      };
      const unknown = await time(() => services.staff.authenticate('nobody-at-all@example.test', PASSWORD));
      const wrong = await time(() => services.staff.authenticate(address, 'the wrong password'));
      // Both run one argon2id verification; without the dummy hash the unknown email would be ~100x faster.
      expect(unknown).toBeGreaterThan(wrong / 4);
    });
  });

  describe('passwords', () => {
    it('changes a password only with the current one, and signs the user out everywhere', async () => {
      const address = email();
      const user = await services.staff.create({ email: address, displayName: 'Cat', role: 'editor', password: PASSWORD });
      const token = await services.sessions.create(user.id, '', '');
      const wrong = await domainRejection(services.staff.changePassword(user.id, 'not the password', 'a brand new password'));
      expect(wrong.details).toEqual({ currentPassword: 'The current password is not correct.' });
      const short = await domainRejection(services.staff.changePassword(user.id, PASSWORD, 'short'));
      expect(short.details).toEqual({ newPassword: PASSWORD_TOO_SHORT });
      const same = await domainRejection(services.staff.changePassword(user.id, PASSWORD, PASSWORD));
      expect(same.details.newPassword).toMatch(/different/);
      expect(await services.sessions.find(token)).not.toBeNull();

      await services.staff.changePassword(user.id, PASSWORD, 'a brand new password');
      expect(await services.sessions.find(token)).toBeNull();
      expect(await services.staff.authenticate(address, PASSWORD)).toBeNull();
      expect(await services.staff.authenticate(address, 'a brand new password')).not.toBeNull();
    });

    it('resets a password to a random one', async () => {
      const address = email();
      await services.staff.create({ email: address, displayName: 'Dee', role: 'contributor', password: PASSWORD });
      const { user, password } = await services.staff.resetPassword(address.toUpperCase());
      expect(user.email).toBe(address);
      expect(password).toHaveLength(20);
      expect(await services.staff.authenticate(address, password)).not.toBeNull();
      expect(await services.staff.authenticate(address, PASSWORD)).toBeNull();
      expect((await domainRejection(services.staff.resetPassword('nobody@example.test'))).code).toBe('not_found');
    });
  });
});

describeEachDialect('first administrator', (dialect) => {
  let database: DatabaseHandle;
  let services: NewsServices;
  beforeAll(async () => {
    ({ database, services } = await createTestServices(dialect));
  });
  afterAll(async () => database.destroy());

  it('is created with a random password only while there are no accounts', async () => {
    const first = await services.staff.ensureFirstAdmin('Chief@Example.test');
    expect(first?.user).toMatchObject({ email: 'chief@example.test', role: 'admin', displayName: 'Administrator' });
    expect(first?.password).toHaveLength(20);
    expect(await services.staff.authenticate('chief@example.test', first!.password)).not.toBeNull();
    expect(await services.staff.ensureFirstAdmin('another@example.test')).toBeNull();
    expect(await services.staff.count()).toBe(1);
  });
});

describeEachDialect('managing accounts', (dialect) => {
  let database: DatabaseHandle;
  let services: NewsServices;
  let n = 0;
  const email = () => `managed${++n}@example.test`;
  const account = (role: string) => services.staff.create({ email: email(), displayName: `Managed ${n}`, role, password: PASSWORD });

  beforeAll(async () => {
    ({ database, services } = await createTestServices(dialect));
  });
  afterAll(async () => database.destroy());

  const activeAdmins = async () => (await services.staff.list()).filter((user) => user.active && user.role === 'admin').map((user) => user.id);
  /** Leaves exactly the given accounts as active administrators (others become editors). */
  async function onlyAdmins(...ids: number[]) {
    for (const id of ids) await services.staff.update(id, { displayName: `Admin ${id}`, role: 'admin' });
    for (const id of await activeAdmins()) if (!ids.includes(id)) await services.staff.update(id, { displayName: `Former admin ${id}`, role: 'editor' });
  }

  it('invites: an account without a usable password, an invitation link, a byline and an audit entry', async () => {
    const admin = await account('admin');
    const { user, link } = await services.staff.invite(
      { email: ' New.Hire@Example.TEST', displayName: 'New Hire', role: 'author' },
      { userId: admin.id, ip: '10.1.1.1' },
    );
    expect(user).toMatchObject({ email: 'new.hire@example.test', displayName: 'New Hire', role: 'author', active: true, lastLoginAt: null });
    expect(link).toMatchObject({ userId: user.id, purpose: 'invite' });
    expect((await services.people.findBySlug('new-hire'))?.id).toBe(user.personId);
    const [entry] = await services.audit.list({ subjectType: 'user', subjectId: user.id, action: 'user.invited' });
    expect(entry).toMatchObject({ actorId: admin.id, ip: '10.1.1.1', after: { email: 'new.hire@example.test', role: 'author', expiresAt: link.expiresAt } });
    expect(JSON.stringify(entry)).not.toContain(link.token);
    // Whatever they try, nobody can sign in before the invitation is taken up.
    for (const guess of ['', PASSWORD, link.token]) expect(await services.staff.authenticate(user.email, guess)).toBeNull();

    const directory = await services.staff.directory();
    expect(directory.find((entry) => entry.id === user.id)).toMatchObject({
      byline: { slug: 'new-hire', displayName: 'New Hire' },
      openLink: { purpose: 'invite', expiresAt: link.expiresAt },
    });
  });

  it('invites one account when the same invitation is sent twice at once, and says why to the other', async () => {
    const admin = await account('admin');
    const address = email();
    const attempts = await Promise.allSettled(
      [0, 1].map(() => services.staff.invite({ email: address, displayName: 'Twice', role: 'author' }, { userId: admin.id })),
    );
    expect(attempts.map((a) => a.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = attempts.find((a): a is PromiseRejectedResult => a.status === 'rejected')!.reason;
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: 'conflict' });
    expect((await services.staff.list()).filter((user) => user.email === address)).toHaveLength(1);
  });

  it('invites onto an existing byline without an account, and explains bad input without creating anything', async () => {
    const wire = await makePerson(services, { displayName: 'Wire Desk' });
    expect((await services.staff.unclaimedBylines()).map((person) => person.id)).toContain(wire.id);
    const { user } = await services.staff.invite({ email: email(), displayName: 'Wire Editor', role: 'editor', personId: wire.id }, { userId: null });
    expect(user.personId).toBe(wire.id);
    expect((await services.staff.unclaimedBylines()).map((person) => person.id)).not.toContain(wire.id);
    expect((await services.staff.directoryEntry(user.id)).byline).toEqual({ slug: wire.slug, displayName: 'Wire Desk' });

    const before = await services.staff.count();
    const bad = await domainRejection(services.staff.invite({ email: 'nope', displayName: '', role: 'chief' }, { userId: null }));
    expect(Object.keys(bad.details).sort()).toEqual(['displayName', 'email', 'role']);
    expect(
      (await domainRejection(services.staff.invite({ email: email(), displayName: 'Twice', role: 'editor', personId: wire.id }, { userId: null }))).code,
    ).toBe('conflict');
    expect(await services.staff.count()).toBe(before);
    expect((await domainRejection(services.staff.directoryEntry(999_999))).code).toBe('not_found');
  });

  it('changes name and role, auditing each with before and after', async () => {
    const admin = await account('admin');
    const user = await account('contributor');
    const updated = await services.staff.update(user.id, { displayName: '  Renamed Person ', role: 'editor' }, { userId: admin.id, ip: '10.2.2.2' });
    expect(updated).toMatchObject({ displayName: 'Renamed Person', role: 'editor' });
    const entries = await services.audit.list({ subjectType: 'user', subjectId: user.id });
    expect(entries.find((e) => e.action === 'user.role_changed')).toMatchObject({
      actorId: admin.id,
      ip: '10.2.2.2',
      before: { role: 'contributor' },
      after: { role: 'editor' },
    });
    expect(entries.find((e) => e.action === 'user.renamed')).toMatchObject({
      before: { displayName: `Managed ${n}` },
      after: { displayName: 'Renamed Person' },
    });

    // Saving without a change records nothing.
    const count = (await services.audit.list({ subjectType: 'user', subjectId: user.id })).length;
    await services.staff.update(user.id, { displayName: 'Renamed Person', role: 'editor' }, { userId: admin.id });
    expect(await services.audit.list({ subjectType: 'user', subjectId: user.id })).toHaveLength(count);

    const bad = await domainRejection(services.staff.update(user.id, { displayName: ' ', role: 'owner' }, { userId: admin.id }));
    expect(bad.details).toEqual({
      displayName: 'Enter a display name of at most 100 characters.',
      role: 'The role must be one of admin, editor, author, contributor.',
    });
    expect((await domainRejection(services.staff.update(999_999, { displayName: 'X', role: 'editor' }))).code).toBe('not_found');
  });

  it('never takes the role of administrator from the last active one', async () => {
    const first = await account('admin');
    await onlyAdmins(first.id);
    const demoted = await domainRejection(services.staff.update(first.id, { displayName: 'First', role: 'editor' }, { userId: first.id }));
    expect(demoted.code).toBe('conflict');
    expect(demoted.details).toEqual({ role: LAST_ADMIN_MESSAGE });
    expect((await services.staff.findById(first.id))?.role).toBe('admin');

    const second = await account('admin');
    await services.staff.update(first.id, { displayName: 'First', role: 'editor' }, { userId: first.id });
    expect(await activeAdmins()).toEqual([second.id]);
    // A deactivated administrator does not count.
    const dormant = await account('admin');
    await services.staff.setActive(dormant.id, false, { userId: second.id });
    expect((await domainRejection(services.staff.update(second.id, { displayName: 'Second', role: 'author' }, { userId: second.id }))).details.role).toBe(
      LAST_ADMIN_MESSAGE,
    );
  });

  it('makes a second administrator change wait for the first, so two admins cannot demote each other at once', async () => {
    const a = await account('admin');
    const b = await account('admin');
    await onlyAdmins(a.id, b.id);
    let holding!: () => void;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    // The first change locks the administrators, demotes A and stays open until released.
    const first = database.db.transaction().execute(async (trx) => {
      expect((await lockActiveAdmins(trx)).sort()).toEqual([a.id, b.id].sort());
      await trx.updateTable('users').set({ role: 'editor' }).where('id', '=', a.id).execute();
      holding();
      await gate;
    });
    await held;
    let seen: number[] | null = null;
    const second = database.db.transaction().execute(async (trx) => {
      seen = await lockActiveAdmins(trx);
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen).toBeNull();
    release();
    await Promise.all([first, second]);
    // After the first committed, the second sees B alone: demoting B now would be refused as the last admin.
    expect(seen).toEqual([b.id]);
  });

  it('deactivates: signs out everywhere, refuses sign-in, revokes links, keeps the byline; reactivates', async () => {
    const admin = await account('admin');
    const user = await account('author');
    const session = await services.sessions.create(user.id, '', '');
    const { token } = await services.passwordResets.issueReset(user.id, { userId: admin.id });
    await services.staff.setActive(user.id, false, { userId: admin.id, ip: '10.3.3.3' });
    expect(await services.sessions.find(session)).toBeNull();
    expect(await services.staff.authenticate(user.email, PASSWORD)).toBeNull();
    expect(await services.passwordResets.check(token)).toBeNull();
    const entry = await services.staff.directoryEntry(user.id);
    expect(entry).toMatchObject({ active: false, personId: user.personId, openLink: null });
    expect(entry.byline).not.toBeNull();
    const [deactivated] = await services.audit.list({ subjectType: 'user', subjectId: user.id, action: 'user.deactivated' });
    expect(deactivated).toMatchObject({
      actorId: admin.id,
      ip: '10.3.3.3',
      before: { active: true },
      after: { active: false, sessionsEnded: 1, linksRevoked: 1 },
    });

    // Doing it twice changes nothing and records nothing.
    await services.staff.setActive(user.id, false, { userId: admin.id });
    expect(await services.audit.list({ subjectType: 'user', subjectId: user.id, action: 'user.deactivated' })).toHaveLength(1);

    await services.staff.setActive(user.id, true, { userId: admin.id });
    expect(await services.staff.authenticate(user.email, PASSWORD)).not.toBeNull();
    expect(await services.audit.list({ subjectType: 'user', subjectId: user.id, action: 'user.reactivated' })).toHaveLength(1);
  });

  it('refuses to deactivate your own account or the last active administrator', async () => {
    const admin = await account('admin');
    const own = await domainRejection(services.staff.setActive(admin.id, false, { userId: admin.id }));
    expect(own).toMatchObject({ code: 'conflict', message: OWN_ACCOUNT_DEACTIVATION_MESSAGE });
    await onlyAdmins(admin.id);
    const last = await domainRejection(services.staff.setActive(admin.id, false));
    expect(last).toMatchObject({ code: 'conflict', message: LAST_ADMIN_MESSAGE });
    expect((await services.staff.findById(admin.id))?.active).toBe(true);
    expect((await domainRejection(services.staff.setActive(999_999, false))).code).toBe('not_found');
  });
});
