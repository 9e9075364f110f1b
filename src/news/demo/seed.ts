import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { NewsServices } from '../services.js';
import { demoContent } from './demo-content.js';
import type { DemoContent } from './demo-content.types.js';

const IMAGES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'images');
const HOUR = 3600_000;
const ACRONYMS = new Set(['ai', 'eu', 'us', 'uk', 'un']);

/** "central-banks" -> "Central banks", "ai" -> "AI". */
export function tagNameFromSlug(slug: string): string {
  const words = slug.split('-').map((w) => (ACRONYMS.has(w) ? w.toUpperCase() : w));
  const first = words[0] ?? '';
  return [first.charAt(0).toUpperCase() + first.slice(1), ...words.slice(1)].join(' ');
}

export async function hasContent(db: Kysely<Database>): Promise<boolean> {
  const [article, section] = await Promise.all([
    db.selectFrom('articles').select('id').limit(1).executeTakeFirst(),
    db.selectFrom('sections').select('id').limit(1).executeTakeFirst(),
  ]);
  return Boolean(article || section);
}

/**
 * Creates the demo site through the same services the newsroom uses, with publication times relative to now so the
 * demo always looks current. Images are copied into the media store under DATA_DIR.
 */
export async function seedDemo(services: NewsServices, dataDir: string, content: DemoContent = demoContent): Promise<{ articles: number }> {
  const mediaDir = path.join(dataDir, 'media', 'demo');
  fs.mkdirSync(mediaDir, { recursive: true });

  const sectionIds = new Map<string, number>();
  // Parents first, so children can point at them.
  const ordered = [...content.sections.filter((s) => !s.parent), ...content.sections.filter((s) => s.parent)];
  for (const [index, section] of ordered.entries()) {
    const id = await services.taxonomy.createSection({
      name: section.name,
      slug: section.slug,
      description: section.description,
      parentId: section.parent ? sectionIds.get(section.parent)! : null,
      sortOrder: index,
    });
    sectionIds.set(section.slug, id);
  }

  const personIds = new Map<string, number>();
  for (const author of content.authors) {
    personIds.set(author.slug, await services.people.create({ displayName: author.displayName, slug: author.slug, bio: author.bio }));
  }

  const now = services.clock.now().getTime();
  for (const article of content.articles) {
    fs.copyFileSync(path.join(IMAGES_DIR, article.image.file), path.join(mediaDir, article.image.file));
    const tagIds = [];
    for (const slug of article.tags) tagIds.push(await services.taxonomy.ensureTag(tagNameFromSlug(slug)));
    const id = await services.articles.create({
      title: article.title,
      slug: article.slug,
      standfirst: article.standfirst,
      body: article.bodyHtml,
      primarySectionId: sectionIds.get(article.section)!,
      sectionIds: (article.otherSections ?? []).map((slug) => sectionIds.get(slug)!),
      tagIds,
      authorIds: article.authors.map((slug) => personIds.get(slug)!),
      image: { ...article.image, url: `/media/demo/${article.image.file}` },
    });
    const publishedAt = now - article.publishedHoursAgo * HOUR;
    await services.articles.publish(id, { at: new Date(publishedAt).toISOString() });
    const updatedAt = publishedAt + (article.updatedHoursAfterPublish ?? 0) * HOUR;
    await services.articles.setUpdatedAt(id, new Date(updatedAt).toISOString());
  }

  for (const page of content.pages) {
    await services.pages.create({ title: page.title, slug: page.slug, body: page.bodyHtml, status: 'published' });
  }
  return { articles: content.articles.length };
}
