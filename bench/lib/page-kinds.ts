import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { authorPath, sectionPath, tagPath } from '../../src/news/shared/paths.js';
import type { Database } from '../../src/platform/db/schema.js';
import { hiddenField, mergeCookies } from './comments.js';
import { VIRAL_ARTICLE_ID } from './dataset-comments.js';
import { type LatencySummary, summarise, timedGet } from './latency.js';
import { leadArticlePath } from './scenarios.js';
import { searchCases, searchPath } from './search.js';
import type { BenchSite } from './site.js';

/**
 * The page-kinds scenario: one address per public page kind and per newsroom list, each resolved from the running
 * site (links in its pages, its robots.txt and sitemap index, the `?p=ID` redirect) or, where the site links nothing
 * that says which is biggest, from the database's counts through the site's own path helpers. Then `repetitions`
 * rounds of one uncached GET each, sequential, after a few warm-up rounds.
 */

/** How deep "page N" goes: far enough that an offset would show. */
export const DEEP_PAGE = 50;
const STAFF_EMAIL = 'bench-staff@example.test';

export interface PageKind {
  kind: string;
  path: string;
  /** Newsroom pages send the staff session. */
  staff?: boolean;
}

export interface PageKindRow extends LatencySummary {
  kind: string;
  path: string;
  /** The status of the first measured response; `non2xx` counts every response that was not 2xx. */
  status: number;
  bytes: number;
  non2xx: number;
}

export interface PageKindsResult {
  repetitions: number;
  warmupRounds: number;
  rows: PageKindRow[];
  /** Kinds the site has no page for, or whose address could not be found, with why. */
  skipped: string[];
}

const decodeEntities = (value: string) =>
  value
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");

/** A site URL or path -> path and query (feeds and sitemaps link with the configured SITE_URL, not ours). */
const localPath = (href: string) => {
  const url = new URL(decodeEntities(href), 'http://site.invalid');
  return `${url.pathname}${url.search}`;
};

/** `<link rel="alternate" type=… href=…>` feed links in a page's head, by type. */
function feedLinks(html: string): Array<{ type: string; path: string }> {
  return [...html.matchAll(/<link\b[^>]*>/g)]
    .map(([tag]) => ({ rel: /\brel="([^"]*)"/.exec(tag)?.[1], type: /\btype="([^"]*)"/.exec(tag)?.[1] ?? '', href: /\bhref="([^"]*)"/.exec(tag)?.[1] }))
    .filter((l) => l.rel === 'alternate' && l.href && /rss|atom|feed\+json|json/.test(l.type))
    .map((l) => ({ type: l.type, path: localPath(l.href!) }));
}

/** A page's own feed (its first format), not the site's that every page links too: the one under its address. */
const ownFeed = (html: string, pagePath: string) => feedLinks(html).find((feed) => feed.path.startsWith(pagePath))?.path;

/** The link to the next (older) page: `rel="next"`, else a link whose text says Next or Older. */
function nextLink(html: string): string | null {
  for (const [, attributes = '', text = ''] of html.matchAll(/<a\b([^>]*)>([\s\S]*?)<\/a>/g)) {
    const href = /\bhref="([^"]*)"/.exec(attributes)?.[1];
    if (!href) continue;
    const rel = /\brel="([^"]*)"/.exec(attributes)?.[1] ?? '';
    if (rel.split(/\s+/).includes('next') || /^\s*(next|older)\b/i.test(text.replace(/<[^>]*>/g, ''))) return localPath(href);
  }
  return null;
}

async function getOk(site: BenchSite, path: string, headers: Record<string, string> = {}): Promise<string | null> {
  const response = await timedGet(`${site.url}${path}`, headers);
  return response.status === 200 ? response.body.toString('utf8') : null;
}

/**
 * Page `depth` of a paged list: `<base>page/<depth>/` when the site answers it, else the next link followed from the
 * first page (so keyset addresses work too), stopping at the last page. Null when the list has one page.
 */
async function deepPage(site: BenchSite, base: string, depth: number, headers: Record<string, string> = {}): Promise<{ path: string; page: number } | null> {
  const direct = `${base}page/${depth}/`;
  if (base.endsWith('/') && (await getOk(site, direct, headers))) return { path: direct, page: depth };
  let html = await getOk(site, base, headers);
  let found: { path: string; page: number } | null = null;
  for (let page = 2; page <= depth && html; page++) {
    const next = nextLink(html);
    if (!next) break;
    html = await getOk(site, next, headers);
    if (html) found = { path: next, page };
  }
  return found;
}

