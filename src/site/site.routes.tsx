import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { DomainError } from '../news/shared/errors.js';
import type { ArchiveSlice, ArchiveWindow } from '../news/articles/article.types.js';
import { authorPath, sectionPath, tagPath } from '../news/shared/paths.js';
import { encodeSlug, normalizeSlug } from '../news/shared/slug.js';
import type { ImportedKind } from '../news/vocabulary.js';
import { loadChrome } from './chrome-loader.js';
import { renderDocument } from '../web/render.js';
import { sendArticlePage, sendLockedArticlePage } from './article-response.js';
import { readerOf } from './reader.js';
import { unlockRoutes } from './unlock.routes.js';
import type { SiteDeps } from './deps.js';
import { commentFeedRoutes } from './comments/comment-feeds.routes.js';
import { commentRoutes } from './comments/comments.routes.js';
import { feedRoutes } from './feeds/feed.routes.js';
import { correctionRoutes } from './corrections/corrections.routes.js';
import { previewRoutes } from './preview.routes.js';
import { sitemapRoutes } from './sitemaps/sitemap.routes.js';
import { ArchivePageParams, ArchiveParams, ArchiveQuery, ArticleParams, ArticleQuery, SearchQuery, parseCursor, requestedArticlePath } from './site.schemas.js';
import { ArchivePage, type ArchivePageProps } from './views/ArchivePage.js';
import { pagePath } from './views/components/Pagination.js';
import { FrontPage } from './views/FrontPage.js';
import { NotFoundPage, type NotFoundReason } from './views/NotFoundPage.js';
import { SearchPage } from './views/SearchPage.js';
import { StaticPage } from './views/StaticPage.js';

const FRONT_LATEST = 8;
const ARTICLE_ROUTE = '/:year(^\\d{4}$)/:month(^\\d{2}$)/:day(^\\d{2}$)/:slug/';
const FRONT_PER_SECTION = 4;

function sendHtml(reply: FastifyReply, page: VNode, status = 200) {
  return reply.status(status).type('text/html; charset=utf-8').send(renderDocument(page));
}

/** WordPress's other id links (`/?page_id=12`), kept by imports: query parameter -> the kind of item it names. */
const LEGACY_ID_PARAMS: readonly (readonly [string, ImportedKind])[] = [
  ['page_id', 'page'],
  ['cat', 'section'],
  ['author', 'person'],
  ['attachment_id', 'media'],
];

