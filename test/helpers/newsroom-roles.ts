import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import type { DialectName } from '../../src/platform/db/dialect.js';
import type { Role } from '../../src/news/staff/roles.js';
import { createTestApp, type TestApp } from './app.js';
import { createStaffUser, loginAs, type TestStaffUser } from './staff.js';

export type SignedIn = Record<Role, { user: TestStaffUser; cookie: string }>;

/** One signed-in account per role (created one after another: password hashing is heavy), with its Cookie header. */
export async function signInEachRole(app: FastifyInstance): Promise<SignedIn> {
  const signedIn = {} as SignedIn;
  for (const role of ['admin', 'editor', 'author', 'contributor'] as const) {
    const user = await createStaffUser(app, role);
    signedIn[role] = { user, cookie: await loginAs(app, user.email, user.password) };
  }
  return signedIn;
}

/**
 * The app on a fresh database of the dialect, with one signed-in account per role, for the tests of the calling
 * describe block (closed after them). Read the fields inside tests: they are set once beforeAll has run.
 */
export function useAppWithEachRole(dialect: DialectName): { t: TestApp; as: SignedIn } {
  const holder = {} as { t: TestApp; as: SignedIn };
  beforeAll(async () => {
    holder.t = await createTestApp(dialect);
    holder.as = await signInEachRole(holder.t.app);
  });
  afterAll(async () => holder.t?.close());
  return holder;
}
