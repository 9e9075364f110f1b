import type { FastifyInstance } from 'fastify';
import type { Role } from '../../src/news/staff/roles.js';
import { createStaffUser, loginAs, type TestStaffUser } from './staff.js';

/** One signed-in account per role (created one after another: password hashing is heavy), with its Cookie header. */
export async function signInEachRole(app: FastifyInstance): Promise<Record<Role, { user: TestStaffUser; cookie: string }>> {
  const signedIn = {} as Record<Role, { user: TestStaffUser; cookie: string }>;
  for (const role of ['admin', 'editor', 'author', 'contributor'] as const) {
    const user = await createStaffUser(app, role);
    signedIn[role] = { user, cookie: await loginAs(app, user.email, user.password) };
  }
  return signedIn;
}
