import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { describeEachDialect } from '../../../test/helpers/database.js';
import { createStaffUser } from '../../../test/helpers/staff.js';
import { makeArticle, makeSection } from '../../../test/factories.js';
import type { NewsServices } from '../services.js';
import { demoContent } from './demo-content.js';
import { DemoRemovalRefused, type DemoRefusal } from './demo.service.js';
import { seedDemo } from './seed.js';

const DEMO_TAGS = new Set(demoContent.articles.flatMap((a) => a.tags)).size;
const SEEDED = {
  article: demoContent.articles.length,
  page: demoContent.pages.length,
  section: demoContent.sections.length,
  tag: DEMO_TAGS,
  person: demoContent.authors.length,
  media: new Set(demoContent.articles.map((a) => a.image.file)).size,
  comment: 0,
};
const NOTHING = { article: 0, page: 0, section: 0, tag: 0, person: 0, media: 0, comment: 0 };

/** Every stored file of the media library (originals and variants), as paths under DATA_DIR/media. */
async function mediaFiles(t: TestApp): Promise<string[]> {
  const rows = await t.database.db.selectFrom('media').select(['storage_key', 'variants']).execute();
  return rows.flatMap((row) =>
    [row.storage_key, ...(JSON.parse(row.variants) as { key: string }[]).map((v) => v.key)].map((key) =>
      path.join(t.config.dataDir, 'media', ...key.split('/')),
    ),
  );
}

async function rowCounts(t: TestApp) {
  const { db } = t.database;
  const count = async (table: 'articles' | 'pages' | 'sections' | 'tags' | 'people' | 'media' | 'comments' | 'users' | 'demo_items') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    articles: await count('articles'),
    pages: await count('pages'),
    sections: await count('sections'),
    tags: await count('tags'),
    people: await count('people'),
    media: await count('media'),
    comments: await count('comments'),
    users: await count('users'),
    marks: await count('demo_items'),
  };
}

async function refusalOf(services: NewsServices): Promise<DemoRefusal[]> {
  const error = await services.demo.remove().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DemoRemovalRefused);
  return (error as DemoRemovalRefused).refusals;
}

