import type { NewsServices } from '../news/services.js';
import type { SectionNode } from '../news/taxonomy/section-tree.js';
import type { AssetManifest } from './assets.js';
import type { NavSection, SiteChrome } from './views/chrome.js';

function toNav(node: SectionNode): NavSection {
  return { slug: node.slug, name: node.name, children: node.children.map(toNav) };
}

/** Gathers what every page's frame needs; routes pass the result to views so views never query anything. */
export async function loadChrome(services: NewsServices, assets: AssetManifest, siteUrl: string): Promise<SiteChrome> {
  const [settings, tree, pages] = await Promise.all([
    services.settings.get(),
    services.taxonomy.sectionTree(),
    services.pages.listPublished(),
  ]);
  return {
    siteTitle: settings.siteTitle,
    tagline: settings.tagline,
    language: settings.language,
    timeZone: settings.timeZone,
    siteUrl,
    sections: tree.map(toNav),
    pages,
    assets: { css: assets.url('site.css'), icon: assets.url('favicon.svg'), logo: assets.url('logo.png') },
    noindexPaginatedArchives: settings.noindexPaginatedArchives,
    now: services.clock.now().toISOString(),
  };
}
