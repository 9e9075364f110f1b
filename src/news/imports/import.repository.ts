import { sql } from 'kysely';
import type { Db } from '../../platform/db/types.js';
import { publishedFor } from '../articles/article.repository.js';
import { moveIdentityPastMaxId } from '../../platform/db/dialect.js';
import type { ImportedKind } from '../vocabulary.js';
import { authorPath, sectionPath, staticPagePath, tagPath } from '../shared/paths.js';

export interface ImportItemRow {
  oldId: number;
  newId: number;
  fingerprint: string;
}

/** What earlier runs imported from this source, for these old ids. */
export async function findImportItems(db: Db, source: string, kind: ImportedKind, oldIds: readonly number[]): Promise<Map<number, ImportItemRow>> {
  const found = new Map<number, ImportItemRow>();
  for (let i = 0; i < oldIds.length; i += 500) {
    const rows = await db
      .selectFrom('import_items')
      .select(['old_id', 'new_id', 'fingerprint'])
      .where('source', '=', source)
      .where('kind', '=', kind)
      .where('old_id', 'in', oldIds.slice(i, i + 500))
      .execute();
    for (const row of rows) found.set(row.old_id, { oldId: row.old_id, newId: row.new_id, fingerprint: row.fingerprint });
  }
  return found;
}

/** Every old id -> new id of one kind from this source (terms and people: a few thousand at most). */
export async function importedIds(db: Db, source: string, kind: ImportedKind): Promise<Map<number, number>> {
  const rows = await db.selectFrom('import_items').select(['old_id', 'new_id']).where('source', '=', source).where('kind', '=', kind).execute();
  return new Map(rows.map((row) => [row.old_id, row.new_id]));
}

/**
 * The source's stories whose search document is out of step: published for readers but not indexed, indexed from an
 * older version, or indexed though no longer public. Normally none; an import cut short leaves some.
 */
export async function articlesWithOutdatedSearch(db: Db, source: string): Promise<number[]> {
  const rows = await db
    .selectFrom('import_items')
    .innerJoin('articles', 'articles.id', 'import_items.new_id')
    .leftJoin('article_search_documents as d', 'd.article_id', 'articles.id')
    .select('articles.id')
    .where('import_items.source', '=', source)
    .where('import_items.kind', '=', 'article')
    .where(sql<boolean>`case when ${publishedFor('open')} then d.article_id is null or d.article_version <> articles.version else d.article_id is not null end`)
    .orderBy('articles.id')
    .execute();
  return rows.map((row) => row.id);
}

/**
 * The source's stories whose kept comment count is not their approved comments: none normally; an import made before
 * first imports were counted left every story at 0.
 */
export async function storiesWithWrongCommentCounts(db: Db, source: string): Promise<number[]> {
  const rows = await db
    .selectFrom('import_items')
    .innerJoin('articles', 'articles.id', 'import_items.new_id')
    .select('articles.id')
    .where('import_items.source', '=', source)
    .where('import_items.kind', '=', 'article')
    .where((eb) =>
      eb(
        'articles.comment_count',
        '<>',
        eb
          .selectFrom('comments')
          .select((c) => c.fn.countAll<number>().as('n'))
          .whereRef('comments.article_id', '=', 'articles.id')
          .where('comments.status', '=', 'approved'),
      ),
    )
    .orderBy('articles.id')
    .execute();
  return rows.map((row) => row.id);
}

export async function saveImportItems(db: Db, source: string, kind: ImportedKind, items: readonly ImportItemRow[], at: string): Promise<void> {
  // In chunks: a batch's thousands of comments in one statement would pass SQLite's 32,766 bound parameters.
  for (let i = 0; i < items.length; i += IMPORT_ITEMS_PER_INSERT) {
    await db
      .insertInto('import_items')
      .values(
        items
          .slice(i, i + IMPORT_ITEMS_PER_INSERT)
          .map((item) => ({ source, kind, old_id: item.oldId, new_id: item.newId, fingerprint: item.fingerprint, imported_at: at })),
      )
      .onConflict((oc) =>
        oc.columns(['source', 'kind', 'old_id']).doUpdateSet((eb) => ({
          new_id: eb.ref('excluded.new_id'),
          fingerprint: eb.ref('excluded.fingerprint'),
          imported_at: eb.ref('excluded.imported_at'),
        })),
      )
      .execute();
  }
}

