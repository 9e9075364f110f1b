import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { containsText } from '../../platform/db/dialect.js';
import type { DemoItemsTable } from '../../platform/db/schema.js';
import type { Db } from '../../platform/db/types.js';
import type { DemoItemKind } from '../vocabulary.js';

/** The tables of the kinds whose rows are recognised by id and creation time alone. */
const PLAIN_TABLES = { section: 'sections', tag: 'tags', person: 'people', media: 'media' } as const;

/** How many examples a refusal names before it says "and N more". */
export const EXAMPLES = 5;

export type DemoMark = Pick<DemoItemsTable, 'kind' | 'item_id' | 'item_created_at' | 'fingerprint'>;

/** A row's creation time and, for the kinds whose content is checked, the fingerprint of that content now. */
export interface RowState {
  createdAt: string;
  fingerprint: string | null;
}

export interface ArticleFacts {
  id: number;
  slug: string;
  title: string;
  standfirst: string;
  body: string;
  featuredImageUrl: string | null;
  createdAt: string;
}

/** The slugs an article is linked to: its primary section, all its sections (sorted), tags (sorted), byline (in order). */
export interface ArticleLinkSlugs {
  primary: string | null;
  sections: string[];
  tags: string[];
  authors: string[];
}

export interface NamedRow {
  id: number;
  slug: string;
  name: string;
  createdAt: string;
}

export interface MediaFacts {
  id: number;
  storageKey: string;
  variants: string;
  originalFilename: string;
  alt: string;
  uploadedBy: number | null;
  createdAt: string;
}

/** Some of the rows a refusal is about, and how many there are in all. */
export interface Examples<T> {
  total: number;
  rows: T[];
}

const sha256 = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** Kysely's `in` needs at least one value; an empty list matches nothing. */
const NONE = [-1];
const list = (ids: readonly number[]) => (ids.length ? [...ids] : NONE);

export async function demoMarks(db: Db): Promise<DemoMark[]> {
  return db.selectFrom('demo_items').select(['kind', 'item_id', 'item_created_at', 'fingerprint']).orderBy('kind').orderBy('item_id').execute();
}

export async function insertMarks(db: Db, marks: DemoMark[], recordedAt: string): Promise<void> {
  if (!marks.length) return;
  await db
    .insertInto('demo_items')
    .values(marks.map((mark) => ({ ...mark, recorded_at: recordedAt })))
    .onConflict((oc) => oc.columns(['kind', 'item_id']).doNothing())
    .execute();
}

