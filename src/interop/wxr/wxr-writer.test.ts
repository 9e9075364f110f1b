import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeArticle, makePerson, makeSection } from '../../../test/factories.js';
import { createTestApp, TEST_SITE_URL, type TestApp } from '../../../test/helpers/app.js';
import { describeEachDialect } from '../../../test/helpers/database.js';
import type { Db } from '../../platform/db/types.js';
import { importWxr, type ImportReport } from './wxr-import.js';
import { scanWxr } from './wxr-reader.js';
import { cdata, writeWxr, wxrChunks } from './wxr-writer.js';

const FIXTURE = path.resolve(process.cwd(), '../shared/fixtures/wxr/themeunittestdata.wordpress.xml');
const haveFixture = fs.existsSync(FIXTURE);
if (!haveFixture) console.log(`[dateline] WXR export round trip of the Theme Unit Test export SKIPPED: ${FIXTURE} is absent`);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-wxr-export-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function exportTo(t: TestApp, name: string): Promise<string> {
  const file = path.join(tmp, name);
  const out = fs.createWriteStream(file);
  await writeWxr(t.app.services, out, { siteUrl: TEST_SITE_URL, batchSize: 3 });
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return file;
}

function importInto(t: TestApp, file: string): Promise<ImportReport> {
  return importWxr(t.app.services, () => file);
}

const iso = (value: string | null) => (value === null ? null : new Date(value).toISOString());

/** What should come back the same after export and import, table by table, in id order. */
async function snapshot(db: Db) {
  const articles = await db
    .selectFrom('articles')
    .select([
      'id',
      'slug',
      'title',
      'standfirst',
      'body',
      'status',
      'visibility',
      'password',
      'pinned',
      'comments_open',
      'published_at',
      'trashed_at',
      'primary_section_id',
      'featured_image_url',
      'featured_image_alt',
      'featured_image_caption',
      'seo_title',
      'seo_description',
    ])
    .orderBy('id')
    .execute();
  return {
    articles: articles.map((a) => ({
      ...a,
      // The import's content conversion drops the white space between block elements; nothing else of a body changes.
      body: a.body.replace(/>\s+</g, '><'),
      pinned: Boolean(a.pinned),
      comments_open: Boolean(a.comments_open),
      published_at: iso(a.published_at),
      trashed: a.trashed_at !== null,
      trashed_at: undefined,
      // Featured images leave as absolute URLs (an attachment's URL is absolute in WXR).
      featured_image_url: a.featured_image_url && new URL(a.featured_image_url, TEST_SITE_URL).href,
    })),
    sections: await db.selectFrom('sections').select(['id', 'slug', 'name', 'description', 'parent_id']).orderBy('id').execute(),
    tags: await db.selectFrom('tags').select(['id', 'slug', 'name']).orderBy('id').execute(),
    people: await db.selectFrom('people').select(['id', 'slug', 'display_name']).orderBy('id').execute(),
    articleSections: await db.selectFrom('article_sections').selectAll().orderBy('article_id').orderBy('section_id').execute(),
    articleTags: await db.selectFrom('article_tags').selectAll().orderBy('article_id').orderBy('tag_id').execute(),
    bylines: await db.selectFrom('article_authors').selectAll().orderBy('article_id').orderBy('position').execute(),
    pages: await db.selectFrom('pages').select(['id', 'slug', 'title', 'body', 'status', 'parent_id', 'sort_order']).orderBy('id').execute(),
    comments: (
      await db
        .selectFrom('comments')
        .select(['id', 'article_id', 'parent_id', 'status', 'kind', 'author_name', 'author_email', 'author_url', 'author_ip', 'body', 'created_at'])
        .orderBy('id')
        .execute()
    ).map((c) => ({ ...c, created_at: iso(c.created_at) })),
  };
}

describe('cdata', () => {
  it('splits ]]> across two sections, as WordPress does, and leaves out characters XML forbids', () => {
    expect(cdata('a]]>b\u0001')).toBe('<![CDATA[a]]]]><![CDATA[>b]]>');
  });
});

