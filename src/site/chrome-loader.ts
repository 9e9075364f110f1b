import type { NewsServices } from '../news/services.js';
import type { SectionNode } from '../news/taxonomy/section-tree.js';
import type { AssetManifest } from '../web/assets.js';
import type { FeedImage } from './feeds/feed.js';
import { publisherLogo } from './seo/head.js';
import type { NavSection, SiteChrome, SiteLogo } from './views/chrome.js';

function toNav(node: SectionNode): NavSection {
  return { slug: node.slug, name: node.name, children: node.children.map(toNav) };
}

async function siteLogo(services: NewsServices): Promise<SiteLogo | null> {
  const item = await services.settings.logo();
  return item ? { url: item.url, srcset: item.srcset, width: item.width, height: item.height } : null;
}

/** The publisher logo for feeds, with its size (each format picks the place its shape fits): see publisherLogo. */
export async function feedLogo(services: NewsServices, assets: AssetManifest, siteUrl: string): Promise<FeedImage> {
  return publisherLogo({ siteUrl, assets: { logo: assets.url('logo.png') }, logo: await siteLogo(services) });
}

/** Gathers what every page's frame needs; routes pass the result to views so views never query anything. */
export async function loadChrome(services: NewsServices, assets: AssetManifest, siteUrl: string): Promise<SiteChrome> {
  const [settings, tree, pages, logo] = await Promise.all([
    services.settings.get(),
    services.taxonomy.sectionTree(),
    services.pages.listPublished(),
    siteLogo(services),
  ]);
  return {
    siteTitle: settings.siteTitle,
    tagline: settings.tagline,
    language: settings.language,
    timeZone: settings.timeZone,
    dateFormat: settings.dateFormat,
    siteUrl,
    sections: tree.map(toNav),
    pages,
    assets: { css: assets.url('site.css'), icon: assets.url('favicon.svg'), logo: assets.url('logo.png') },
    logo,
    noindexPaginatedArchives: settings.noindexPaginatedArchives,
    now: services.clock.now().toISOString(),
  };
}
