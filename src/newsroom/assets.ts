import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AssetManifest, loadAssets } from '../site/assets.js';

/** The newsroom's own static files, content-hashed like the site's and served under /newsroom/assets/. */
export const NEWSROOM_ASSETS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets');
export const NEWSROOM_ASSETS_PREFIX = '/newsroom/assets/';

export function loadNewsroomAssets(): AssetManifest {
  const manifest = loadAssets(NEWSROOM_ASSETS_DIR);
  return {
    // loadAssets names URLs under /assets/; these files are served from the newsroom's own route.
    url: (name) => NEWSROOM_ASSETS_PREFIX + manifest.url(name).slice('/assets/'.length),
    byHashedName: (hashedName) => manifest.byHashedName(hashedName),
  };
}
