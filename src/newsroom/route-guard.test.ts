import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/app.js';
import { describeEachDialect } from '../../test/helpers/database.js';
import { csrfTokenIn, mergeCookies } from '../../test/helpers/staff.js';

/** Every route the app has, from Fastify's route tree: [method, path] pairs. */
function routeTable(tree: string): [string, string][] {
  const routes: [string, string][] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│\s]*)(?:├── |└── )(.+?) \(([A-Z, ]+)\)\s*$/u.exec(line);
    if (!match) continue;
    const depth = [...match[1]!].length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    for (const method of match[3]!.split(',').map((m) => m.trim())) routes.push([method, stack.join('')]);
  }
  return routes;
}

/** A concrete URL for a route pattern: parameters (with or without a regex) become "1". */
const concrete = (pattern: string) => pattern.replace(/:[A-Za-z0-9_]+(\([^)]*\))?/g, '1').replace(/\*$/, 'x');

/** Routes under /newsroom that must answer without a session. */
const PUBLIC = [
  /^\/newsroom\/login$/,
  // The two-factor code step: its signed, five-minute ticket cookie stands in for the session it is about to start.
  /^\/newsroom\/login\/code$/,
  /^\/newsroom\/assets\//,
  // The page a password link (invitation or reset) opens: the token in the path is the credential.
  /^\/newsroom\/reset\/:token$/,
];

describeEachDialect('every newsroom route requires a signed-in user', (dialect) => {
  let t: TestApp;
  let routes: [string, string][];
  beforeAll(async () => {
    t = await createTestApp(dialect);
    // Registered straight on the app, outside the newsroom's plugins and without a guard: still protected.
    t.app.get('/newsroom/late-addition', async () => 'should not be reachable');
    t.app.post('/newsroom/late-addition', async () => 'should not be reachable');
    await t.app.ready();
    routes = routeTable(t.app.printRoutes({ commonPrefix: false })).filter(([, path]) => path.startsWith('/newsroom'));
  });
  afterAll(async () => t.close());

  it('finds the newsroom routes in the route table', () => {
    const names = routes.map(([method, path]) => `${method} ${path}`);
    for (const expected of [
      'GET /newsroom/',
      'GET /newsroom/login',
      'POST /newsroom/login',
      'POST /newsroom/logout',
      'GET /newsroom/account/password',
      'POST /newsroom/account/password',
    ]) {
      expect(names).toContain(expected);
    }
  });

  it('redirects GET to the sign-in page and refuses other methods with 403, with or without a valid CSRF token', async () => {
    // A CSRF cookie and token, as any visitor can get from the sign-in page: the guard must hold even with them.
    const page = await t.app.inject('/newsroom/login');
    const cookie = `${mergeCookies('', page)}; dateline_session=forged.token`;
    const token = csrfTokenIn(page.body);
    const checked: string[] = [];
    for (const [method, pattern] of routes) {
      if (PUBLIC.some((re) => re.test(pattern))) continue;
      const url = concrete(pattern);
      checked.push(`${method} ${url}`);
      if (method === 'GET' || method === 'HEAD') {
        const res = await t.app.inject({ method, url });
        expect(res.statusCode, `${method} ${url}`).toBe(303);
        expect(res.headers.location, `${method} ${url}`).toMatch(/^\/newsroom\/login(\?next=|$)/);
        continue;
      }
      const bare = await t.app.inject({ method: method as 'POST', url, payload: {} });
      expect(bare.statusCode, `${method} ${url} without anything`).toBe(403);
      const withToken = await t.app.inject({
        method: method as 'POST',
        url,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: token }).toString(),
      });
      expect(withToken.statusCode, `${method} ${url} with a CSRF token`).toBe(403);
    }
    expect(checked).toContain('POST /newsroom/logout');
    expect(checked).toContain('POST /newsroom/late-addition');
    expect(checked).toContain('GET /newsroom/');
  });
});
