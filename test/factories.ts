import type { ArticleInput } from '../src/news/articles/article.types.js';
import type { NewsServices } from '../src/news/services.js';

let counter = 0;
const next = () => ++counter;

/** Test data with sensible defaults; every factory goes through the real services. */
export async function makeSection(services: NewsServices, overrides: { name?: string; slug?: string; parentId?: number | null } = {}) {
  const n = next();
  const name = overrides.name ?? `Section ${n}`;
  const id = await services.taxonomy.createSection({ name, slug: overrides.slug ?? `section-${n}`, parentId: overrides.parentId ?? null });
  return { id, name, slug: overrides.slug ?? `section-${n}` };
}

export async function makePerson(services: NewsServices, overrides: { displayName?: string; slug?: string } = {}) {
  const n = next();
  const displayName = overrides.displayName ?? `Reporter ${n}`;
  const slug = overrides.slug ?? `reporter-${n}`;
  const id = await services.people.create({ displayName, slug, bio: `Covers beat ${n}.` });
  return { id, displayName, slug };
}

/** Creates an article and, unless `publishedAt: null`, publishes it (at the given time, or now). */
export async function makeArticle(services: NewsServices, overrides: Partial<ArticleInput> & { publishedAt?: string | null } = {}) {
  const n = next();
  const { publishedAt, ...input } = overrides;
  const id = await services.articles.create({
    title: `Story number ${n}`,
    standfirst: `The standfirst of story ${n}.`,
    body: `<p>Body paragraph of story ${n}.</p>`,
    ...input,
  });
  if (publishedAt !== null) await services.articles.publish(id, publishedAt ? { at: publishedAt } : {});
  return id;
}
