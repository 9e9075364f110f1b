import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { describeEachDialect } from '../../../test/helpers/database.js';
import { createStaffUser, loginAs } from '../../../test/helpers/staff.js';
import type { MediaItem } from '../media/media.types.js';
import { demoContent } from './demo-content.js';
import { addDemoImages, hasContent, tagNameFromSlug } from './seed.js';

const OUTFLOWS = demoContent.articles.find((a) => a.bodyImage)!;
const libraryName = (file: string) => file.replace(/\.svg$/, '.jpg');

it('names tags from their slugs, acronyms in capitals', () => {
  expect(tagNameFromSlug('central-banks')).toBe('Central banks');
  expect(tagNameFromSlug('ai')).toBe('AI');
  expect(tagNameFromSlug('eu-sanctions')).toBe('EU sanctions');
});

describeEachDialect('demo seed', (dialect) => {
  let t: TestApp;
  let library: MediaItem[];
  const byFile = (file: string) => library.find((item) => item.originalFilename === libraryName(file))!;
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
  const articlePath = async (slug: string) => (await get('/')).body.match(new RegExp(`href="(/\\d{4}/\\d{2}/\\d{2}/${slug}/)"`))?.[1] ?? null;

  beforeAll(async () => {
    t = await createTestApp(dialect, { seed: true });
    library = await t.app.services.media.search('');
  }, 60_000);
  afterAll(async () => t?.close());

  it('puts every demo image in the media library as an upload: JPEG, measured, WebP sizes, alt text, caption and credit', async () => {
    expect(library.map((item) => item.originalFilename).sort()).toEqual(demoContent.articles.map((a) => libraryName(a.image.file)).sort());
    for (const { image } of demoContent.articles) {
      const item = byFile(image.file);
      expect(item).toMatchObject({
        contentType: 'image/jpeg',
        width: 1200,
        height: 675,
        alt: image.alt,
        caption: image.caption,
        credit: image.credit,
        uploadedBy: null,
      });
      expect(item.url).toMatch(/^\/media\/\d{4}\/\d{2}\/[0-9a-f]{16}\/original\.jpg$/);
      expect(item.variants.map((v) => v.width)).toEqual([320, 640, 960, 1200]);
    }
    const item = byFile(OUTFLOWS.image.file);
    const original = await get(item.url);
    expect(original.statusCode).toBe(200);
    expect(original.headers['content-type']).toBe('image/jpeg');
    const variant = await get(item.variants[0]!.url);
    expect(variant.statusCode).toBe(200);
    expect(variant.headers['content-type']).toBe('image/webp');
  });

  it('lists them in the newsroom’s library and the editor’s image picker, with sizes, alt text and srcset', async () => {
    const editor = await createStaffUser(t.app, 'editor');
    const cookie = await loginAs(t.app, editor.email, editor.password);
    const picker = await get('/newsroom/media.json?q=bitcoin', { cookie });
    expect(picker.statusCode).toBe(200);
    const options = byFile('bitcoin-options.svg');
    expect(picker.json()).toContainEqual({
      id: options.id,
      url: options.url,
      width: 1200,
      height: 675,
      alt: options.alt,
      caption: options.caption,
      credit: options.credit,
      srcset: expect.stringMatching(/ 320w, .* 1200w$/),
    });
    const page = await get('/newsroom/media', { cookie });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`src="${options.variants[0]!.url}"`);
    expect(page.body).toContain('1200 × 675');
  });

  it('gives demo articles their library image as the featured image, with its srcset on the front page and the article', async () => {
    const front = (await get('/')).body;
    const lead = byFile(demoContent.articles[0]!.image.file);
    expect(front).toContain(`src="${lead.url}" srcset="${lead.srcset}"`);
    expect(front).not.toContain('/media/demo/');

    const html = (await get((await articlePath(OUTFLOWS.slug))!)).body;
    const outflows = byFile(OUTFLOWS.image.file);
    expect(html).toContain(
      `<figure class="lead-figure"><img src="${outflows.url}" srcset="${outflows.srcset}" sizes="(min-width: 48em) 46rem, 100vw" alt="${outflows.alt}" width="1200" height="675"`,
    );
    expect(await t.app.services.media.usedBy(outflows.id)).toEqual([expect.objectContaining({ title: OUTFLOWS.title })]);
  });

  it('puts a library image in a body the way the editor’s Insert image does: the figure with srcset, caption and credit', async () => {
    const options = byFile(OUTFLOWS.bodyImage!.file);
    const html = (await get((await articlePath(OUTFLOWS.slug))!)).body;
    const figure = html.match(/<figure class="image">.*?<\/figure>/s)?.[0];
    expect(figure).toBe(
      `<figure class="image"><img src="${options.url}" alt="${options.alt}" width="1200" height="675" srcset="${options.srcset}" sizes="(min-width: 48rem) 44rem, 100vw" />` +
        `<figcaption>${OUTFLOWS.bodyImage!.caption} <small>${options.credit}</small></figcaption></figure>`,
    );
    // Right after the fifth paragraph.
    expect(html.slice(0, html.indexOf(figure!))).toMatch(/liquidated over 24 hours[^<]*<\/p>\s*$/);
  });

  it('adds no copies when seeding again', async () => {
    expect(await hasContent(t.database.db)).toBe(true);
    const again = await addDemoImages(t.app.services);
    expect([...again.values()].map((item) => item.id).sort()).toEqual(library.map((item) => item.id).sort());
    expect(await t.app.services.media.search('')).toHaveLength(demoContent.articles.length);
  });
});
