import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PublishedFilter } from '../../news/articles/article.repository.js';
import { authorPath, sectionPath, tagPath } from '../../news/shared/paths.js';
import { normalizeSlug } from '../../news/shared/slug.js';
import { feedLogo } from '../chrome-loader.js';
import { ArchiveParams } from '../site.schemas.js';
import type { SiteDeps } from '../deps.js';
import { articleFeedItem } from './article-feed.js';
import { type Feed, type FeedFormat, feedUrls, newestUpdate } from './feed.js';
import { FORMAT_SUFFIXES, sendFeed } from './send-feed.js';

/** Stories per feed. */
export const FEED_SIZE = 20;

interface FeedSubject {
  filter: PublishedFilter;
  title: string;
  description: string;
  /** The archive page the feed is about; the feed lives at `${basePath}feed/`. */
  basePath: string;
}

/**
 * Story feeds in RSS 2.0, Atom and JSON Feed: the whole site (`/feed/`), and each section (with its subsections),
 * tag and author (`/section/{slug}/feed/`, …), each at `…/feed/`, `…/feed/atom/` and `…/feed/json/`.
 */
export const feedRoutes: FastifyPluginAsyncTypebox<SiteDeps> = async (app, deps) => {
  const { services, siteUrl } = deps;

  async function buildFeed(subject: FeedSubject): Promise<Feed> {
    const [settings, articles] = await Promise.all([services.settings.get(), services.articles.latestWithBody(FEED_SIZE, subject.filter)]);
    const items = articles.map((article) => articleFeedItem(article, { siteUrl, fullContent: settings.feedFullContent }));
    return {
      title: subject.title,
      description: subject.description,
      homePageUrl: siteUrl + subject.basePath,
      urls: feedUrls(siteUrl, subject.basePath),
      language: settings.language,
      updated: newestUpdate(items, services.clock.now().toISOString()),
      publisher: { name: settings.siteTitle, url: `${siteUrl}/` },
      logo: await feedLogo(services, deps.assets, siteUrl),
      items,
    };
  }

  async function send(request: FastifyRequest, reply: FastifyReply, format: FeedFormat, subject: FeedSubject | null) {
    if (!subject) return reply.callNotFound();
    return sendFeed(request, reply, await buildFeed(subject), format);
  }

  const siteTitle = async () => (await services.settings.get()).siteTitle;

  async function siteSubject(): Promise<FeedSubject> {
    const settings = await services.settings.get();
    return { filter: {}, title: settings.siteTitle, description: settings.tagline || `The latest stories from ${settings.siteTitle}`, basePath: '/' };
  }

  async function sectionSubject(slug: string): Promise<FeedSubject | null> {
    const found = await services.taxonomy.findSection(slug);
    if (!found) return null;
    const { section } = found;
    const site = await siteTitle();
    return {
      filter: { sectionId: section.id },
      title: `${section.name} – ${site}`,
      description: section.description || `The latest ${section.name} stories from ${site}`,
      basePath: sectionPath(section.slug),
    };
  }

  async function tagSubject(slug: string): Promise<FeedSubject | null> {
    const tag = await services.taxonomy.findTag(slug);
    if (!tag) return null;
    const site = await siteTitle();
    return {
      filter: { tagId: tag.id },
      title: `${tag.name} – ${site}`,
      description: tag.description || `Stories about ${tag.name} from ${site}`,
      basePath: tagPath(tag.slug),
    };
  }

  async function authorSubject(slug: string): Promise<FeedSubject | null> {
    const person = await services.people.findBySlug(slug);
    if (!person) return null;
    const site = await siteTitle();
    return {
      filter: { authorId: person.id },
      title: `${person.displayName} – ${site}`,
      description: `Stories by ${person.displayName} for ${site}`,
      basePath: authorPath(person.slug),
    };
  }

  const archives = [
    ['section', sectionSubject],
    ['tag', tagSubject],
    ['author', authorSubject],
  ] as const;
  for (const [format, suffix] of FORMAT_SUFFIXES) {
    app.get(`/feed/${suffix}`, async (request, reply) => send(request, reply, format, await siteSubject()));
    for (const [prefix, subject] of archives) {
      app.get(`/${prefix}/:slug/feed/${suffix}`, { schema: { params: ArchiveParams } }, async (request, reply) =>
        send(request, reply, format, await subject(normalizeSlug(request.params.slug))),
      );
    }
  }
};
