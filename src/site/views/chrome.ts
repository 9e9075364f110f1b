import type { DateFormat } from '../../news/shared/date-format.js';
import type { FeedLink } from '../feeds/feed.js';
import type { JsonLd } from '../seo/json-ld.js';

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
  /** How dates are written for readers (a setting). */
  dateFormat: DateFormat;
  siteUrl: string;
  sections: NavSection[];
  pages: { slug: string; title: string }[];
  /** Asset paths; `logo` is the default publisher logo (a PNG, see seo/head.ts for its size). */
  assets: { css: string; icon: string; logo: string };
  /** The site's own logo (a setting, from the media library): shown in the header and used as the publisher logo. */
  logo: SiteLogo | null;
  /** Ask search engines not to index archive pages after the first (a setting). */
  noindexPaginatedArchives: boolean;
  /** Request time, for the masthead date and the copyright year. */
  now: string;
}

export interface SiteLogo {
  /** Absolute, or a path on this site. */
  url: string;
  /** WebP copies (`url 320w, …`); may be empty. */
  srcset: string;
  width: number;
  height: number;
}

export interface PageImage {
  /** Absolute, or a path on this site. */
  url: string;
  alt: string;
  width: number | null;
  height: number | null;
}

export interface PageMeta {
  title: string;
  description?: string;
  /** Path of the page's canonical URL, e.g. /section/world/ */
  canonicalPath: string;
  /**
   * A canonical URL elsewhere, absolute, in place of the site's own canonicalPath: the one a story declares (its
   * original when it is syndicated). The canonical link and og:url name it.
   */
  canonicalUrl?: string;
  noindex?: boolean;
  /** With noindex: nor follow its links either (a preview, whose links may lead to unpublished pages). */
  nofollow?: boolean;
  /** Feeds about this page's subject, linked for autodiscovery after the site's own (which every page links). */
  feeds?: FeedLink[];
  /** Open Graph type: 'article' for stories, otherwise 'website'. */
  ogType?: 'website' | 'article';
  /** The image shared with the page; without one, the publisher logo stands in. */
  image?: PageImage | null;
  /** Open Graph article:* properties. */
  article?: { publishedTime: string | null; modifiedTime: string; section: string | null; tags: string[]; authors: string[] };
  /** Schema.org objects, each rendered as an application/ld+json block. */
  structuredData?: JsonLd[];
}
