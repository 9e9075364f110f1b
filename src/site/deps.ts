import type { NewsServices } from '../news/services.js';
import type { Signer } from '../platform/security/signer.js';
import type { AssetManifest } from '../web/assets.js';

/** What the article page needs (plain visits and a comment's 422 re-render share it). */
export interface ArticleResponseDeps {
  services: NewsServices;
  assets: AssetManifest;
  siteUrl: string;
  signer: Signer;
}

/** What every site route plugin is given: app.tsx builds it and siteRoutes (site.routes.tsx) passes it on. */
export interface SiteDeps extends ArticleResponseDeps {
  /** Set cookies with the Secure flag (the site is served over HTTPS). */
  secureCookies: boolean;
}