/** The slug of the tag, person or section with the most stories: the archive with the deepest pages. */
async function busiest(db: Kysely<Database>, kind: 'tag' | 'author' | 'section'): Promise<string | null> {
  if (kind === 'tag') {
    const row = await db
      .selectFrom('article_tags')
      .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
      .select('tags.slug')
      .groupBy(['tags.id', 'tags.slug'])
      .orderBy((eb) => eb.fn.countAll(), 'desc')
      .orderBy('tags.id')
      .executeTakeFirst();
    return row?.slug ?? null;
  }
  if (kind === 'author') {
    const row = await db
      .selectFrom('article_authors')
      .innerJoin('people', 'people.id', 'article_authors.person_id')
      .select('people.slug')
      .groupBy(['people.id', 'people.slug'])
      .orderBy((eb) => eb.fn.countAll(), 'desc')
      .orderBy('people.id')
      .executeTakeFirst();
    return row?.slug ?? null;
  }
  const row = await db
    .selectFrom('article_sections')
    .innerJoin('sections', 'sections.id', 'article_sections.section_id')
    .select('sections.slug')
    .groupBy(['sections.id', 'sections.slug'])
    .orderBy((eb) => eb.fn.countAll(), 'desc')
    .orderBy('sections.id')
    .executeTakeFirst();
  return row?.slug ?? null;
}

/** Signs a staff account (created, or its password reset, for the bench) in through the real form; the Cookie header. */
async function staffSession(site: BenchSite): Promise<string> {
  const password = randomBytes(18).toString('base64url');
  const staff = site.app.services.staff;
  if (await staff.findByEmail(STAFF_EMAIL)) {
    // A kept PostgreSQL dataset keeps the account between runs: a new password instead of a second account.
    const reset = await staff.resetPassword(STAFF_EMAIL);
    return signIn(site, reset.password);
  }
  await staff.create({ email: STAFF_EMAIL, displayName: 'Bench Editor', role: 'admin', password });
  return signIn(site, password);
}

