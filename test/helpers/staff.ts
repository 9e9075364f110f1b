import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Role } from '../../src/news/staff/roles.js';
import type { StaffUser } from '../../src/news/staff/staff-user.js';

let counter = 0;

export interface TestStaffUser extends StaffUser {
  /** The plain password, for signing in. */
  password: string;
}

/** A staff account of the given role through the real service (with a new byline person unless `personId` is given). */
export async function createStaffUser(
  app: FastifyInstance,
  role: Role = 'editor',
  overrides: { email?: string; displayName?: string; password?: string; personId?: number | null } = {},
): Promise<TestStaffUser> {
  const n = ++counter;
  const password = overrides.password ?? `correct horse battery ${n}`;
  const user = await app.services.staff.create({
    email: overrides.email ?? `${role}${n}-${process.pid}@example.test`,
    displayName: overrides.displayName ?? `Test ${role} ${n}`,
    role,
    password,
    personId: overrides.personId ?? null,
  });
  return { ...user, password };
}

/** Merges a response's Set-Cookie headers into a Cookie header (removing cleared cookies). */
export function mergeCookies(previous: string, response: LightMyRequestResponse): string {
  const jar = new Map<string, string>();
  for (const part of previous.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name) jar.set(name, rest.join('='));
  }
  for (const cookie of response.cookies as { name: string; value: string; expires?: Date; maxAge?: number }[]) {
    const expired = cookie.maxAge === 0 || (cookie.expires !== undefined && cookie.expires.getTime() <= Date.now()) || cookie.value === '';
    if (expired) jar.delete(cookie.name);
    else jar.set(cookie.name, cookie.value);
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

/** The CSRF token in a page's forms (the hidden `_csrf` field). */
export function csrfTokenIn(html: string): string {
  const token = html.match(/name="_csrf" value="([^"]+)"/)?.[1];
  if (!token) throw new Error('No CSRF field in the page');
  return token;
}

let address = 0;
/**
 * A distinct client address per sign-in, so tests that sign in often never meet the sign-in rate limit
 * (5 a minute per address and account). Pass `remoteAddress` to a request to act as the same client.
 */
export function nextTestAddress(): string {
  address++;
  return `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`;
}

/**
 * Signs in through the real form (GET the page for its CSRF cookie and token, POST the credentials) and returns a
 * Cookie header string carrying the session and a CSRF cookie. Use `csrfToken(app, cookie)` for a token to post
 * with it. Throws if the sign-in did not succeed.
 */
export async function loginAs(app: FastifyInstance, email: string, password: string): Promise<string> {
  const remoteAddress = nextTestAddress();
  const page = await app.inject({ method: 'GET', url: '/newsroom/login', remoteAddress });
  let cookie = mergeCookies('', page);
  const res = await app.inject({
    method: 'POST',
    url: '/newsroom/login',
    remoteAddress,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrfTokenIn(page.body), email, password }).toString(),
  });
  if (res.statusCode !== 303) throw new Error(`Sign-in as ${email} failed with ${res.statusCode}`);
  cookie = mergeCookies(cookie, res);
  // Sign-in drops the old CSRF secret; fetching a newsroom page sets a fresh one.
  const dashboard = await app.inject({ method: 'GET', url: '/newsroom/', headers: { cookie } });
  return mergeCookies(cookie, dashboard);
}

/** A CSRF token valid with the given cookie (which must already carry the CSRF cookie, as loginAs's does). */
export async function csrfToken(app: FastifyInstance, cookie: string, url = '/newsroom/'): Promise<string> {
  const res = await app.inject({ method: 'GET', url, headers: { cookie } });
  return csrfTokenIn(res.body);
}

/** Posts a form as a browser would, with cookie and CSRF token. */
export async function postForm(
  app: FastifyInstance,
  url: string,
  cookie: string,
  fields: Record<string, string>,
  options: { token?: string; remoteAddress?: string } = {},
): Promise<LightMyRequestResponse> {
  const token = options.token ?? (await csrfToken(app, cookie));
  return app.inject({
    method: 'POST',
    url,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: token, ...fields }).toString(),
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
  });
}