export async function deleteAllMarks(db: Db): Promise<number> {
  const result = await db.deleteFrom('demo_items').executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * The creation time of each of these rows and, for articles, pages and comments, a fingerprint of what a reader or an
 * editor would see change: an article's text, images, SEO fields, sections, tags and byline; a page's slug, title and
 * body; a comment's text and author. Status, times and counters are left out (unpublishing a demo story is no edit).
 */
export async function rowStates(db: Db, kind: DemoItemKind, ids: readonly number[]): Promise<Map<number, RowState>> {
  const states = new Map<number, RowState>();
  if (!ids.length) return states;
  const plain = (rows: { id: number; created_at: string }[]) => {
    for (const row of rows) states.set(row.id, { createdAt: row.created_at, fingerprint: null });
    return states;
  };
  switch (kind) {
    case 'article': {
      const rows = await db
        .selectFrom('articles')
        .select([
          'id',
          'created_at',
          'slug',
          'title',
          'standfirst',
          'body',
          'primary_section_id',
          'featured_image_url',
          'featured_image_alt',
          'featured_image_caption',
          'featured_image_credit',
          'featured_image_width',
          'featured_image_height',
          'seo_title',
          'seo_description',
        ])
        .where('id', 'in', [...ids])
        .execute();
      const [sections, tags, authors] = await Promise.all([
        db
          .selectFrom('article_sections')
          .select(['article_id', 'section_id as ref'])
          .where('article_id', 'in', [...ids])
          .orderBy('section_id')
          .execute(),
        db
          .selectFrom('article_tags')
          .select(['article_id', 'tag_id as ref'])
          .where('article_id', 'in', [...ids])
          .orderBy('tag_id')
          .execute(),
        db
          .selectFrom('article_authors')
          .select(['article_id', 'person_id as ref'])
          .where('article_id', 'in', [...ids])
          .orderBy('position')
          .execute(),
      ]);
      const refs = (links: { article_id: number; ref: number }[], id: number) => links.filter((l) => l.article_id === id).map((l) => l.ref);
      for (const { id, created_at, ...content } of rows) {
        const links = { sections: refs(sections, id), tags: refs(tags, id), authors: refs(authors, id) };
        states.set(id, { createdAt: created_at, fingerprint: sha256({ ...content, ...links }) });
      }
      return states;
    }
    case 'page': {
      const rows = await db
        .selectFrom('pages')
        .select(['id', 'created_at', 'slug', 'title', 'body'])
        .where('id', 'in', [...ids])
        .execute();
      for (const { id, created_at, ...content } of rows) states.set(id, { createdAt: created_at, fingerprint: sha256(content) });
      return states;
    }
    case 'comment': {
      const rows = await db
        .selectFrom('comments')
        .select(['id', 'created_at', 'article_id', 'parent_id', 'body', 'author_name', 'author_email', 'author_url'])
        .where('id', 'in', [...ids])
        .execute();
      for (const { id, created_at, ...content } of rows) states.set(id, { createdAt: created_at, fingerprint: sha256(content) });
      return states;
    }
    case 'section':
    case 'tag':
    case 'person':
    case 'media':
      // The same two columns of each table; the cast only lets Kysely type the query once.
      return plain(
        await db
          .selectFrom(PLAIN_TABLES[kind] as 'sections')
          .select(['id', 'created_at'])
          .where('id', 'in', [...ids])
          .execute(),
      );
  }
}

// ---- What an older demo (seeded before demo_items) looks like: rows found by the demo's slugs ----

function articleFacts(row: {
  id: number;
  slug: string;
  title: string;
  standfirst: string;
  body: string;
  featured_image_url: string | null;
  created_at: string;
}): ArticleFacts {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    standfirst: row.standfirst,
    body: row.body,
    featuredImageUrl: row.featured_image_url,
    createdAt: row.created_at,
  };
}

export async function articlesWhere(db: Db, by: { ids: readonly number[] } | { slugs: readonly string[] }): Promise<ArticleFacts[]> {
  let query = db.selectFrom('articles').select(['id', 'slug', 'title', 'standfirst', 'body', 'featured_image_url', 'created_at']);
  if ('ids' in by) {
    if (!by.ids.length) return [];
    query = query.where('id', 'in', [...by.ids]);
  } else {
    if (!by.slugs.length) return [];
    query = query.where('slug', 'in', [...by.slugs]);
  }
  return (await query.orderBy('id').execute()).map(articleFacts);
}

export async function linkSlugs(db: Db, articleIds: readonly number[]): Promise<Map<number, ArticleLinkSlugs>> {
  const result = new Map<number, ArticleLinkSlugs>();
  if (!articleIds.length) return result;
  const ids = [...articleIds];
  const [primaries, sections, tags, authors] = await Promise.all([
    db
      .selectFrom('articles')
      .leftJoin('sections', 'sections.id', 'articles.primary_section_id')
      .select(['articles.id', 'sections.slug'])
      .where('articles.id', 'in', ids)
      .execute(),
    db
      .selectFrom('article_sections')
      .innerJoin('sections', 'sections.id', 'article_sections.section_id')
      .select(['article_sections.article_id', 'sections.slug'])
      .where('article_sections.article_id', 'in', ids)
      .orderBy('sections.slug')
      .execute(),
    db
      .selectFrom('article_tags')
      .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
      .select(['article_tags.article_id', 'tags.slug'])
      .where('article_tags.article_id', 'in', ids)
      .orderBy('tags.slug')
      .execute(),
    db
      .selectFrom('article_authors')
      .innerJoin('people', 'people.id', 'article_authors.person_id')
      .select(['article_authors.article_id', 'people.slug'])
      .where('article_authors.article_id', 'in', ids)
      .orderBy('article_authors.position')
      .execute(),
  ]);
  const of = (links: { article_id: number; slug: string }[], id: number) => links.filter((l) => l.article_id === id).map((l) => l.slug);
  for (const { id, slug } of primaries) {
    result.set(id, { primary: slug ?? null, sections: of(sections, id), tags: of(tags, id), authors: of(authors, id) });
  }
  return result;
}

