import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CorrectionListing } from '../../news/corrections/correction.service.js';
import { feedLogo, loadChrome } from '../chrome-loader.js';
import { type Feed, type FeedFormat, type FeedItem, articleGuid, feedUrls, newestUpdate } from '../feeds/feed.js';
import { FORMAT_SUFFIXES, sendFeed } from '../feeds/send-feed.js';
import { htmlEscape } from '../feeds/xml.js';
import { renderDocument } from '../../web/render.js';
import { PageNumber } from '../site.schemas.js';
import type { SiteDeps } from '../deps.js';
import { CORRECTIONS_PATH, CorrectionsPage } from '../views/CorrectionsPage.js';

const PER_PAGE = 20;
const FEED_SIZE = 20;

/** A correction's feed id: its article's fixed id plus the correction, so it never changes with a slug or date. */
export function correctionGuid(siteUrl: string, item: Pick<CorrectionListing, 'articleId' | 'id'>): string {
  return `${articleGuid(siteUrl, item.articleId)}#correction-${item.id}`;
}

function correctionItem(siteUrl: string, item: CorrectionListing): FeedItem {
  const url = `${siteUrl}${item.articlePath}#correction-${item.id}`;
  return {
    id: correctionGuid(siteUrl, item),
    url,
    title: `Correction: ${item.articleTitle}`,
    published: item.createdAt,
    updated: item.createdAt,
    authors: [],
    summary: item.body,
    contentHtml: item.body
      .split('\n\n')
      .map((paragraph) => `<p>${htmlEscape(paragraph).replace(/\n/g, '<br>')}</p>`)
      .join(''),
    categories: [],
  };
}

/** /corrections/ (paged) and its feeds at /corrections/feed/, /corrections/feed/atom/ and /corrections/feed/json/. */
export const correctionRoutes: FastifyPluginAsyncTypebox<SiteDeps> = async (app, deps) => {
  const { services, siteUrl } = deps;

  async function sendPage(reply: FastifyReply, page: number) {
    const [chrome, listing] = await Promise.all([loadChrome(services, deps.assets, siteUrl), services.corrections.listPage(page, PER_PAGE)]);
    if (page > 1 && page > listing.pageCount) return reply.callNotFound();
    return reply.type('text/html; charset=utf-8').send(renderDocument(<CorrectionsPage chrome={chrome} page={listing} />));
  }

  app.get(CORRECTIONS_PATH, async (_request, reply) => sendPage(reply, 1));
  app.get(`${CORRECTIONS_PATH}page/:page/`, { schema: { params: Type.Object({ page: PageNumber }) } }, async (request, reply) =>
    request.params.page === 1 ? reply.redirect(CORRECTIONS_PATH, 301) : sendPage(reply, request.params.page),
  );

  async function buildFeed(): Promise<Feed> {
    const [settings, latest] = await Promise.all([services.settings.get(), services.corrections.latest(FEED_SIZE)]);
    const items = latest.map((item) => correctionItem(siteUrl, item));
    return {
      title: `Corrections – ${settings.siteTitle}`,
      description: `Corrections to stories published by ${settings.siteTitle}`,
      homePageUrl: siteUrl + CORRECTIONS_PATH,
      urls: feedUrls(siteUrl, CORRECTIONS_PATH),
      language: settings.language,
      updated: newestUpdate(items, services.clock.now().toISOString()),
      publisher: { name: settings.siteTitle, url: `${siteUrl}/` },
      logo: await feedLogo(services, deps.assets, siteUrl),
      items,
    };
  }

  for (const [format, suffix] of FORMAT_SUFFIXES) {
    app.get(`${CORRECTIONS_PATH}feed/${suffix}`, async (request: FastifyRequest, reply: FastifyReply) =>
      sendFeed(request, reply, await buildFeed(), format as FeedFormat),
    );
  }
};
