import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePerson } from '../../../test/factories.js';
import { createTestDatabase, describeEachDialect } from '../../../test/helpers/database.js';
import type { DatabaseHandle } from '../../platform/db/connection.js';
import { DomainEventBus } from '../../platform/events.js';
import { createSigner } from '../../platform/security/signer.js';
import { createNewsServices, type NewsServices } from '../services.js';
import { DomainError } from '../shared/errors.js';
import { PASSWORD_TOO_SHORT } from './user.service.js';

const PASSWORD = 'a perfectly long password';

describeEachDialect('staff accounts', (dialect) => {
  let database: DatabaseHandle;
  let services: NewsServices;
  let n = 0;
  const email = () => `user${++n}@example.test`;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    services = createNewsServices(database, new DomainEventBus(() => {}), { now: () => new Date() }, createSigner('k'.repeat(32)));
  });
  afterAll(async () => database.destroy());

  async function rejection(promise: Promise<unknown>): Promise<DomainError> {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }

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
      const taken = await rejection(services.staff.create({ email: email(), displayName: 'Other', role: 'author', password: PASSWORD, personId: person.id }));
      expect(taken.code).toBe('conflict');
      const missing = await rejection(services.staff.create({ email: email(), displayName: 'Ghost', role: 'author', password: PASSWORD, personId: 999_999 }));
      expect(missing.code).toBe('invalid');
    });

    it('explains every invalid field', async () => {
      const error = await rejection(services.staff.create({ email: 'not-an-email', displayName: '  ', role: 'boss', password: 'short' }));
      expect(error.code).toBe('invalid');
      expect(error.details).toEqual({
        email: 'Enter an email address such as name@example.com.',
        displayName: 'Enter a display name of at most 100 characters.',
        role: 'The role must be one of admin, editor, author, contributor.',
        password: PASSWORD_TOO_SHORT,
      });
      expect(PASSWORD_TOO_SHORT).toBe('The password must be at least 12 characters long.');
      expect((await rejection(services.staff.create({ email: '', displayName: 'X', role: 'editor', password: PASSWORD }))).details.email).toBe('Enter an email address.');
      expect((await rejection(services.staff.create({ email: email(), displayName: 'X', role: 'editor', password: 'x'.repeat(1025) }))).details.password).toMatch(/at most 1024/);
    });

    it('refuses a second account for the same email, whatever its case, and creates no person for it', async () => {
      const address = email();
      await services.staff.create({ email: address, displayName: 'First', role: 'editor', password: PASSWORD });
      const people = await database.db.selectFrom('people').select('id').execute();
      const error = await rejection(services.staff.create({ email: address.toUpperCase(), displayName: 'Second', role: 'editor', password: PASSWORD }));
      expect(error.code).toBe('conflict');
      expect(await database.db.selectFrom('people').select('id').execute()).toHaveLength(people.length);
    });
  });

  describe('authenticate', () => {
    it('accepts the right password, whatever the email case, and records the sign-in time', async () => {
      const address = email();
      const created = await services.staff.create({ email: address, displayName: 'Ann', role: 'editor', password: PASSWORD });
      const user = await services.staff.authenticate(address.toUpperCase(), PASSWORD);
      expect(user?.id).toBe(created.id);
      expect(user?.lastLoginAt).not.toBeNull();
      expect((await services.staff.findById(created.id))?.lastLoginAt).toBe(user?.lastLoginAt);
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
      const wrong = await rejection(services.staff.changePassword(user.id, 'not the password', 'a brand new password'));
      expect(wrong.details).toEqual({ currentPassword: 'The current password is not correct.' });
      const short = await rejection(services.staff.changePassword(user.id, PASSWORD, 'short'));
      expect(short.details).toEqual({ newPassword: PASSWORD_TOO_SHORT });
      const same = await rejection(services.staff.changePassword(user.id, PASSWORD, PASSWORD));
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
      expect((await rejection(services.staff.resetPassword('nobody@example.test'))).code).toBe('not_found');
    });
  });
});

describeEachDialect('first administrator', (dialect) => {
  let database: DatabaseHandle;
  let services: NewsServices;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    services = createNewsServices(database, new DomainEventBus(() => {}), { now: () => new Date() }, createSigner('k'.repeat(32)));
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