/** The articles among these that staff wrote something about: corrections or send-back notes. */
export async function articlesWithStaffNotes(db: Db, articleIds: readonly number[]): Promise<Set<number>> {
  if (!articleIds.length) return new Set();
  const [corrections, notes] = await Promise.all([
    db
      .selectFrom('corrections')
      .select('article_id')
      .distinct()
      .where('article_id', 'in', [...articleIds])
      .execute(),
    db
      .selectFrom('article_notes')
      .select('article_id')
      .distinct()
      .where('article_id', 'in', [...articleIds])
      .execute(),
  ]);
  return new Set([...corrections, ...notes].map((row) => row.article_id));
}

export async function pagesWhere(
  db: Db,
  by: { ids: readonly number[] } | { slugs: readonly string[] },
): Promise<{ id: number; slug: string; title: string; body: string; createdAt: string }[]> {
  let query = db.selectFrom('pages').select(['id', 'slug', 'title', 'body', 'created_at']);
  if ('ids' in by) {
    if (!by.ids.length) return [];
    query = query.where('id', 'in', [...by.ids]);
  } else {
    if (!by.slugs.length) return [];
    query = query.where('slug', 'in', [...by.slugs]);
  }
  return (await query.orderBy('id').execute()).map(({ created_at, ...row }) => ({ ...row, createdAt: created_at }));
}

/** The tables whose rows the demo recognises by slug and name. */
export type NamedTable = 'sections' | 'tags' | 'people';
const NAME_COLUMN = { sections: 'name', tags: 'name', people: 'display_name' } as const;

/** Sections, tags or people by id or by slug, with their name and creation time. */
export async function namedRowsWhere(db: Db, table: NamedTable, by: { ids: readonly number[] } | { slugs: readonly string[] }): Promise<NamedRow[]> {
  // The three tables share these columns; the cast only lets Kysely type the shared query once.
  let query = db.selectFrom(table as 'sections').select(['id', 'slug', sql.ref<string>(NAME_COLUMN[table]).as('name'), 'created_at']);
  if ('ids' in by) {
    if (!by.ids.length) return [];
    query = query.where('id', 'in', [...by.ids]);
  } else {
    if (!by.slugs.length) return [];
    query = query.where('slug', 'in', [...by.slugs]);
  }
  return (await query.orderBy('id').execute()).map((row) => ({ id: row.id, slug: row.slug, name: row.name, createdAt: row.created_at }));
}

export async function mediaWhere(db: Db, by: { ids: readonly number[] } | { filenames: readonly string[] }): Promise<MediaFacts[]> {
  let query = db.selectFrom('media').select(['id', 'storage_key', 'variants', 'original_filename', 'alt', 'uploaded_by', 'created_at']);
  if ('ids' in by) {
    if (!by.ids.length) return [];
    query = query.where('id', 'in', [...by.ids]);
  } else {
    if (!by.filenames.length) return [];
    query = query.where('original_filename', 'in', [...by.filenames]);
  }
  return (await query.orderBy('id').execute()).map((row) => ({
    id: row.id,
    storageKey: row.storage_key,
    variants: row.variants,
    originalFilename: row.original_filename,
    alt: row.alt,
    uploadedBy: row.uploaded_by,
    createdAt: row.created_at,
  }));
}

export async function commentsWhere(db: Db, ids: readonly number[]): Promise<{ id: number; articleId: number }[]> {
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('comments')
    .select(['id', 'article_id'])
    .where('id', 'in', [...ids])
    .execute();
  return rows.map((row) => ({ id: row.id, articleId: row.article_id }));
}

// ---- What removing the demo would touch besides the demo ----

export interface ArticleExample {
  id: number;
  title: string;
  /** The demo rows (sections, tags or people) it is linked to. */
  via: number[];
}

/**
 * Articles outside `exceptArticles` linked to one of these sections (as primary or other section), tags or people:
 * the first few, with the links, and how many in all.
 */
