import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Conditional GET for generated documents (feeds, sitemaps, robots.txt): a weak ETag from the bytes, Last-Modified
 * from the newest change they describe, and 304 Not Modified when the client already has them. Feed readers and
 * crawlers poll these all day; a 304 saves the transfer and the reader's parse.
 */

/** A weak validator over the content: the same bytes always give the same tag, on every app instance. */
export function weakEtag(body: string | Buffer): string {
  return `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** HTTP-date (RFC 9110) of an ISO time. */
export function httpDate(iso: string): string {
  return new Date(iso).toUTCString();
}

function etagMatches(header: string, etag: string): boolean {
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  if (header.trim() === '*') return true;
  // Weak comparison (RFC 9110 13.1.2): If-None-Match compares the opaque tags, ignoring W/.
  return header.split(',').some((candidate) => opaque(candidate) === opaque(etag));
}

/**
 * Whether the client's copy is current. If-None-Match wins when present (RFC 9110 13.2.2): If-Modified-Since is
 * then ignored. Last-Modified has one-second resolution, so the comparison is at whole seconds.
 */
export function isNotModified(
  headers: { 'if-none-match'?: string | string[]; 'if-modified-since'?: string | string[] },
  validators: { etag: string; lastModified: string | null },
): boolean {
  const noneMatch = headers['if-none-match'];
  if (noneMatch !== undefined) return etagMatches(Array.isArray(noneMatch) ? noneMatch.join(',') : noneMatch, validators.etag);
  const modifiedSince = headers['if-modified-since'];
  if (modifiedSince === undefined || validators.lastModified === null) return false;
  const since = Date.parse(Array.isArray(modifiedSince) ? (modifiedSince[0] ?? '') : modifiedSince);
  if (Number.isNaN(since)) return false;
  const lastModified = Math.floor(new Date(validators.lastModified).getTime() / 1000) * 1000;
  return since >= lastModified;
}

export interface CacheableDocument {
  body: string;
  /** Content-Type, with its charset. */
  type: string;
  /** The newest change the document describes (ISO), or null when unknown. */
  lastModified: string | null;
  /** Seconds shared caches and clients may reuse it without asking. */
  maxAge: number;
}

/** Sends a generated document with validators, or 304 when the request's validators still match. */
export function sendCacheable(request: FastifyRequest, reply: FastifyReply, document: CacheableDocument) {
  const etag = weakEtag(document.body);
  reply.header('etag', etag).header('cache-control', `public, max-age=${document.maxAge}`);
  if (document.lastModified) reply.header('last-modified', httpDate(document.lastModified));
  if (isNotModified(request.headers, { etag, lastModified: document.lastModified })) return reply.status(304).send();
  return reply.type(document.type).send(document.body);
}
