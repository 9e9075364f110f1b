/** What every public page needs around its content: site identity, navigation, assets. Plain data only. */
export interface NavSection {
  slug: string;
  name: string;
  children: NavSection[];
}

export interface SiteChrome {
  siteTitle: string;
  tagline: string;
  language: string;
  timeZone: string;
  siteUrl: string;
  sections: NavSection[];
  pages: { slug: string; title: string }[];
  assets: { css: string; icon: string };
  /** Request time, for the masthead date and the copyright year. */
  now: string;
}

export interface PageMeta {
  title: string;
  description?: string;
  /** Path of the page's canonical URL, e.g. /section/world/ */
  canonicalPath: string;
  noindex?: boolean;
}