/** The public reading site. Every handler: validate params (schema), ask a service, render a view. */
export const siteRoutes: FastifyPluginAsyncTypebox<SiteDeps> = async (app, deps) => {
  const { services } = deps;
  const chrome = () => loadChrome(services, deps.assets, deps.siteUrl);
  const perPage = async () => (await services.settings.get()).postsPerPage;
  await app.register(commentRoutes, deps);
  await app.register(commentFeedRoutes, deps);
  await app.register(feedRoutes, deps);
  await app.register(correctionRoutes, deps);
  await app.register(sitemapRoutes, deps);
  await app.register(previewRoutes, deps);
  await app.register(unlockRoutes, deps);

  app.get('/', { schema: { querystring: SearchQuery } }, async (request, reply) => {
    // WordPress-style ?p=ID links keep working after a move: Dateline's own ids first, then an import's old ones.
    // An id that leads nowhere public shows the front page, as before: it says nothing about what exists.
    const query = request.query as Record<string, unknown>;
    const legacyId = Number(query.p);
    if (Number.isInteger(legacyId) && legacyId > 0) {
      const article = await services.articles.forReader({ id: legacyId }, readerOf(request));
      if (article) return reply.redirect(article.path, 301);
      if (await services.articles.isRemoved({ id: legacyId })) return renderNotFound(deps, request, reply, 'removed');
      const imported = await services.legacyLinks.targetForOldId('article', legacyId);
      if (imported) return reply.redirect(imported, 301);
    }
    for (const [param, kind] of LEGACY_ID_PARAMS) {
      const oldId = Number(query[param]);
      if (!Number.isInteger(oldId) || oldId <= 0) continue;
      const target = await services.legacyLinks.targetForOldId(kind, oldId);
      if (target) return reply.redirect(target, 301);
    }
    // Pinned stories first (WordPress's sticky posts top its home page): the newest pinned one leads, the others head
    // Latest, then the newest stories.
    const sections = await services.taxonomy.sectionTree();
    const [siteChrome, stories] = await Promise.all([
      chrome(),
      // Section blocks repeat stories from Latest (readers scan by section), but never the lead.
      services.articles.frontPage(FRONT_LATEST + 1, {
        filters: sections.map((section) => ({ sectionId: section.id })),
        perBlock: FRONT_PER_SECTION,
      }),
    ]);
    const [lead = null, ...latest] = stories.top;
    const blocks = sections
      .map((section, i) => ({ section: siteChrome.sections.find((s) => s.slug === section.slug)!, articles: stories.blocks[i]! }))
      .filter((block) => block.articles.length);
    return sendHtml(reply, <FrontPage chrome={siteChrome} lead={lead} latest={latest} blocks={blocks} />);
  });

  // Only date-shaped addresses are articles: any other four-segment path (an old `/category/a/b/feed/`) is the
  // not-found handler's, which knows the redirects and old addresses.
  app.get(ARTICLE_ROUTE, { schema: { params: ArticleParams, querystring: ArticleQuery } }, async (request, reply) => {
    const slug = normalizeSlug(request.params.slug);
    // A private story is missing to all but the staff who may write it; a protected one is locked without its cookie.
    const article = await services.articles.forReader({ slug }, readerOf(request));
    if (!article) return articleNotFound(request, reply, slug);
    if (requestedArticlePath(request.params) !== article.path) return reply.redirect(article.path, 301);
    if (article.locked) return sendLockedArticlePage(deps, reply, article);
    const { cpage, c, thread, tpage, replytocom } = request.query;
    return sendArticlePage(deps, request, reply, article, {
      comments: { page: cpage ?? 1, focusId: c, threadId: thread, replyPage: tpage },
      replyToId: replytocom,
    });
  });

  /** One page of an archive: its listing in the requested window, or where a stale keyset link should go. */
  async function sendArchive(
    reply: FastifyReply,
    window: ArchiveWindow,
    archive: { filter: Parameters<SiteDeps['services']['articles']['archivePage']>[0]; basePath: string } & Pick<
      ArchivePageProps,
      'label' | 'title' | 'description' | 'trail' | 'intro'
    >,
  ) {
    const { filter, basePath, ...heading } = archive;
    const list = await services.articles.archivePage(filter, window, await perPage());
    if (missing(list)) return missingPage(reply, basePath, list);
    return sendHtml(reply, <ArchivePage chrome={await chrome()} {...heading} basePath={basePath} page={list} window={window} />);
  }

  async function sectionArchive(reply: FastifyReply, slug: string, window: ArchiveWindow) {
    const found = await services.taxonomy.findSection(slug);
    if (!found) return reply.callNotFound();
    const { section, trail } = found;
    const intro = section.children.length ? (
      <nav class="subsections" aria-label={`Inside ${section.name}`}>
        <ul>
          {section.children.map((child) => (
            <li key={child.slug}>
              <a href={sectionPath(child.slug)}>{child.name}</a>
            </li>
          ))}
        </ul>
      </nav>
    ) : undefined;
    return sendArchive(reply, window, {
      filter: { sectionId: section.id },
      basePath: sectionPath(section.slug),
      label: 'Section',
      title: section.name,
      description: section.description,
      trail: trail.slice(0, -1).map((s) => ({ name: s.name, path: sectionPath(s.slug) })),
      intro,
    });
  }

  async function tagArchive(reply: FastifyReply, slug: string, window: ArchiveWindow) {
    const tag = await services.taxonomy.findTag(slug);
    if (!tag) return reply.callNotFound();
    return sendArchive(reply, window, {
      filter: { tagId: tag.id },
      basePath: tagPath(tag.slug),
      label: 'Topic',
      title: tag.name,
      description: tag.description,
    });
  }

  async function authorArchive(reply: FastifyReply, slug: string, window: ArchiveWindow) {
    const person = await services.people.findBySlug(slug);
    if (!person) return reply.callNotFound();
    return sendArchive(reply, window, {
      filter: { authorId: person.id },
      basePath: authorPath(person.slug),
      label: 'Author',
      title: person.displayName,
      description: person.bio,
    });
  }

  const archives = [
    ['section', sectionArchive],
    ['tag', tagArchive],
    ['author', authorArchive],
  ] as const;
  for (const [prefix, handler] of archives) {
    app.get(`/${prefix}/:slug/`, { schema: { params: ArchiveParams, querystring: ArchiveQuery } }, (request, reply) => {
      return handler(reply, normalizeSlug(request.params.slug), archiveWindow(request.query));
    });
    app.get(`/${prefix}/:slug/page/:page/`, { schema: { params: ArchivePageParams } }, (request, reply) => {
      const { page } = request.params;
      const slug = normalizeSlug(request.params.slug);
      if (page === 1) return reply.redirect(pagePath(`/${prefix}/${encodeSlug(slug)}/`, 1), 301);
      return handler(reply, slug, { page });
    });
  }

  app.get('/search', { schema: { querystring: SearchQuery } }, async (request, reply) => {
    const { q = '', section = '', from = '', to = '', page = 1 } = request.query;
    const filters = { q, section, from, to };
    const siteChrome = await chrome();
    try {
      const outcome = await services.search.search({ ...filters, page, perPage: await perPage() });
      const results = outcome.kind === 'results' ? outcome.results : null;
      return sendHtml(reply, <SearchPage chrome={siteChrome} filters={filters} results={results} />);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'invalid') throw error;
      const echoed = { ...filters, q: q.slice(0, 200) };
      return sendHtml(reply, <SearchPage chrome={siteChrome} filters={echoed} results={null} error={error.message} />, 400);
    }
  });

  app.get('/:slug/', { schema: { params: ArchiveParams } }, async (request, reply) => {
    const slug = normalizeSlug(request.params.slug);
    const page = await services.pages.findPublished(slug);
    if (page) return sendHtml(reply, <StaticPage chrome={await chrome()} page={page} />);
    const article = await services.articles.forReader({ slug }, readerOf(request));
    if (article) return reply.redirect(article.path, 301);
    return articleNotFound(request, reply, slug);
  });

  /** An article address without a published story: 410 Gone when staff trashed it, else the usual 404. */
  async function articleNotFound(request: FastifyRequest, reply: FastifyReply, slug: string) {
    if (await services.articles.isRemoved({ slug })) return renderNotFound(deps, request, reply, 'removed');
    return reply.callNotFound();
  }
};