async function readerComment(t: TestApp, articleId: number, name = 'A Reader') {
  const now = new Date().toISOString();
  const { id } = await t.database.db
    .insertInto('comments')
    .values({
      article_id: articleId,
      parent_id: null,
      status: 'approved',
      body: 'I disagree with this.',
      body_html: '<p>I disagree with this.</p>',
      author_name: name,
      author_email: 'reader@example.test',
      user_id: null,
      is_staff: false,
      notify_replies: false,
      spam_score: null,
      reasons: '[]',
      created_at: now,
      updated_at: now,
      edited_at: null,
      status_changed_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

async function searchTotal(services: NewsServices, q: string): Promise<number> {
  const outcome = await services.search.search({ q, perPage: 10 });
  return outcome.kind === 'results' ? outcome.results.total : -1;
}

const demoArticleId = async (t: TestApp, slug: string) =>
  (await t.database.db.selectFrom('articles').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;

describeEachDialect('demo removal', (dialect) => {
  describe('a seeded site', () => {
    let t: TestApp;
    let services: NewsServices;
    beforeAll(async () => {
      t = await createTestApp(dialect, { seed: true });
      services = t.app.services;
    }, 60_000);
    afterAll(async () => t?.close());

    it('records what the seed created, and counts as demo only', async () => {
      const marks = await t.database.db.selectFrom('demo_items').select(['kind']).execute();
      const perKind = Object.fromEntries(Object.keys(SEEDED).map((kind) => [kind, marks.filter((m) => m.kind === kind).length]));
      expect(perKind).toEqual(SEEDED);
      expect(await services.demo.plan()).toEqual({ counts: SEEDED, refusals: [], demoOnly: true });
      expect(await services.demo.isDemoOnly()).toBe(true);
    });

    it('is no longer demo only once a real story exists, and removal keeps it, accounts and their bylines', async () => {
      const editor = await createStaffUser(t.app, 'editor');
      const local = await makeSection(services, { name: 'Local', slug: 'local' });
      const tag = await services.taxonomy.ensureTag('Council');
      const real = await makeArticle(services, {
        title: 'Council approves new bus lanes',
        primarySectionId: local.id,
        tagIds: [tag],
        authorIds: [editor.personId!],
      });
      expect(await services.demo.isDemoOnly()).toBe(false);
      expect(await services.demo.plan()).toEqual({ counts: SEEDED, refusals: [], demoOnly: false });

      const files = await mediaFiles(t);
      expect(files).toHaveLength(SEEDED.media * 5);
      expect(files.every((file) => fs.existsSync(file))).toBe(true);
      const before = await rowCounts(t);

      const result = await services.demo.remove({ userId: editor.id });
      expect(result).toEqual({ removed: SEEDED, files: SEEDED.media * 5, filesNotDeleted: [] });

      expect(files.some((file) => fs.existsSync(file))).toBe(false);
      expect(await rowCounts(t)).toEqual({
        articles: 1,
        pages: 0,
        sections: 1,
        tags: 1,
        people: before.people - SEEDED.person,
        media: 0,
        comments: 0,
        users: before.users,
        marks: 0,
      });
      expect((await services.articles.findAnyById(real))?.title).toBe('Council approves new bus lanes');
      expect((await services.staff.findByEmail(editor.email))?.personId).toBe(editor.personId);
      const documents = await t.database.db.selectFrom('article_search_documents').select('article_id').execute();
      expect(documents.map((d) => d.article_id)).toEqual([real]);
      expect(await searchTotal(services, 'bitcoin')).toBe(0);
      expect(await searchTotal(services, 'bus lanes')).toBe(1);
      const [entry] = await services.audit.list({ action: 'demo.removed' });
      expect(entry).toMatchObject({ actorId: editor.id, subjectType: 'site', after: { ...SEEDED, files: SEEDED.media * 5 } });

      // The site's front page and a former demo address still answer.
      expect((await t.app.inject({ method: 'GET', url: '/' })).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'GET', url: '/about/' })).statusCode).toBe(404);

      expect(await services.demo.remove()).toEqual({ removed: NOTHING, files: 0, filesNotDeleted: [] });
      expect(await services.demo.isDemoOnly()).toBe(false);
      // So the server's next start does not seed it again.
      expect(await services.demo.wasRemoved()).toBe(true);
    });

    it('can seed the demo again afterwards, and remove it again', async () => {
      await seedDemo(services);
      expect((await services.demo.plan()).counts).toEqual(SEEDED);
      expect((await services.media.search('')).length).toBe(SEEDED.media);
      const result = await services.demo.remove();
      expect(result.removed).toEqual(SEEDED);
      expect(await rowCounts(t)).toMatchObject({ articles: 1, pages: 0, sections: 1, tags: 1, media: 0, marks: 0 });
    }, 60_000);
  });

  describe('refusals', () => {
    let t: TestApp;
    let services: NewsServices;
    beforeAll(async () => {
      t = await createTestApp(dialect, { seed: true });
      services = t.app.services;
    }, 60_000);
    afterAll(async () => t?.close());

    /** Refused, naming the reason; and nothing was deleted: rows, marks and files are all still there. */
    async function expectRefused(reason: DemoRefusal['reason'], ...texts: string[]): Promise<DemoRefusal[]> {
      const before = await rowCounts(t);
      const files = await mediaFiles(t);
      const refusals = await refusalOf(services);
      const matching = refusals.filter((r) => r.reason === reason);
      expect(matching.length, JSON.stringify(refusals)).toBeGreaterThan(0);
      for (const text of texts) expect(matching.map((r) => r.message).join('\n')).toContain(text);
      expect(await rowCounts(t)).toEqual(before);
      expect(files.every((file) => fs.existsSync(file))).toBe(true);
      expect(await services.demo.isDemoOnly()).toBe(false);
      expect((await services.demo.plan()).refusals).toEqual(refusals);
      return refusals;
    }

    it('refuses while a real story is filed in a demo section, then while it has a demo tag or byline', async () => {
      const world = await services.taxonomy.findSection('world');
      const real = await makeArticle(services, { title: 'Our own world story', primarySectionId: world!.section.id });
      await expectRefused('article-in-demo-section', '“Our own world story”', 'is not the demo’s and is filed in the demo section “World”');

      const ai = await services.taxonomy.findTag('ai');
      const ines = await services.people.findBySlug('ines-halloran');
      await services.articles.update(real, { primarySectionId: null, sectionIds: [], tagIds: [ai!.id], authorIds: [ines!.id] });
      await expectRefused('article-with-demo-tag', '“Our own world story”', 'the demo tag “AI”');
      await expectRefused('article-by-demo-person', 'the demo byline “Ines Halloran”');
      expect((await refusalOf(services)).map((r) => r.reason)).not.toContain('article-in-demo-section');

      await services.articles.update(real, { tagIds: [], authorIds: [] });
      expect((await services.demo.plan()).refusals).toEqual([]);
      await t.database.db.deleteFrom('articles').where('id', '=', real).execute();
    });

    it('refuses while a reader has commented on a demo story', async () => {
      const id = await demoArticleId(t, demoContent.articles[0]!.slug);
      const comment = await readerComment(t, id);
      await expectRefused('comments-on-demo-article', `“${demoContent.articles[0]!.title}”`, '1 comment the demo did not add');
      await t.database.db.deleteFrom('comments').where('id', '=', comment).execute();
      expect((await services.demo.plan()).refusals).toEqual([]);
    });

    it('refuses while staff have edited a demo story, or added a correction to one', async () => {
      const story = demoContent.articles[1]!;
      const id = await demoArticleId(t, story.slug);
      const original = (await services.articles.findAnyById(id))!;
      await services.articles.update(id, { standfirst: 'Rewritten by our desk.' });
      await expectRefused('demo-content-changed', `The demo article “${story.title}” (article ${id}) was edited after the demo was seeded`);
      // Put back as it was: the fingerprint matches again.
      await services.articles.update(id, { standfirst: original.standfirst });
      expect((await services.demo.plan()).refusals).toEqual([]);

      const correction = await services.corrections.add(id, 'An earlier version misstated the date.', { userId: null });
      await expectRefused('demo-content-changed', 'has corrections or notes written by staff');
      await t.database.db.deleteFrom('corrections').where('id', '=', correction).execute();
      expect((await services.demo.plan()).refusals).toEqual([]);
    });

    it('refuses while a demo image is the logo or used by a real story, or a staff account has a demo byline', async () => {
      const [image] = await services.media.search('bitcoin-options');
      await services.settings.update({ logo: image!.id });
      await expectRefused('demo-image-used', 'The demo image bitcoin-options.jpg is the site’s logo');
      await services.settings.update({ logo: null });

      const real = await makeArticle(services, { title: 'Using a demo picture', body: `<p>See:</p><p><img src="${image!.variants[1]!.url}" alt=""></p>` });
      await expectRefused('demo-image-used', 'The demo image bitcoin-options.jpg is used by “Using a demo picture”');
      await t.database.db.deleteFrom('articles').where('id', '=', real).execute();

      const joel = await services.people.findBySlug('joel-marchetti');
      const staff = await createStaffUser(t.app, 'author', { displayName: 'Joel M.', personId: joel!.id });
      await expectRefused('staff-byline', `The staff account Joel M. <${staff.email}> writes under the demo byline “Joel Marchetti”`);
      await t.database.db.updateTable('users').set({ person_id: null }).where('id', '=', staff.id).execute();

      expect(await services.demo.isDemoOnly()).toBe(true);
      expect((await services.demo.remove()).removed).toEqual(SEEDED);
    });
  });

  describe('a demo seeded before the seed recorded its rows', () => {
    let t: TestApp;
    let services: NewsServices;
    beforeAll(async () => {
      t = await createTestApp(dialect, { seed: true });
      services = t.app.services;
      await t.database.db.deleteFrom('demo_items').execute();
    }, 60_000);
    afterAll(async () => t?.close());

    it('is recognised by its slugs and text, and removed, keeping a real story that took a demo slug', async () => {
      expect(await services.demo.plan()).toEqual({ counts: SEEDED, refusals: [], demoOnly: true });

      // A demo story staff deleted, and a real one of their own at its old slug (another headline, another section).
      const taken = demoContent.articles.at(-1)!;
      await t.database.db.deleteFrom('articles').where('slug', '=', taken.slug).execute();
      const desk = await makeSection(services, { name: 'Desk', slug: 'desk' });
      const real = await makeArticle(services, { title: 'Our own shipping story', slug: taken.slug, primarySectionId: desk.id });
      // The oldest demo kept its images under media/demo/ rather than in the library.
      const story = demoContent.articles[0]!;
      const oldFile = path.join(t.config.dataDir, 'media', 'demo', story.image.file);
      fs.mkdirSync(path.dirname(oldFile), { recursive: true });
      fs.writeFileSync(oldFile, '<svg xmlns="http://www.w3.org/2000/svg"/>');
      await t.database.db
        .updateTable('articles')
        .set({ featured_image_url: `/media/demo/${story.image.file}` })
        .where('slug', '=', story.slug)
        .execute();

      expect(await services.demo.plan()).toEqual({ counts: { ...SEEDED, article: SEEDED.article - 1 }, refusals: [], demoOnly: false });
      const files = await mediaFiles(t);
      const result = await services.demo.remove();
      expect(result).toEqual({ removed: { ...SEEDED, article: SEEDED.article - 1 }, files: SEEDED.media * 5 + 1, filesNotDeleted: [] });
      expect(fs.existsSync(oldFile)).toBe(false);
      expect(files.some((file) => fs.existsSync(file))).toBe(false);
      const left = await t.database.db.selectFrom('articles').select(['id', 'title']).execute();
      expect(left).toEqual([{ id: real, title: 'Our own shipping story' }]);
      expect(await rowCounts(t)).toMatchObject({ pages: 0, sections: 1, tags: 0, media: 0 });
    });

    it('refuses an older demo story that staff edited', async () => {
      // (The real story from the last test would send the demo's story to another slug.)
      await t.database.db.deleteFrom('articles').execute();
      await seedDemo(services);
      await t.database.db.deleteFrom('demo_items').execute();
      const story = demoContent.articles[2]!;
      const id = await demoArticleId(t, story.slug);
      await services.articles.update(id, { body: '<p>Our desk rewrote this.</p>' });
      const refusals = await refusalOf(services);
      expect(refusals.map((r) => r.reason)).toEqual(['demo-content-changed']);
      expect(refusals[0]!.message).toContain(`“${story.title}” (article ${id}) was edited`);
    }, 60_000);
  });

  it('finds no demo in an empty site', async () => {
    const t = await createTestApp(dialect);
    try {
      expect(await t.app.services.demo.plan()).toEqual({ counts: NOTHING, refusals: [], demoOnly: false });
      expect(await t.app.services.demo.isDemoOnly()).toBe(false);
      expect(await t.app.services.demo.remove()).toEqual({ removed: NOTHING, files: 0, filesNotDeleted: [] });
      expect(await t.app.services.audit.list({ action: 'demo.removed' })).toEqual([]);
      expect(await t.app.services.demo.wasRemoved()).toBe(false);
    } finally {
      await t.close();
    }
  });
});
