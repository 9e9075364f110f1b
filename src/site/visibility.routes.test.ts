import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeArticle, makeDiscussion, makePerson, makeSection } from '../../test/factories.js';
import { createTestApp, type TestApp, TEST_SITE_URL } from '../../test/helpers/app.js';
import { ManualClock } from '../../test/helpers/clock.js';
import { Commenter } from '../../test/helpers/commenter.js';
import { describeEachDialect } from '../../test/helpers/database.js';
import { expectValidHtml } from '../../test/helpers/html.js';
import { searchArticleIds } from '../../test/helpers/search.js';
import { createStaffUser, loginAs, mergeCookies } from '../../test/helpers/staff.js';
import { PROTECTED_STANDFIRST } from '../news/articles/article.types.js';
import { LOCKED_COMMENT_MESSAGE } from './comments/comments.routes.js';
import { UNLOCK_LIMIT_PER_ARTICLE, WRONG_PASSWORD_MESSAGE } from './unlock.routes.js';
import { PROTECTED_MESSAGE } from './views/components/PasswordForm.js';

/**
 * The public site and the three visibilities: a private story is missing to readers (404 like any missing one) and in
 * no list, feed, sitemap or search; a password-protected one is listed by its headline only, never in a feed, sitemap
 * or search, and its page is a password form, the same bytes for everyone, until the reader unlocks it.
 * Marker words sit in each story's text so any leak is found by a plain `toContain`.
 */
