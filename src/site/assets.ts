import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AssetManifest, loadAssets } from '../web/assets.js';

/** The site's CSS, icons and scripts (site.css, favicon.svg, logo.png, comments.js), served under /assets/. */
export const SITE_ASSETS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets');

export function loadSiteAssets(): AssetManifest {
  return loadAssets(SITE_ASSETS_DIR);
}
