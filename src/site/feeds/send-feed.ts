import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendCacheable } from '../http-cache.js';
import { renderAtom } from './atom.js';
import { FEED_CONTENT_TYPES, type Feed, type FeedFormat } from './feed.js';
import { renderJsonFeed } from './json-feed.js';
import { renderRss } from './rss.js';

const RENDERERS: Record<FeedFormat, (feed: Feed) => string> = { rss: renderRss, atom: renderAtom, json: renderJsonFeed };

/** The URL suffix of each format after a feed's base (`…/feed/`, `…/feed/atom/`, `…/feed/json/`). */
export const FORMAT_SUFFIXES: readonly (readonly [FeedFormat, string])[] = [
  ['rss', ''],
  ['atom', 'atom/'],
  ['json', 'json/'],
];

/** Feed readers poll; five minutes keeps a breaking story prompt without rendering the feed for every poll. */
const FEED_MAX_AGE = 300;

/** Renders a feed in one format and sends it with validators (304 when the reader already has it). */
export function sendFeed(request: FastifyRequest, reply: FastifyReply, feed: Feed, format: FeedFormat) {
  return sendCacheable(request, reply, {
    body: RENDERERS[format](feed),
    type: `${FEED_CONTENT_TYPES[format]}; charset=utf-8`,
    lastModified: feed.items.length ? feed.updated : null,
    maxAge: FEED_MAX_AGE,
  });
}