export async function otherArticlesLinked(
  db: Db,
  link: 'section' | 'tag' | 'person',
  ids: readonly number[],
  exceptArticles: readonly number[],
): Promise<Examples<ArticleExample>> {
  if (!ids.length) return { total: 0, rows: [] };
  const refs = [...ids];
  const base = db
    .selectFrom('articles')
    .where('articles.id', 'not in', list(exceptArticles))
    .where((eb) => {
      switch (link) {
        case 'section':
          return eb.or([
            eb('articles.primary_section_id', 'in', refs),
            eb.exists(
              eb.selectFrom('article_sections as l').select('l.article_id').whereRef('l.article_id', '=', 'articles.id').where('l.section_id', 'in', refs),
            ),
          ]);
        case 'tag':
          return eb.exists(
            eb.selectFrom('article_tags as l').select('l.article_id').whereRef('l.article_id', '=', 'articles.id').where('l.tag_id', 'in', refs),
          );
        case 'person':
          return eb.exists(
            eb.selectFrom('article_authors as l').select('l.article_id').whereRef('l.article_id', '=', 'articles.id').where('l.person_id', 'in', refs),
          );
      }
    });
  const [{ total }, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    base.select(['articles.id', 'articles.title', 'articles.primary_section_id']).orderBy('articles.id').limit(EXAMPLES).execute(),
  ]);
  if (!rows.length) return { total: Number(total), rows: [] };
  const exampleIds = rows.map((row) => row.id);
  const links =
    link === 'section'
      ? await db
          .selectFrom('article_sections')
          .select(['article_id', 'section_id as ref'])
          .where('article_id', 'in', exampleIds)
          .where('section_id', 'in', refs)
          .execute()
      : link === 'tag'
        ? await db
            .selectFrom('article_tags')
            .select(['article_id', 'tag_id as ref'])
            .where('article_id', 'in', exampleIds)
            .where('tag_id', 'in', refs)
            .execute()
        : await db
            .selectFrom('article_authors')
            .select(['article_id', 'person_id as ref'])
            .where('article_id', 'in', exampleIds)
            .where('person_id', 'in', refs)
            .orderBy('position')
            .execute();
  return {
    total: Number(total),
    rows: rows.map((row) => {
      const via = links.filter((l) => l.article_id === row.id).map((l) => l.ref);
      if (link === 'section' && row.primary_section_id !== null && refs.includes(row.primary_section_id) && !via.includes(row.primary_section_id)) {
        via.unshift(row.primary_section_id);
      }
      return { id: row.id, title: row.title, via };
    }),
  };
}

/** Sections outside the demo's whose parent is one of the demo's. */
export async function otherSectionsUnder(db: Db, sectionIds: readonly number[]): Promise<{ id: number; name: string; parentId: number }[]> {
  if (!sectionIds.length) return [];
  const rows = await db
    .selectFrom('sections')
    .select(['id', 'name', 'parent_id'])
    .where('parent_id', 'in', [...sectionIds])
    .where('id', 'not in', [...sectionIds])
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ id: row.id, name: row.name, parentId: row.parent_id! }));
}

/** Per article among these: how many comments it has that are not in `exceptComments`. */
export async function otherCommentCounts(db: Db, articleIds: readonly number[], exceptComments: readonly number[]): Promise<Map<number, number>> {
  if (!articleIds.length) return new Map();
  const rows = await db
    .selectFrom('comments')
    .select((eb) => ['article_id', eb.fn.countAll<number>().as('count')])
    .where('article_id', 'in', [...articleIds])
    .where('id', 'not in', list(exceptComments))
    .groupBy('article_id')
    .orderBy('article_id')
    .execute();
  return new Map(rows.map((row) => [row.article_id, Number(row.count)]));
}

/**
 * Articles and pages outside the demo's whose featured image or body mentions one of these texts (an image's folder,
 * which its original and every variant share): the first few of each.
 */
export async function otherContentMentioning(
  db: Db,
  texts: readonly string[],
  except: { articles: readonly number[]; pages: readonly number[] },
): Promise<{ articles: { id: number; title: string; text: string }[]; pages: { id: number; title: string; text: string }[] }> {
  if (!texts.length) return { articles: [], pages: [] };
  const likes = texts.map((text) => containsText(db, text));
  const articles = await db
    .selectFrom('articles')
    .select(['id', 'title', 'featured_image_url', 'body'])
    .where('id', 'not in', list(except.articles))
    .where((eb) => eb.or(likes.flatMap((like) => [eb('featured_image_url', like.operator, like.pattern), eb('body', like.operator, like.pattern)])))
    .orderBy('id')
    .limit(EXAMPLES * texts.length)
    .execute();
  const pages = await db
    .selectFrom('pages')
    .select(['id', 'title', 'body'])
    .where('id', 'not in', list(except.pages))
    .where((eb) => eb.or(likes.map((like) => eb('body', like.operator, like.pattern))))
    .orderBy('id')
    .limit(EXAMPLES * texts.length)
    .execute();
  const lower = (value: string | null) => (value ?? '').toLowerCase();
  const matches = (haystacks: (string | null)[]) => texts.filter((text) => haystacks.some((h) => lower(h).includes(text.toLowerCase())));
  return {
    articles: articles.flatMap((row) => matches([row.featured_image_url, row.body]).map((text) => ({ id: row.id, title: row.title, text }))),
    pages: pages.flatMap((row) => matches([row.body]).map((text) => ({ id: row.id, title: row.title, text }))),
  };
}