async function signIn(site: BenchSite, password: string): Promise<string> {
  const page = await fetch(`${site.url}/newsroom/login`, { redirect: 'manual' });
  let cookie = mergeCookies('', page);
  const csrf = hiddenField(await page.text(), '_csrf');
  if (!csrf) throw new Error('the sign-in page has no _csrf field');
  const response = await fetch(`${site.url}/newsroom/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, email: STAFF_EMAIL, password }).toString(),
  });
  if (response.status !== 303) throw new Error(`signing in as ${STAFF_EMAIL} answered ${response.status}, not 303`);
  cookie = mergeCookies(cookie, response);
  return cookie;
}

/** Every page kind's address on this site, the kinds it could not find (with why), and the staff session. */
async function resolvePageKinds(site: BenchSite, options: { generated: boolean }): Promise<{ kinds: PageKind[]; skipped: string[]; cookie: string }> {
  const kinds: PageKind[] = [];
  const skipped: string[] = [];
  const add = (kind: string, path: string | null | undefined, why: string, staff = false) => {
    if (path) kinds.push({ kind, path, ...(staff ? { staff } : {}) });
    else skipped.push(`${kind}: ${why}`);
  };
  const addDeep = async (kind: string, base: string, headers: Record<string, string> = {}) => {
    const deep = await deepPage(site, base, DEEP_PAGE, headers);
    add(deep && deep.page < DEEP_PAGE ? `${kind} (last)` : kind, deep?.path, `${base} has a single page (no next link)`, Boolean(headers.cookie));
  };

  const front = (await getOk(site, '/')) ?? '';
  add('front', '/', '');
  const article = await leadArticlePath(site);
  add('article', article, '');
  if (options.generated) {
    // The dataset's story with 5,000 approved comments, by its id: the site's WordPress-style ?p=ID redirect.
    const viral = await timedGet(`${site.url}/?p=${VIRAL_ARTICLE_ID}`);
    add('article, 5,000 comments', viral.status === 301 ? localPath(String(viral.headers.location)) : null, `/?p=${VIRAL_ARTICLE_ID} answered ${viral.status}`);
  } else {
    skipped.push('article, 5,000 comments: only on a generated archive (--articles N)');
  }

  for (const [kind, pathOf] of [
    ['section', sectionPath],
    ['tag', tagPath],
    ['author', authorPath],
  ] as const) {
    const slug = await busiest(site.database.db, kind);
    if (!slug) {
      skipped.push(`${kind} archive: no ${kind} has stories`);
      continue;
    }
    add(`${kind} archive`, pathOf(slug), '');
    await addDeep(`${kind} page ${DEEP_PAGE}`, pathOf(slug));
    if (kind === 'section') {
      const sectionHtml = (await getOk(site, pathOf(slug))) ?? '';
      add('section feed', ownFeed(sectionHtml, pathOf(slug)), `${pathOf(slug)} links no feed of its own`);
    }
  }

  // No month archive today: probe the lead article's month, so the row appears once the site has one.
  const month = /^\/(\d{4})\/(\d{2})\//.exec(article);
  const monthPath = month ? `/${month[1]}/${month[2]}/` : null;
  const monthAnswer = monthPath ? await timedGet(`${site.url}${monthPath}`) : null;
  add('month archive', monthAnswer?.status === 200 ? monthPath : null, `no month archive on this site (${monthPath} answered ${monthAnswer?.status})`);

  const siteFeeds = feedLinks(front);
  if (!siteFeeds.length) skipped.push('site feed: the front page links no feed');
  for (const feed of siteFeeds) add(`site feed (${feed.type.replace(/^application\//, '')})`, feed.path, '');
  const commentsOf = kinds.find((k) => k.kind === 'article, 5,000 comments')?.path ?? article;
  add('comment feed (story)', ownFeed((await getOk(site, commentsOf)) ?? '', commentsOf), `${commentsOf} links no comment feed`);
  // The site-wide comment feed is linked from no page; its address is the feeds' convention.
  add('comment feed (site)', '/comments/feed/', '');

  const robots = (await getOk(site, '/robots.txt')) ?? '';
  const index = [...robots.matchAll(/^Sitemap:\s*(\S+)/gim)].map(([, href]) => localPath(href!)).find((p) => !p.includes('news'));
  add('sitemap index', index, 'robots.txt names no sitemap index');
  const files = index ? [...((await getOk(site, index)) ?? '').matchAll(/<loc>([^<]+)<\/loc>/g)].map(([, loc]) => localPath(loc!)) : [];
  // The deepest file: the highest page number of a paged group, else the last month of stories.
  const pageOf = (p: string) => Number(/-(\d+)\.xml$/.exec(p.replace(/-\d{4}-\d{2}\.xml$/, '.xml'))?.[1] ?? 1);
  const deepest = [...files]
    .filter((p) => p.includes('articles-'))
    .sort((a, b) => pageOf(a) - pageOf(b) || files.indexOf(a) - files.indexOf(b))
    .at(-1);
  add('sitemap file', deepest, 'the sitemap index lists no article sitemap');
  add('search', searchPath(searchCases()[0]!), '');

  // The newsroom's lists, at their fixed addresses (the newsroom's menu), signed in.
  const cookie = await staffSession(site);
  add('newsroom dashboard', '/newsroom/', '', true);
  add('newsroom articles', '/newsroom/articles', '', true);
  await addDeep(`newsroom articles page ${DEEP_PAGE}`, '/newsroom/articles', { cookie });
  add('newsroom comments queue', '/newsroom/comments', '', true);
  add('newsroom media', '/newsroom/media', '', true);
  add('newsroom tags', '/newsroom/tags', '', true);
  add('newsroom sections', '/newsroom/sections', '', true);
  add('newsroom users', '/newsroom/users', '', true);
  return { kinds, skipped, cookie };
}

/**
 * Resolves every kind, sends `warmupRounds` discarded rounds, then `repetitions` rounds of one GET per kind in
 * turn (so load from elsewhere on the machine falls on every kind alike), one request at a time, no conditional
 * headers and no accept-encoding: each answer is rendered in full and sent uncompressed.
 */
export async function runPageKinds(site: BenchSite, options: { repetitions: number; generated: boolean }): Promise<PageKindsResult> {
  const { kinds, skipped, cookie } = await resolvePageKinds(site, options);
  const warmupRounds = Math.max(3, Math.ceil(options.repetitions / 10));
  const samples = kinds.map(() => ({ ms: [] as number[], status: 0, bytes: 0, non2xx: 0 }));
  for (let round = -warmupRounds; round < options.repetitions; round++) {
    for (const [i, kind] of kinds.entries()) {
      const response = await timedGet(`${site.url}${kind.path}`, kind.staff ? { cookie } : {});
      if (round < 0) continue;
      const sample = samples[i]!;
      if (round === 0) {
        sample.status = response.status;
        sample.bytes = response.body.length;
      }
      if (response.status < 200 || response.status > 299) sample.non2xx++;
      sample.ms.push(response.ms);
    }
  }
  const rows = kinds.map((kind, i) => {
    const { ms, ...rest } = samples[i]!;
    return { kind: kind.kind, path: kind.path, ...rest, ...summarise(ms) };
  });
  return { repetitions: options.repetitions, warmupRounds, rows, skipped };
}
