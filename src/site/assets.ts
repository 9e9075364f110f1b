import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The site's own static files (CSS, icons), read once at start and served from memory under content-hashed
 * names, so they can be cached for a year and a deploy still reaches every reader at once.
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

export const ASSETS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets');

export function loadAssets(dir = ASSETS_DIR): AssetManifest {
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