describeEachDialect('WordPress export', (dialect) => {
  describe('a Dateline site, exported and imported into an empty one', () => {
    let source: TestApp;
    let target: TestApp;
    let file: string;
    let report: ImportReport;
    const ids: Record<string, number> = {};

    beforeAll(async () => {
      source = await createTestApp(dialect);
      target = await createTestApp(dialect);
      const s = source.app.services;
      const news = await makeSection(s, { name: 'News & Views', slug: 'news' });
      const world = await makeSection(s, { name: 'World', slug: 'world', parentId: news.id });
      const europe = await makeSection(s, { name: 'Europe', slug: 'europe', parentId: world.id });
      const climate = await s.taxonomy.ensureTag('Climate');
      const energy = await s.taxonomy.ensureTag('Energy <policy>');
      const ana = await makePerson(s, { displayName: 'Ana Ruiz', slug: 'ana-ruiz' });
      const ben = await makePerson(s, { displayName: 'Ben Okoro', slug: 'ben-okoro' });
      ids.lead = await makeArticle(s, {
        title: 'Floods & “storms” in <Europe>',
        slug: 'floods-in-europe',
        standfirst: 'Rivers rose ]]> overnight.',
        body: '<p>The water came at night.</p>\n<h2>What next</h2>\n<p>Nobody <strong>knows</strong> yet.</p>',
        primarySectionId: europe.id,
        sectionIds: [news.id],
        tagIds: [climate, energy],
        authorIds: [ana.id, ben.id],
        pinned: true,
        seoTitle: 'Floods in Europe',
        seoDescription: 'What the floods did ]]> next',
        image: { url: '/media/2025/floods.jpg', alt: 'A flooded street', caption: 'Cologne, Tuesday', credit: '', width: null, height: null },
        publishedAt: '2025-03-04T10:00:00.000Z',
      });
      ids.secret = await makeArticle(s, {
        title: 'Staff only',
        slug: 'staff-only',
        visibility: 'private',
        authorIds: [ben.id],
        publishedAt: '2025-03-05T10:00:00.000Z',
      });
      ids.locked = await makeArticle(s, {
        title: 'Locked',
        slug: 'locked',
        visibility: 'password',
        password: 'open sesame',
        primarySectionId: world.id,
        publishedAt: '2025-03-06T10:00:00.000Z',
      });
      ids.later = await makeArticle(s, { title: 'Coming soon', slug: 'coming-soon', publishedAt: null, commentsOpen: false });
      await s.articles.schedule(ids.later, '2099-01-01T08:00:00.000Z');
      ids.draft = await makeArticle(s, { title: 'A draft', slug: 'a-draft', publishedAt: null });
      ids.review = await makeArticle(s, { title: 'In review', slug: 'in-review', publishedAt: null });
      // Review and the trash are the editors' actions (with a staff actor): set as they leave the row.
      const db = source.database.db;
      await db.updateTable('articles').set({ status: 'pending' }).where('id', '=', ids.review).execute();
      ids.privateDraft = await makeArticle(s, { title: 'Private draft', slug: 'private-draft', visibility: 'private', publishedAt: null });
      ids.binned = await makeArticle(s, { title: 'Binned', slug: 'binned', publishedAt: null });
      await db.updateTable('articles').set({ trashed_at: '2025-03-07T10:00:00.000Z' }).where('id', '=', ids.binned).execute();

      const about = await s.pages.create({ title: 'About us', slug: 'about', status: 'published', sortOrder: 1 });
      const team = await s.pages.create({ title: 'The team', slug: 'team', status: 'published', parentId: about, sortOrder: 2 });
      await s.pages.create({ title: 'Alumni', slug: 'alumni', status: 'draft', parentId: team });
      await s.pages.create({ title: 'Contact', slug: 'contact', status: 'published' });

      // Comments as the site stores them: a thread with every status and a pingback.
      const comment = (values: { parent_id?: number | null; status: string; kind?: string; body: string; author_name: string; created_at: string }) =>
        source.database.db
          .insertInto('comments')
          .values({
            article_id: ids.lead!,
            parent_id: values.parent_id ?? null,
            status: values.status as 'approved',
            kind: (values.kind ?? 'comment') as 'comment',
            body: values.body,
            body_html: `<p>${values.body}</p>`,
            author_name: values.author_name,
            author_email: `${values.author_name.split(' ')[0]!.toLowerCase()}@example.com`,
            author_url: 'https://example.com/me',
            author_ip: '192.0.2.7',
            user_id: null,
            is_staff: false,
            notify_replies: false,
            spam_score: null,
            reasons: '[]',
            created_at: values.created_at,
            updated_at: values.created_at,
            edited_at: null,
            status_changed_at: values.created_at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
      const top = await comment({
        status: 'approved',
        body: 'First & <best>\n\nSecond paragraph.',
        author_name: 'Rosa Park',
        created_at: '2025-03-04T11:00:00.000Z',
      });
      const reply = await comment({ parent_id: top.id, status: 'approved', body: 'A reply.', author_name: 'Tom Lee', created_at: '2025-03-04T12:00:00.000Z' });
      await comment({
        parent_id: reply.id,
        status: 'pending',
        body: 'A reply to the reply.',
        author_name: 'Rosa Park',
        created_at: '2025-03-04T13:00:00.000Z',
      });
      await comment({ status: 'spam', body: 'Cheap pills', author_name: 'Spammer', created_at: '2025-03-04T14:00:00.000Z' });
      await comment({ status: 'trash', body: 'Rude words', author_name: 'Troll', created_at: '2025-03-04T15:00:00.000Z' });
      await comment({ status: 'approved', kind: 'pingback', body: 'A blog linked here', author_name: 'Some Blog', created_at: '2025-03-04T16:00:00.000Z' });

      file = await exportTo(source, 'dateline.xml');
      report = await importInto(target, file);
    }, 60_000);
    afterAll(async () => {
      await source.close();
      await target.close();
    });

    it('writes a well-formed WXR 1.2 file with everything in it', async () => {
      const summary = await scanWxr(file);
      expect(summary.site).toMatchObject({ wxrVersion: '1.2', link: TEST_SITE_URL, baseBlogUrl: TEST_SITE_URL });
      expect(summary.authors.map((a) => [a.login, a.displayName])).toEqual([
        ['ana-ruiz', 'Ana Ruiz'],
        ['ben-okoro', 'Ben Okoro'],
      ]);
      expect(summary.categories.map((c) => [c.nicename, c.parent])).toEqual([
        ['news', null],
        ['world', 'news'],
        ['europe', 'world'],
      ]);
      expect(summary.tags.map((t) => t.name)).toEqual(['Climate', 'Energy &lt;policy&gt;']);
      expect(summary.postTypes.post).toMatchObject({ total: 8, passwordProtected: 1, sticky: 1, comments: 6 });
      expect(summary.postTypes.post!.byStatus).toEqual({ publish: 2, private: 1, future: 1, draft: 2, pending: 1, trash: 1 });
      expect(summary.postTypes.page).toMatchObject({ total: 4, withParent: 2 });
      expect(summary.postTypes.attachment!.total).toBe(1);
      expect(summary.comments).toEqual({ total: 6, byApproved: { '1': 3, '0': 1, spam: 1, trash: 1 }, byType: { comment: 5, pingback: 1 }, threaded: 2 });
      expect(summary.duplicateItemIds).toEqual([]);
      const xml = fs.readFileSync(file, 'utf8');
      expect(xml).toContain('<excerpt:encoded><![CDATA[Rivers rose ]]&gt; overnight.]]></excerpt:encoded>');
      expect(xml).toContain('<wp:meta_value><![CDATA[What the floods did ]]]]><![CDATA[> next]]></wp:meta_value>');
      expect(xml).toContain(`<guid isPermaLink="false">${TEST_SITE_URL}/?p=${ids.lead}</guid>`);
      expect(xml).toContain(`<link>${TEST_SITE_URL}/2025/03/04/floods-in-europe/</link>`);
    });

    it('streams one chunk per item', async () => {
      let chunks = 0;
      for await (const chunk of wxrChunks(source.app.services, { siteUrl: TEST_SITE_URL })) if (chunk.startsWith('\t<item>')) chunks++;
      expect(chunks).toBe(8 + 4 + 1);
    });

    it('imports back with the same ids, slugs, statuses, terms, bylines, pages and comments', async () => {
      expect(report.ids).toBe('keep');
      expect(report.counts.articles.imported).toBe(8);
      expect(report.counts.pages.imported).toBe(4);
      expect(report.counts.comments.imported).toBe(6);
      expect(report.counts.sections.imported).toBe(3);
      expect(report.counts.tags.imported).toBe(2);
      expect(report.counts.people.imported).toBe(2);
      const before = await snapshot(source.database.db);
      const after = await snapshot(target.database.db);
      expect(after.sections).toEqual(before.sections);
      expect(after.tags).toEqual(before.tags);
      expect(after.people).toEqual(before.people);
      expect(after.articleSections).toEqual(before.articleSections);
      expect(after.articleTags).toEqual(before.articleTags);
      expect(after.bylines).toEqual(before.bylines);
      expect(after.pages).toEqual(before.pages);
      expect(after.comments).toEqual(before.comments);
      expect(after.articles).toEqual(before.articles);
    });

    it('gives every published story the same address', async () => {
      for (const [slug, id] of [
        ['floods-in-europe', ids.lead],
        ['locked', ids.locked],
      ] as const) {
        const was = await source.app.services.articles.findAnyById(id!);
        const is = await target.app.services.articles.findAnyById(id!);
        expect([slug, is?.path]).toEqual([slug, was?.path]);
        expect((await target.app.inject({ method: 'GET', url: is!.path })).statusCode).toBe(200);
      }
      expect((await target.app.inject({ method: 'GET', url: '/team/' })).statusCode).toBe(200);
    });
  });

  (haveFixture ? it : it.skip)(
    'the Theme Unit Test data, imported, exported and imported again, keeps its counts and ids',
    async () => {
      const first = await createTestApp(dialect);
      const second = await createTestApp(dialect);
      try {
        await importInto(first, FIXTURE);
        const file = await exportTo(first, 'theme-unit-test.xml');
        const report = await importInto(second, file);
        expect(report.ids).toBe('keep');
        const count = async (t: TestApp) => {
          const db = t.database.db;
          const ids = async (table: 'articles' | 'pages' | 'comments' | 'sections' | 'tags' | 'people') =>
            (await db.selectFrom(table).select('id').orderBy('id').execute()).map((row) => row.id);
          return {
            articles: await ids('articles'),
            pages: await ids('pages'),
            comments: await ids('comments'),
            sections: await ids('sections'),
            tags: await ids('tags'),
            people: await ids('people'),
            parents: await db.selectFrom('pages').select(['id', 'parent_id']).orderBy('id').execute(),
            threads: await db.selectFrom('comments').select(['id', 'parent_id', 'status', 'kind']).orderBy('id').execute(),
          };
        };
        const before = await count(first);
        expect(before.articles).toHaveLength(58);
        expect(await count(second)).toEqual(before);
      } finally {
        await first.close();
        await second.close();
      }
    },
    120_000,
  );
});
