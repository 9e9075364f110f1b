import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import sharp from 'sharp';
import type { Database } from '../../platform/db/schema.js';
import { escapeHtml } from '../comments/comment-text.js';
import type { MediaItem } from '../media/media.types.js';
import type { NewsServices } from '../services.js';
import { demoContent } from './demo-content.js';
import type { DemoContent } from './demo-content.types.js';
import { libraryFilename, tagNameFromSlug } from './demo-names.js';

export { tagNameFromSlug };

const IMAGES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'images');
const HOUR = 3600_000;
/** The editor's `sizes` for a body image (src/newsroom/editor/nodes.ts, ImageFigure). */
const BODY_IMAGE_SIZES = '(min-width: 48rem) 44rem, 100vw';

export async function hasContent(db: Kysely<Database>): Promise<boolean> {
  const [article, section] = await Promise.all([
    db.selectFrom('articles').select('id').limit(1).executeTakeFirst(),
    db.selectFrom('sections').select('id').limit(1).executeTakeFirst(),
  ]);
  return Boolean(article || section);
}

/**
 * Puts the demo's images into the media library through the same upload as the newsroom's (type check, sizes, WebP
 * variants), with their alt text, caption and credit. The bundled SVGs are rasterised to JPEG first (the library takes
 * only JPEG, PNG, WebP and GIF; JPEG keeps them well under any sensible MEDIA_MAX_BYTES). An item the seed uploaded
 * before (same file name, no uploader: a start that failed after this step) is reused, so seeding again adds no
 * copies. The images are done concurrently, to keep the first start quick. Each is recorded as the demo's
 * (demo_items). Returns the items by demo file name.
 */
export async function addDemoImages(services: NewsServices, content: DemoContent = demoContent): Promise<Map<string, MediaItem>> {
  const images = [...new Map(content.articles.map(({ image }) => [image.file, image])).values()];
  const items = await Promise.all(
    images.map(async (image) => {
      const filename = libraryFilename(image.file);
      const earlier = (await services.media.search(filename)).find((item) => item.originalFilename === filename && item.uploadedBy === null);
      if (earlier) return earlier;
      try {
        const jpeg = await sharp(await fs.promises.readFile(path.join(IMAGES_DIR, image.file)))
          .jpeg({ quality: 90 })
          .toBuffer();
        return await services.media.upload({ bytes: jpeg, filename, alt: image.alt, caption: image.caption, credit: image.credit }, { userId: null });
      } catch (error) {
        throw new Error(`Could not add the demo image ${image.file} to the media library: ${(error as Error).message}`, { cause: error });
      }
    }),
  );
  await services.demo.record(
    'media',
    items.map((item) => item.id),
  );
  return new Map(images.map((image, i) => [image.file, items[i]!]));
}

/** The markup the editor's "Insert image" produces for a library item (src/newsroom/editor/nodes.ts, ImageFigure). */
export function bodyFigureHtml(item: MediaItem, caption: string): string {
  const size = `width="${item.width}" height="${item.height}"`;
  const srcset = item.srcset ? ` srcset="${escapeHtml(item.srcset)}" sizes="${BODY_IMAGE_SIZES}"` : '';
  const credit = item.credit ? `${caption ? ' ' : ''}<small>${escapeHtml(item.credit)}</small>` : '';
  const figcaption = caption || credit ? `<figcaption>${escapeHtml(caption)}${credit}</figcaption>` : '';
  return `<figure class="image"><img src="${escapeHtml(item.url)}" alt="${escapeHtml(item.alt)}" ${size}${srcset}>${figcaption}</figure>`;
}

/** The body with the figure right after its nth paragraph. */
function insertAfterParagraph(bodyHtml: string, paragraph: number, figure: string): string {
  let seen = 0;
  const result = bodyHtml.replace(/<\/p>/g, (end) => (++seen === paragraph ? `${end}\n${figure}` : end));
  if (seen < paragraph) throw new Error(`The body has no paragraph ${paragraph}`);
  return result;
}

/**
 * Creates the demo site through the same services the newsroom uses, with publication times relative to now so the
 * demo always looks current. Every row it creates is recorded as the demo's as it goes (services.demo.record, the
 * demo_items table), so `dateline demo remove` removes exactly those. The images go into the media library first (addDemoImages); articles refer to them as an
 * article written in the editor does: the item's URL and size as the featured image, the editor's figure in a body.
 */
export async function seedDemo(services: NewsServices, content: DemoContent = demoContent): Promise<{ articles: number }> {
  const images = await addDemoImages(services, content);
  const imageOf = (file: string) => {
    const item = images.get(file);
    if (!item) throw new Error(`${file} is not one of the demo's featured images`);
    return item;
  };

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
    await services.demo.record('section', [id]);
  }

  const personIds = new Map<string, number>();
  for (const author of content.authors) {
    const id = await services.people.create({ displayName: author.displayName, slug: author.slug, bio: author.bio });
    personIds.set(author.slug, id);
    await services.demo.record('person', [id]);
  }

  const now = services.clock.now().getTime();
  for (const article of content.articles) {
    const tagIds = [];
    for (const slug of article.tags) {
      // A tag that exists is reused: the site's own (not the demo's, so it stays), or one made for an earlier story.
      const name = tagNameFromSlug(slug);
      const existing = await services.taxonomy.findTagByNameOrSlug(name);
      if (existing) {
        tagIds.push(existing.id);
        continue;
      }
      const id = await services.taxonomy.ensureTag(name);
      await services.demo.record('tag', [id]);
      tagIds.push(id);
    }
    const lead = imageOf(article.image.file);
    const { bodyImage } = article;
    const id = await services.articles.create({
      title: article.title,
      slug: article.slug,
      standfirst: article.standfirst,
      body: bodyImage
        ? insertAfterParagraph(article.bodyHtml, bodyImage.afterParagraph, bodyFigureHtml(imageOf(bodyImage.file), bodyImage.caption))
        : article.bodyHtml,
      primarySectionId: sectionIds.get(article.section)!,
      sectionIds: (article.otherSections ?? []).map((slug) => sectionIds.get(slug)!),
      tagIds,
      authorIds: article.authors.map((slug) => personIds.get(slug)!),
      image: { url: lead.url, alt: lead.alt, caption: lead.caption, credit: lead.credit, width: lead.width, height: lead.height },
    });
    const publishedAt = now - article.publishedHoursAgo * HOUR;
    await services.articles.publish(id, { at: new Date(publishedAt).toISOString() });
    const updatedAt = publishedAt + (article.updatedHoursAfterPublish ?? 0) * HOUR;
    await services.articles.setUpdatedAt(id, new Date(updatedAt).toISOString());
    await services.demo.record('article', [id]);
  }

  for (const page of content.pages) {
    const id = await services.pages.create({ title: page.title, slug: page.slug, body: page.bodyHtml, status: 'published' });
    await services.demo.record('page', [id]);
  }
  return { articles: content.articles.length };
}