describeEachDialect('private and password-protected stories on the site', (dialect) => {
  let t: TestApp;
  let clock: ManualClock;
  let publicPath: string;
  let privateStory: { id: number; path: string; slug: string };
  let locked: { id: number; path: string };
  let editor: string;
  let owner: string;
  let outsider: string;
  let n = 0;
  const addresses = () => `192.0.2.${++n}`;

  /** Every word of a private story that must never reach a reader (its headline included). */
  const PRIVATE_MARKERS = ['Private kestrel', 'privmarkstand', 'privmarkbody', 'privmarkcorrection', 'privmarkcomment'];
  /** What of a protected story must never leave its unlocked page (its headline may). */
  const LOCKED_MARKERS = ['lockmarkstand', 'lockmarkbody', 'lockmarkseo', 'lockmarkalt', 'lockmarkcaption', 'lockmarkcorrection', 'lockmarkcomment', 'hunter2'];
  const PASSWORD = 'hunter2';

  beforeAll(async () => {
    clock = new ManualClock('2026-03-10T12:00:00.000Z');
    t = await createTestApp(dialect, { clock });
    const { services } = t.app;
    const section = await makeSection(services, { name: 'Wildlife', slug: 'wildlife' });
    const byline = await makePerson(services, { displayName: 'Kim Keeper', slug: 'kim' });
    const tag = await services.taxonomy.ensureTag('Birds of prey');
    expect((await services.taxonomy.getTag(tag)).slug).toBe('birds-of-prey');
    const common = { primarySectionId: section.id, tagIds: [tag], authorIds: [byline.id] };

    const publicId = await makeArticle(services, { ...common, title: 'Open kestrel story', publishedAt: '2026-03-09T10:00:00Z' });
    publicPath = (await services.articles.findPublishedById(publicId))!.path;
    const privateId = await makeArticle(services, {
      ...common,
      title: 'Private kestrel story',
      standfirst: 'A privmarkstand standfirst.',
      body: '<p>A privmarkbody body.</p>',
      visibility: 'private',
      publishedAt: '2026-03-09T11:00:00Z',
    });
    const p = (await services.articles.findPublishedById(privateId))!;
    privateStory = { id: privateId, path: p.path, slug: p.slug };
    const lockedId = await makeArticle(services, {
      ...common,
      title: 'Protected kestrel story',
      standfirst: 'A lockmarkstand standfirst.',
      body: '<p>A lockmarkbody body.</p>',
      seoDescription: 'A lockmarkseo description.',
      image: { url: '/media/kestrel.jpg', alt: 'A lockmarkalt picture', caption: 'A lockmarkcaption caption', credit: '', width: 1200, height: 675 },
      visibility: 'password',
      password: PASSWORD,
      publishedAt: '2026-03-09T12:00:00Z',
    });
    locked = { id: lockedId, path: (await services.articles.findPublishedById(lockedId))!.path };
    for (const [id, word] of [
      [privateId, 'privmark'],
      [lockedId, 'lockmark'],
    ] as const) {
      await services.corrections.add(id, `An earlier version said ${word}correction.`, { userId: null });
      await makeDiscussion(t.database.db, id, [{ body: `A ${word}comment here.` }], clock.now().toISOString());
    }

    const e = await createStaffUser(t.app, 'editor');
    const writer = await createStaffUser(t.app, 'contributor', { personId: byline.id });
    const other = await createStaffUser(t.app, 'contributor');
    editor = await loginAs(t.app, e.email, e.password);
    owner = await loginAs(t.app, writer.email, writer.password);
    outsider = await loginAs(t.app, other.email, other.password);
  });
  afterAll(async () => t.close());

  const get = (url: string, cookie?: string) => t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
  /** What a current browser sends with a form posted from the site's own page (the Origin is null under no-referrer). */
  const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin', origin: 'null' };
  const unlock = (password: string, headers: Record<string, string> = SAME_ORIGIN, remoteAddress = addresses()) =>
    t.app.inject({
      method: 'POST',
      url: `${locked.path}unlock`,
      remoteAddress,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: new URLSearchParams({ password }).toString(),
    });
  const unlockCookie = (res: LightMyRequestResponse) => mergeCookies('', res);

  /** Every public page, feed and sitemap that lists stories, by URL. */
  const LISTS = ['/', '/section/wildlife/', '/tag/birds-of-prey/', '/author/kim/', '/search?q=kestrel', '/corrections/', '/nowhere-at-all/'];
  const FEEDS = [
    '/feed/',
    '/feed/atom/',
    '/feed/json/',
    '/section/wildlife/feed/',
    '/tag/birds-of-prey/feed/',
    '/author/kim/feed/',
    '/comments/feed/',
    '/comments/feed/json/',
    '/corrections/feed/',
    '/sitemap.xml',
    '/sitemaps/articles-2026-03.xml',
    '/sitemaps/news.xml',
    '/sitemaps/tags.xml',
    '/sitemaps/authors.xml',
    '/sitemaps/sections.xml',
  ];

  describe('pinned stories', () => {
    it('lead the front page (newest pinned in the lead slot, others at the top of Latest), then the newest stories', async () => {
      const { services } = t.app;
      const first = await makeArticle(services, { title: 'Pinned osprey notice', pinned: true, publishedAt: '2026-01-05T00:00:00Z' });
      const second = await makeArticle(services, { title: 'Older pinned osprey', pinned: true, publishedAt: '2026-01-01T00:00:00Z' });
      try {
        const html = (await get('/')).body;
        const lead = html.slice(html.indexOf('aria-label="Lead story"'), html.indexOf('id="latest-heading"'));
        expect(lead).toContain('Pinned osprey notice');
        const latest = html.slice(html.indexOf('id="latest-heading"'));
        expect(latest.indexOf('Older pinned osprey')).toBeGreaterThan(0);
        expect(latest.indexOf('Older pinned osprey')).toBeLessThan(latest.indexOf('Open kestrel story'));
        await expectValidHtml(html);
      } finally {
        await services.articles.update(first, { pinned: false });
        await services.articles.update(second, { pinned: false });
      }
    });
  });

  describe('a private story', () => {
    it('is a 404 exactly like a missing story for readers and for a contributor who did not write it', async () => {
      const missingPath = privateStory.path.replace(privateStory.slug, 'no-such-story');
      const missing = await get(missingPath);
      expect(missing.statusCode).toBe(404);
      for (const cookie of [undefined, outsider]) {
        const res = await get(privateStory.path, cookie);
        expect(res.statusCode).toBe(404);
        if (!cookie) expect(res.body.replaceAll(privateStory.path, missingPath)).toBe(missing.body);
        for (const marker of PRIVATE_MARKERS) expect(res.body).not.toContain(marker);
      }
      // Its other addresses too: ?p=ID and /{slug}/ lead nowhere; its comment feed does not exist.
      const legacy = await get(`/?p=${privateStory.id}`);
      expect(legacy.statusCode).toBe(200);
      expect(legacy.body).not.toContain('Private kestrel');
      expect((await get(`/${privateStory.slug}/`)).statusCode).toBe(404);
      expect((await get(`${privateStory.path}comments/feed/`)).statusCode).toBe(404);
    });

    it('is there for its editor and its writer, with comments, never cached', async () => {
      for (const cookie of [editor, owner]) {
        const res = await get(privateStory.path, cookie);
        expect(res.statusCode).toBe(200);
        expect(res.body).toContain('privmarkbody');
        expect(res.body).toContain('privmarkcomment');
        expect(res.headers['cache-control']).toBe('private, no-store');
      }
      expect((await get(`/?p=${privateStory.id}`, editor)).headers.location).toBe(privateStory.path);
    });

    it('is in no list, feed or sitemap, and no other story links to it', async () => {
      for (const url of [...LISTS, ...FEEDS, publicPath, locked.path]) {
        const res = await get(url);
        expect([200, 404], url).toContain(res.statusCode);
        for (const marker of [...PRIVATE_MARKERS, privateStory.path]) expect(res.body, `${url} has ${marker}`).not.toContain(marker);
      }
      // Staff get the same public lists: being signed in shows no one a private story outside its own page.
      for (const url of ['/', '/section/wildlife/', '/feed/']) expect((await get(url, editor)).body).not.toContain('Private kestrel');
    });
  });

  describe('a password-protected story', () => {
    it('is listed by its headline with the neutral line, never its text; feeds, sitemaps and search do not have it at all', async () => {
      for (const url of ['/', '/section/wildlife/', '/tag/birds-of-prey/', '/author/kim/', publicPath]) {
        const res = await get(url);
        expect(res.body, url).toContain('Protected kestrel story');
        for (const marker of LOCKED_MARKERS) expect(res.body, `${url} has ${marker}`).not.toContain(marker);
      }
      expect((await get('/section/wildlife/')).body).toContain(PROTECTED_STANDFIRST);
      for (const url of [...FEEDS, '/search?q=kestrel', '/corrections/']) {
        const res = await get(url);
        for (const marker of [...LOCKED_MARKERS, 'Protected kestrel', locked.path]) expect(res.body, `${url} has ${marker}`).not.toContain(marker);
      }
      expect((await get(`${locked.path}comments/feed/`)).statusCode).toBe(404);
      // The search page repeats the query, so its words are looked for in the results themselves.
      for (const word of ['lockmarkbody', 'lockmarkstand', 'protected']) expect(await searchArticleIds(t.app.services, word)).toEqual([]);
    });

    it('shows a password form instead of its text and comments: the same bytes for every reader, cacheable, no cookie set', async () => {
      const first = await get(locked.path);
      const second = await get(locked.path);
      // A reader with a forged or stale unlock cookie gets the same page.
      const forged = await get(locked.path, `dateline_unlock_${locked.id}=${Buffer.from(`${locked.id}:1`).toString('base64url')}.forged`);
      expect(first.statusCode).toBe(200);
      expect(second.body).toBe(first.body);
      expect(forged.body).toBe(first.body);
      const front = await get('/');
      for (const res of [first, second, forged]) {
        expect(res.headers['set-cookie']).toBeUndefined();
        // The normal headers of a public page, like the front page's: nothing that keeps a cache from storing it.
        expect(res.headers['cache-control']).toBe(front.headers['cache-control']);
      }
      const html = first.body;
      expect(html).toContain('<h1 class="story-title">Protected kestrel story</h1>');
      expect(html).toContain(PROTECTED_MESSAGE);
      expect(html).toContain(`<form class="password-form" method="post" action="${locked.path}unlock">`);
      expect(html).toContain('<input id="story-password" name="password" type="password" required');
      expect(html).not.toContain('_csrf');
      expect(html).not.toContain('id="comments"');
      expect(html).not.toContain('form_token');
      expect(html).toContain(`<meta name="description" content="${PROTECTED_STANDFIRST}"/>`);
      for (const marker of LOCKED_MARKERS) expect(html).not.toContain(marker);
      await expectValidHtml(html);
    });

    it('answers a wrong password with 401 and a message on the form; refuses posts from other sites', async () => {
      const wrong = await unlock('Hunter2');
      expect(wrong.statusCode).toBe(401);
      expect(wrong.body).toContain(WRONG_PASSWORD_MESSAGE);
      expect(wrong.body).toContain('aria-invalid="true"');
      expect(wrong.headers['set-cookie']).toBeUndefined();
      expect(wrong.headers['cache-control']).toBe('private, no-store');
      // Sec-Fetch-Site decides when a browser sends it; an older one is judged by its Origin, against SITE_URL.
      const foreign: Record<string, string>[] = [
        { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
        { 'sec-fetch-site': 'cross-site', origin: TEST_SITE_URL },
        { 'sec-fetch-site': 'same-site', origin: 'https://blog.news.test' },
        { origin: 'https://evil.example' },
        { origin: 'null' },
      ];
      for (const headers of foreign) {
        const res = await unlock(PASSWORD, headers);
        expect(res.statusCode, JSON.stringify(headers)).toBe(403);
        expect(res.body).toContain('sent from another site');
        expect(res.headers['set-cookie']).toBeUndefined();
      }
      const ownSite: Record<string, string>[] = [{ origin: TEST_SITE_URL }, { 'sec-fetch-site': 'same-origin', origin: TEST_SITE_URL }, {}];
      for (const headers of ownSite) {
        expect((await unlock(PASSWORD, headers)).statusCode, JSON.stringify(headers)).toBe(303);
      }
      // A missing story, or one that is not protected, has nothing to unlock.
      const notProtected = await t.app.inject({ method: 'POST', url: `${publicPath}unlock`, payload: { password: PASSWORD } });
      expect(notProtected.statusCode).toBe(404);
      expect((await t.app.inject({ method: 'POST', url: `${privateStory.path}unlock`, payload: { password: PASSWORD } })).statusCode).toBe(404);
    });

    it('limits password attempts per address and story, like sign-in', async () => {
      const address = addresses();
      for (let i = 0; i < UNLOCK_LIMIT_PER_ARTICLE; i++) expect((await unlock('nope', {}, address)).statusCode).toBe(401);
      const throttled = await unlock(PASSWORD, {}, address);
      expect(throttled.statusCode).toBe(429);
      expect(throttled.headers['retry-after']).toBeDefined();
      expect(throttled.headers['set-cookie']).toBeUndefined();
      expect((await unlock(PASSWORD, {}, addresses())).statusCode).toBe(303);
    });

    it('unlocks with the right password: 303 back with a per-story cookie, then the whole story, never cached', async () => {
      const res = await unlock(PASSWORD);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(locked.path);
      const setCookie = String(res.headers['set-cookie']);
      expect(setCookie).toMatch(new RegExp(`^dateline_unlock_${locked.id}=[^;]+; Max-Age=864000; Path=/; HttpOnly; SameSite=Lax$`));
      expect(setCookie).not.toContain(PASSWORD);
      const cookie = unlockCookie(res);
      const page = await get(locked.path, cookie);
      expect(page.statusCode).toBe(200);
      expect(page.headers['cache-control']).toBe('private, no-store');
      for (const word of ['lockmarkstand', 'lockmarkbody', 'lockmarkcaption', 'lockmarkcorrection', 'lockmarkcomment']) expect(page.body).toContain(word);
      expect(page.body).not.toContain(PROTECTED_MESSAGE);
      expect(page.body).not.toContain(PASSWORD);
      await expectValidHtml(page.body);
      // The cookie is this story's only: another story's page is the plain one.
      expect((await get(publicPath, cookie)).headers['cache-control']).toBe('private, no-cache');
    });

    it('stops honouring the cookie once the password changes', async () => {
      const cookie = unlockCookie(await unlock(PASSWORD));
      expect((await get(locked.path, cookie)).body).toContain('lockmarkbody');
      await t.app.services.articles.update(locked.id, { password: 'a new password' });
      try {
        const res = await get(locked.path, cookie);
        expect(res.body).not.toContain('lockmarkbody');
        expect(res.body).toContain(PROTECTED_MESSAGE);
        expect(res.body).toBe((await get(locked.path)).body);
        expect((await unlock(PASSWORD)).statusCode).toBe(401);
        expect((await unlock('a new password')).statusCode).toBe(303);
      } finally {
        await t.app.services.articles.update(locked.id, { password: PASSWORD });
      }
    });

    it('takes comments only from readers who unlocked it', async () => {
      const reader = new Commenter(t.app, clock);
      // A CSRF cookie and token from another page, and the locked story's id: refused.
      const other = await reader.open(publicPath);
      const token = other.body.match(/name="_csrf" value="([^"]+)"/)![1]!;
      clock.advance(20_000);
      const refused = await t.app.inject({
        method: 'POST',
        url: '/comments',
        remoteAddress: reader.ip,
        headers: { cookie: reader.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: token, article_id: String(locked.id), comment: 'Let me in', author: 'Ann', email: 'ann@example.com' }).toString(),
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.body).toContain(LOCKED_COMMENT_MESSAGE);
      // Unlocked, the same reader comments through the story's own form.
      reader.cookie = mergeCookies(reader.cookie, await unlock(PASSWORD));
      const posted = await reader.post(locked.path, { comment: 'Worth the password.', author: 'Ann', email: 'ann@example.com' });
      expect(posted.statusCode).toBe(303);
    });
  });

  describe('a page with a parent', () => {
    it('keeps its own address and says what it is part of', async () => {
      const parent = await t.app.services.pages.create({ title: 'About us', slug: 'about-us', status: 'published' });
      await t.app.services.pages.create({ title: 'Our team', slug: 'our-team', status: 'published', parentId: parent, sortOrder: 1 });
      const res = await get('/our-team/');
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<p class="kicker page-parent">Part of <a href="/about-us/">About us</a></p>');
      await expectValidHtml(res.body);
    });
  });
});