/** Rows per insert into import_items: 6 columns each, well within SQLite's bound parameters. */
const IMPORT_ITEMS_PER_INSERT = 1000;

/** The Dateline id an old id of some source became, whichever source imported it (for `?p=ID` after a remap). */
export async function newIdFor(db: Db, kind: ImportedKind, oldId: number): Promise<number | null> {
  const row = await db
    .selectFrom('import_items')
    .select('new_id')
    .where('kind', '=', kind)
    .where('old_id', '=', oldId)
    .orderBy('imported_at', 'desc')
    .executeTakeFirst();
  return row?.new_id ?? null;
}

/** Whether the site holds anything an import would collide with (the demo counts: remove it first). */
export async function hasOwnContent(db: Db): Promise<boolean> {
  for (const table of ['articles', 'pages', 'sections', 'tags', 'comments', 'media'] as const) {
    if (await db.selectFrom(table).select('id').limit(1).executeTakeFirst()) return true;
  }
  return false;
}

/** After rows were inserted with the source's ids, the next id Dateline hands out must come after them. */
export async function moveIdsPastImported(db: Db): Promise<void> {
  for (const table of ['people', 'sections', 'tags', 'articles', 'pages', 'comments', 'media'] as const) await moveIdentityPastMaxId(db, table);
}

/** The old address an import kept for `path`: exact, or the deepest one above it that covers its subpaths. */
export async function findLegacyLink(db: Db, path: string): Promise<{ kind: ImportedKind; id: number; rest: string } | null> {
  const exact = path.endsWith('/') ? [path, path.slice(0, -1)] : [path, `${path}/`];
  const folders = path
    .split('/')
    .slice(1, -1)
    .map((_, i, segments) => `/${segments.slice(0, i + 1).join('/')}/`);
  const rows = await db
    .selectFrom('legacy_links')
    .select(['from_path', 'target_kind', 'target_id', 'include_subpaths'])
    .where((eb) =>
      eb.or([eb('from_path', 'in', exact), ...(folders.length ? [eb.and([eb('include_subpaths', '=', true), eb('from_path', 'in', folders)])] : [])]),
    )
    .execute();
  const match = rows.find((row) => exact.includes(row.from_path)) ?? rows.sort((a, b) => b.from_path.length - a.from_path.length)[0];
  if (!match) return null;
  return { kind: match.target_kind, id: match.target_id, rest: exact.includes(match.from_path) ? '' : path.slice(match.from_path.length) };
}

/** The public address of a page, section, tag or byline by id, or null when it is not public (articles: ArticleService). */
export async function publicPathOf(db: Db, kind: 'page' | 'section' | 'tag' | 'person', id: number): Promise<string | null> {
  switch (kind) {
    case 'page': {
      const row = await db.selectFrom('pages').select('slug').where('id', '=', id).where('status', '=', 'published').executeTakeFirst();
      return row ? staticPagePath(row.slug) : null;
    }
    case 'section': {
      const row = await db.selectFrom('sections').select('slug').where('id', '=', id).executeTakeFirst();
      return row ? sectionPath(row.slug) : null;
    }
    case 'tag': {
      const row = await db.selectFrom('tags').select('slug').where('id', '=', id).executeTakeFirst();
      return row ? tagPath(row.slug) : null;
    }
    case 'person': {
      const row = await db.selectFrom('people').select('slug').where('id', '=', id).executeTakeFirst();
      return row ? authorPath(row.slug) : null;
    }
  }
}