/** The first page, or a keyset page; a cursor that names no instant, or both directions at once, is refused (400). */
function archiveWindow(query: { before?: string | undefined; after?: string | undefined }): ArchiveWindow {
  const { before, after } = query;
  if (before !== undefined && after !== undefined) throw badRequest('An archive page is either before or after a story, not both');
  const raw = before ?? after;
  if (raw === undefined) return { page: 1 };
  const cursor = parseCursor(raw);
  if (!cursor) throw badRequest(`"${raw}" is not an archive position`);
  return before !== undefined ? { before: cursor } : { after: cursor };
}

function badRequest(message: string): Error {
  return Object.assign(new Error(message), { statusCode: 400 });
}

/** An archive page with nothing on it, other than the first (an empty archive still has its page). */
function missing(list: ArchiveSlice<unknown>): boolean {
  return !list.items.length && list.page !== 1;
}

/**
 * A numbered page past the end is not found, as before. A keyset page with nothing on it comes from a link that went
 * stale (its stories were unpublished): the reader is sent to the archive's first page.
 */
function missingPage(reply: FastifyReply, basePath: string, list: ArchiveSlice<unknown>) {
  return list.page === null ? reply.redirect(basePath, 302) : reply.callNotFound();
}

/**
 * What a reader gets for an unknown address: a stored redirect, the same path with its trailing slash, or a real
 * 404 page with a search box and the latest stories. For a story staff removed, the same page says so with a 410
 * (search engines drop it sooner); a redirect staff stored for its address still wins.
 */
/** An old address as imports keep it: decoded (unicode slugs), repeated slashes as one (exports carry `//greek/…`). */
function legacyPath(pathname: string): string {
  let decoded = pathname;
  try {
    decoded = decodeURI(pathname);
  } catch {
    // Not valid percent-encoding: look it up as it is.
  }
  return decoded.replace(/\/{2,}/g, '/');
}

export async function renderNotFound(deps: SiteDeps, request: FastifyRequest, reply: FastifyReply, reason: NotFoundReason = 'missing') {
  // Prefixing the origin keeps a path that starts with // a path (new URL('//x', base) would read x as a host).
  const url = new URL(`http://local${request.url.startsWith('/') ? '' : '/'}${request.url}`);
  if (request.method === 'GET' || request.method === 'HEAD') {
    const target = (await deps.services.redirects.target(url.pathname)) ?? (await deps.services.legacyLinks.target(legacyPath(url.pathname)));
    if (target) return reply.redirect(target, 301);
    const lastSegment = url.pathname.split('/').at(-1) ?? '';
    if (!url.pathname.endsWith('/') && !lastSegment.includes('.')) return reply.redirect(`${url.pathname}/${url.search}`, 301);
  }
  const [siteChrome, latest] = await Promise.all([loadChrome(deps.services, deps.assets, deps.siteUrl), deps.services.articles.latest(4)]);
  return sendHtml(reply, <NotFoundPage chrome={siteChrome} path={url.pathname} latest={latest} reason={reason} />, reason === 'removed' ? 410 : 404);
}