/** The media id in the `logo` setting, or null. */
export async function logoMediaId(db: Db): Promise<number | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'logo').executeTakeFirst();
  if (!row) return null;
  try {
    const value: unknown = JSON.parse(row.value);
    return typeof value === 'number' ? value : null;
  } catch {
    return null;
  }
}

export async function staffWithBylines(db: Db, personIds: readonly number[]): Promise<{ id: number; displayName: string; email: string; personId: number }[]> {
  if (!personIds.length) return [];
  const rows = await db
    .selectFrom('users')
    .select(['id', 'display_name', 'email', 'person_id'])
    .where('person_id', 'in', [...personIds])
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ id: row.id, displayName: row.display_name, email: row.email, personId: row.person_id! }));
}

/** The ids the demo holds, per kind, for the checks below. */
export interface DemoIds {
  articles: readonly number[];
  pages: readonly number[];
  sections: readonly number[];
  tags: readonly number[];
  people: readonly number[];
  media: readonly number[];
  comments: readonly number[];
}

/**
 * Whether the site holds content outside the demo: an article, page, section, tag, media item or comment, or a person
 * who is not a staff account's byline (the first administrator's byline is no content).
 */
export async function hasOtherContent(db: Db, demo: DemoIds): Promise<boolean> {
  const found = await Promise.all([
    db.selectFrom('articles').select('id').where('id', 'not in', list(demo.articles)).limit(1).executeTakeFirst(),
    db.selectFrom('pages').select('id').where('id', 'not in', list(demo.pages)).limit(1).executeTakeFirst(),
    db.selectFrom('sections').select('id').where('id', 'not in', list(demo.sections)).limit(1).executeTakeFirst(),
    db.selectFrom('tags').select('id').where('id', 'not in', list(demo.tags)).limit(1).executeTakeFirst(),
    db.selectFrom('media').select('id').where('id', 'not in', list(demo.media)).limit(1).executeTakeFirst(),
    db.selectFrom('comments').select('id').where('id', 'not in', list(demo.comments)).limit(1).executeTakeFirst(),
    db
      .selectFrom('people')
      .leftJoin('users', 'users.person_id', 'people.id')
      .select('people.id')
      .where('people.id', 'not in', list(demo.people))
      .where('users.id', 'is', null)
      .limit(1)
      .executeTakeFirst(),
  ]);
  return found.some(Boolean);
}

// ---- Removal (in the caller's transaction; the service has made its checks) ----

export async function deleteDemoRows(db: Db, demo: Omit<DemoIds, 'media'>): Promise<void> {
  if (demo.comments.length)
    await db
      .deleteFrom('comments')
      .where('id', 'in', [...demo.comments])
      .execute();
  // Their links, revisions, editors, comments and publish runs go by ON DELETE CASCADE.
  if (demo.articles.length)
    await db
      .deleteFrom('articles')
      .where('id', 'in', [...demo.articles])
      .execute();
  if (demo.pages.length)
    await db
      .deleteFrom('pages')
      .where('id', 'in', [...demo.pages])
      .execute();
  if (demo.sections.length) {
    // parent_id is ON DELETE RESTRICT: unhook the demo's tree from itself first.
    await db
      .updateTable('sections')
      .set({ parent_id: null })
      .where('id', 'in', [...demo.sections])
      .execute();
    await db
      .deleteFrom('sections')
      .where('id', 'in', [...demo.sections])
      .execute();
  }
  if (demo.tags.length)
    await db
      .deleteFrom('tags')
      .where('id', 'in', [...demo.tags])
      .execute();
  if (demo.people.length)
    await db
      .deleteFrom('people')
      .where('id', 'in', [...demo.people])
      .execute();
}
