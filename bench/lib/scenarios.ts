import { snapshot } from './baseline.js';
import type { BenchSite } from './site.js';

export interface Scenario {
  name: string;
  /** The path to load on the site; may look it up on the running site. */
  resolvePath(site: BenchSite): Promise<string>;
}

const ARTICLE_PATH = /\/\d{4}\/\d{2}\/\d{2}\/[a-z0-9-]+\//;

/** The lead article: the first article permalink linked from the front page. */
export async function leadArticlePath(site: Pick<BenchSite, 'url'>): Promise<string> {
  const page = await snapshot(`${site.url}/`);
  const html = page.body.toString('utf8');
  for (const [, href] of html.matchAll(/href="([^"]+)"/g)) {
    const match = href && ARTICLE_PATH.exec(new URL(href, site.url).pathname);
    if (match) return match[0];
  }
  throw new Error('no article link found on the front page');
}

/** Read-only page loads, in the order they run. Add new scenarios here. */
export const scenarios: Scenario[] = [
  { name: 'front page', resolvePath: async () => '/' },
  { name: 'article page', resolvePath: leadArticlePath },
];
