import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * A face's own static files (CSS, icons, scripts), read once at start and served from memory under content-hashed
 * names, so they can be cached for a year and a deploy still reaches every reader at once. The site's are in
 * site/assets/ (site/assets.ts), the newsroom's in newsroom/assets/ and build/newsroom/ (newsroom/assets.ts).
 */
export interface Asset {
  body: Buffer;
  contentType: string;
  hashedName: string;
}

export interface AssetManifest {
  /** Public URL of an asset by its source name, e.g. url('site.css') -> /assets/site.1a2b3c4d.css */
  url(name: string): string;
  byHashedName(hashedName: string): Asset | undefined;
}

const CONTENT_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Every file of `dir` with a known type; URLs are named under /assets/ (a face serving them elsewhere maps them). */
export function loadAssets(dir: string): AssetManifest {
  const byName = new Map<string, Asset>();
  const byHashed = new Map<string, Asset>();
  for (const name of fs.readdirSync(dir)) {
    const ext = path.extname(name);
    const contentType = CONTENT_TYPES[ext];
    if (!contentType) continue;
    const body = fs.readFileSync(path.join(dir, name));
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
    const asset = { body, contentType, hashedName: `${path.basename(name, ext)}.${hash}${ext}` };
    byName.set(name, asset);
    byHashed.set(asset.hashedName, asset);
  }
  return {
    url(name) {
      const asset = byName.get(name);
      if (!asset) throw new Error(`Unknown asset ${name}`);
      return `/assets/${asset.hashedName}`;
    },
    byHashedName: (hashedName) => byHashed.get(hashedName),
  };
}

const YEAR_SECONDS = 365 * 24 * 3600;

/** The route handler for `…/:file`: the manifest's file by its hashed name, cacheable for a year; else not found. */
export function serveAssets(manifest: AssetManifest) {
  return async (request: FastifyRequest<{ Params: { file: string } }>, reply: FastifyReply) => {
    const asset = manifest.byHashedName(request.params.file);
    if (!asset) return reply.callNotFound();
    return reply.type(asset.contentType).header('cache-control', `public, max-age=${YEAR_SECONDS}, immutable`).send(asset.body);
  };
}
