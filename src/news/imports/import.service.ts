import { createHash } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import type { ArticlesTable, CommentsTable, Database, PagesTable } from '../../platform/db/schema.js';
import { type BulkWrites, dialectOf, withBulkWrites } from '../../platform/db/dialect.js';
import type { Db } from '../../platform/db/types.js';
import { commentTextToHtml } from '../comments/comment-text.js';
import { articlesWithComments, recountComments, setKeptCounts, threadFigures } from '../comments/comment.repository.js';
import { canonicalUrlOf } from '../articles/seo.js';
import type { MediaService } from '../media/media.service.js';
import type { MediaItem } from '../media/media.types.js';
import type { SearchIndexer } from '../search/search.indexer.js';
import { type Clock, isoNow } from '../shared/clock.js';
import { DomainError } from '../shared/errors.js';
import type { ImportedKind } from '../vocabulary.js';
import {
  articlesWithOutdatedSearch,
  findImportItems,
  hasOwnContent,
  type ImportItemRow,
  importedIds,
  moveIdsPastImported,
  saveImportItems,
  storiesWithWrongCommentCounts,
} from './import.repository.js';
import type {
  IdMode,
  ImportedArticle,
  ImportedComment,
  ImportedLink,
  ImportedMedia,
  ImportedPage,
  ImportedPerson,
  ImportedSection,
  ImportedTag,
  ImportOutcome,
} from './import.types.js';

export interface ImportServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  searchIndexer: SearchIndexer;
  media: MediaService;
}

/** Something the import changed on the way in (a slug that was taken, a comment whose story did not come). */
export interface ImportAdjustment {
  kind: ImportedKind;
  oldId: number;
  reason: string;
}

export interface BatchResult {
  outcomes: Map<number, ImportOutcome>;
  adjustments: ImportAdjustment[];
}

/** One import run's settings: where the records come from and how their ids are chosen. */
export interface ImportTarget {
  /** The source site's address; import_items are kept per source. */
  source: string;
  ids: IdMode;
}

/**
 * Writes imported records (news/imports/import.types.ts) idempotently, a batch per transaction, keyed by the source's
 * ids: a record whose fingerprint matches what an earlier run stored is left alone ('unchanged'), a changed one is
 * updated, a new one inserted. So running an import again changes nothing, a newer export of the same site adds and
 * updates, and a run cut short is completed by the next. Nothing here knows any source format (interop/ does) and
 * nothing runs the comment pipeline: imported comments are stored as they were, teach the spam filter nothing and
 * send no emails.
 */
export class ImportService {
  constructor(private readonly deps: ImportServiceDeps) {}

  /** 'keep' into a site with no content of its own, 'remap' otherwise; a later run of the same import keeps its choice. */
  async idModeFor(source: string): Promise<IdMode> {
    const earlier = await this.deps.db
      .selectFrom('import_items')
      .select('old_id')
      .where('source', '=', source)
      .where('kind', '=', 'article')
      .limit(1)
      .executeTakeFirst();
    if (earlier) {
      const remapped = await this.deps.db
        .selectFrom('import_items')
        .select('old_id')
        .where('source', '=', source)
        .where('kind', '=', 'article')
        .whereRef('old_id', '!=', 'new_id')
        .limit(1)
        .executeTakeFirst();
      return remapped ? 'remap' : 'keep';
    }
    return (await hasOwnContent(this.deps.db)) ? 'remap' : 'keep';
  }

  async people(target: ImportTarget, records: readonly ImportedPerson[]): Promise<BatchResult> {
    return this.write(target, 'person', records, {
      slugTable: 'people',
      insert: async (trx, record, id) => {
        const row = await trx
          .insertInto('people')
          .values({
            ...(id !== null && { id }),
            slug: record.slug,
            display_name: record.displayName,
            bio: record.bio,
            avatar_url: null,
            created_at: isoNow(this.deps.clock),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return row.id;
      },
      update: async (trx, record, id) => {
        await trx.updateTable('people').set({ slug: record.slug, display_name: record.displayName, bio: record.bio }).where('id', '=', id).execute();
      },
    });
  }

  /** Sections with their parents: a parent may come after its child in the source, so parents are set once all exist. */
  async sections(target: ImportTarget, records: readonly ImportedSection[]): Promise<BatchResult> {
    const result = await this.write(target, 'section', records, {
      slugTable: 'sections',
      insert: async (trx, record, id) => {
        const row = await trx
          .insertInto('sections')
          .values({
            ...(id !== null && { id }),
            slug: record.slug,
            name: record.name,
            description: record.description,
            parent_id: null,
            sort_order: 0,
            comment_policy: 'open',
            created_at: isoNow(this.deps.clock),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return row.id;
      },
      update: async (trx, record, id) => {
        await trx.updateTable('sections').set({ slug: record.slug, name: record.name, description: record.description }).where('id', '=', id).execute();
      },
    });
    const ids = await importedIds(this.deps.db, target.source, 'section');
    await this.deps.db.transaction().execute(async (trx) => {
      for (const record of records) {
        if (result.outcomes.get(record.oldId) === 'unchanged') continue;
        const parent = record.parentOldId === null ? null : (ids.get(record.parentOldId) ?? null);
        if (record.parentOldId !== null && parent === null) {
          result.adjustments.push({
            kind: 'section',
            oldId: record.oldId,
            reason: `its parent (id ${record.parentOldId}) is not in the file; it is a top-level section`,
          });
        }
        await trx.updateTable('sections').set({ parent_id: parent }).where('id', '=', ids.get(record.oldId)!).execute();
      }
    });
    return result;
  }

  async tags(target: ImportTarget, records: readonly ImportedTag[]): Promise<BatchResult> {
    return this.write(target, 'tag', records, {
      slugTable: 'tags',
      insert: async (trx, record, id) => {
        const row = await trx
          .insertInto('tags')
          .values({ ...(id !== null && { id }), slug: record.slug, name: record.name, description: record.description, created_at: isoNow(this.deps.clock) })
          .returning('id')
          .executeTakeFirstOrThrow();
        return row.id;
      },
      update: async (trx, record, id) => {
        await trx.updateTable('tags').set({ slug: record.slug, name: record.name, description: record.description }).where('id', '=', id).execute();
      },
    });
  }

  /**
   * A batch of stories with their sections, tags and bylines. Where indexing can run alongside (`indexesAlongside`:
   * PostgreSQL) search is left to `indexArticles` with the ids it returns (`toIndex`), so that an import can index one
   * batch on another connection while it writes the next; otherwise the batch's transaction indexes it (`toIndex` is
   * empty), which saves SQLite a commit per batch. `indexOutdated` at the end of a run indexes whatever a run cut short
   * left behind.
   */
  async articles(target: ImportTarget, records: readonly ImportedArticle[]): Promise<BatchResult & { toIndex: number[] }> {
    const sections = await importedIds(this.deps.db, target.source, 'section');
    const tags = await importedIds(this.deps.db, target.source, 'tag');
    const people = await importedIds(this.deps.db, target.source, 'person');
    const written: number[] = [];
    const updated: number[] = [];
    const links = {
      sections: [] as { article_id: number; section_id: number }[],
      tags: [] as { article_id: number; tag_id: number }[],
      authors: [] as { article_id: number; person_id: number; position: number }[],
    };
    const result = await this.write(target, 'article', records, {
      slugTable: 'articles',
      insert: async (trx, record, id) => {
        const row = await trx
          .insertInto('articles')
          .values({ ...(id !== null && { id }), ...this.articleColumns(record, sections), version: 1, created_at: record.createdAt })
          .returning('id')
          .executeTakeFirstOrThrow();
        written.push(row.id);
        return row.id;
      },
      insertMany: async (trx, rows) => {
        for (let i = 0; i < rows.length; i += ARTICLE_ROWS_PER_INSERT) {
          await trx
            .insertInto('articles')
            .values(
              rows
                .slice(i, i + ARTICLE_ROWS_PER_INSERT)
                .map(({ record, id }) => ({ id, ...this.articleColumns(record, sections), version: 1, created_at: record.createdAt })),
            )
            .execute();
        }
        written.push(...rows.map((row) => row.id));
      },
      update: async (trx, record, id) => {
        await trx
          .updateTable('articles')
          .set((eb) => ({ ...this.articleColumns(record, sections), version: eb('version', '+', 1) }))
          .where('id', '=', id)
          .execute();
        written.push(id);
        updated.push(id);
      },
      afterWrite: async (_trx, record, id) => {
        for (const section_id of unique(record.sectionOldIds.map((old) => sections.get(old)).filter(isNumber)))
          links.sections.push({ article_id: id, section_id });
        for (const tag_id of unique(record.tagOldIds.map((old) => tags.get(old)).filter(isNumber))) links.tags.push({ article_id: id, tag_id });
        unique(record.authorOldIds.map((old) => people.get(old)).filter(isNumber)).forEach((person_id, position) =>
          links.authors.push({ article_id: id, person_id, position }),
        );
      },
      afterBatch: async (trx) => {
        // An updated story's sections, tags and bylines are replaced; a new one has none yet.
        for (let i = 0; i < updated.length; i += 500) {
          const ids = updated.slice(i, i + 500);
          await trx.deleteFrom('article_sections').where('article_id', 'in', ids).execute();
          await trx.deleteFrom('article_tags').where('article_id', 'in', ids).execute();
          await trx.deleteFrom('article_authors').where('article_id', 'in', ids).execute();
        }
        for (let i = 0; i < links.sections.length; i += 500)
          await trx
            .insertInto('article_sections')
            .values(links.sections.slice(i, i + 500))
            .execute();
        for (let i = 0; i < links.tags.length; i += 500)
          await trx
            .insertInto('article_tags')
            .values(links.tags.slice(i, i + 500))
            .execute();
        for (let i = 0; i < links.authors.length; i += 300)
          await trx
            .insertInto('article_authors')
            .values(links.authors.slice(i, i + 300))
            .execute();
        if (!this.indexesAlongside) await this.deps.searchIndexer.syncArticles(trx, written);
      },
    });
    await this.bulk?.wrote(written.length);
    return { ...result, toIndex: this.indexesAlongside ? written : [] };
  }

  /**
   * Whether indexing a batch on the side can overlap the next batch's writes: on PostgreSQL it runs on another
   * connection while the server builds the vectors; SQLite has one connection and one writer, so it would only
   * interleave (and cost a commit of its own): there `articles` indexes each batch in its own transaction.
   */
  get indexesAlongside(): boolean {
    return dialectOf(this.deps.db) === 'postgres';
  }

  /** Brings these stories' search documents up to date (published ones in, others out), in a transaction of its own. */
  async indexArticles(ids: readonly number[]): Promise<void> {
    if (!ids.length) return;
    await this.deps.db.transaction().execute((trx) => this.deps.searchIndexer.syncArticles(trx, ids));
  }

  /** Indexes the source's stories whose search document is missing or older than the story (an interrupted run's). */
  async indexOutdated(target: ImportTarget): Promise<number> {
    const ids = await articlesWithOutdatedSearch(this.deps.db, target.source);
    for (let i = 0; i < ids.length; i += INDEX_BATCH) await this.indexArticles(ids.slice(i, i + INDEX_BATCH));
    return ids.length;
  }

  async pages(target: ImportTarget, records: readonly ImportedPage[]): Promise<BatchResult> {
    const columns = (record: ImportedPage): Omit<Insertable<PagesTable>, 'id' | 'created_at'> => ({
      slug: record.slug,
      title: record.title,
      body: record.body,
      status: record.status,
      published_at: record.publishedAt,
      updated_at: record.updatedAt,
      sort_order: record.sortOrder,
    });
    return this.write(target, 'page', records, {
      slugTable: 'pages',
      insert: async (trx, record, id) => {
        const row = await trx
          .insertInto('pages')
          .values({ ...(id !== null && { id }), ...columns(record), created_at: record.createdAt })
          .returning('id')
          .executeTakeFirstOrThrow();
        return row.id;
      },
      update: async (trx, record, id) => {
        await trx.updateTable('pages').set(columns(record)).where('id', '=', id).execute();
      },
    });
  }

  /**
   * Sets the pages' parents once all of them are in (a parent may come after its child, or in a later batch); a
   * parent that is not in the file, or that would make a loop, leaves the page at the top, reported.
   */
  async pageParents(target: ImportTarget, records: readonly Pick<ImportedPage, 'oldId' | 'parentOldId'>[]): Promise<ImportAdjustment[]> {
    const ids = await importedIds(this.deps.db, target.source, 'page');
    const parentOf = new Map(records.map((record) => [record.oldId, record.parentOldId]));
    const adjustments: ImportAdjustment[] = [];
    await this.deps.db.transaction().execute(async (trx) => {
      for (const record of records) {
        let parent = record.parentOldId === null ? null : (ids.get(record.parentOldId) ?? null);
        if (record.parentOldId !== null && parent === null) {
          adjustments.push({ kind: 'page', oldId: record.oldId, reason: `its parent (id ${record.parentOldId}) is not in the file; it is a top-level page` });
        } else if (record.parentOldId !== null && loops(record.oldId, parentOf)) {
          adjustments.push({ kind: 'page', oldId: record.oldId, reason: 'its parents lead back to itself; it is a top-level page' });
          parent = null;
        }
        const id = ids.get(record.oldId);
        if (id !== undefined) await trx.updateTable('pages').set({ parent_id: parent }).where('id', '=', id).execute();
      }
    });
    return adjustments;
  }

  /**
   * A batch of comments. Their stories must have been imported (a comment whose story is not is skipped and
   * reported); a reply whose parent is not there becomes a top-level comment, also reported.
   */
  async comments(target: ImportTarget, records: readonly ImportedComment[]): Promise<BatchResult & { skipped: ImportAdjustment[] }> {
    const articles = await findImportItems(this.deps.db, target.source, 'article', unique(records.map((record) => record.articleOldId)));
    const skipped: ImportAdjustment[] = [];
    const present = records.filter((record) => {
      if (articles.has(record.articleOldId)) return true;
      skipped.push({ kind: 'comment', oldId: record.oldId, reason: `its story (id ${record.articleOldId}) was not imported` });
      return false;
    });
    const storyOf = (record: ImportedComment) => articles.get(record.articleOldId)!.newId;
    const columns = (record: ImportedComment): Omit<Insertable<CommentsTable>, 'id' | 'parent_id'> => ({
      article_id: storyOf(record),
      status: record.status,
      kind: record.kind,
      body: record.body,
      body_html: commentTextToHtml(record.body),
      author_name: record.authorName,
      author_email: record.authorEmail.toLowerCase(),
      author_url: record.authorUrl,
      author_ip: record.authorIp,
      user_id: null,
      is_staff: false,
      notify_replies: false,
      spam_score: null,
      reasons: '[]',
      created_at: record.createdAt,
      updated_at: record.createdAt,
      edited_at: null,
      status_changed_at: record.createdAt,
    });
    // When ids are kept, a new reply's parent id is known before it is written: the parent's own id, if the parent is
    // in this batch (WordPress keeps a thread in one item, and a batch holds whole items) or came in an earlier run.
    const inBatch = new Set(present.map((record) => record.oldId));
    const earlierParents =
      target.ids === 'keep'
        ? await findImportItems(
            this.deps.db,
            target.source,
            'comment',
            unique(present.map((record) => record.parentOldId).filter((id): id is number => isNumber(id) && !inBatch.has(id))),
          )
        : new Map<number, ImportItemRow>();
    /** Comments whose parent_id was set by the insert itself: the threading pass below leaves them alone. */
    const threaded = new Set<number>();
    /** Replies whose parent is not in the file (set at the top level), found by the threading pass. */
    const adjustments: ImportAdjustment[] = [];
    /** Articles whose kept comment counts the threading pass recounts: this batch's, and those an update moves from. */
    const recount = new Set(present.map(storyOf));
    const result = await this.write(target, 'comment', present, {
      insert: async (trx, record, id) => {
        const row = await trx
          .insertInto('comments')
          .values({ ...(id !== null && { id }), ...columns(record), parent_id: null })
          .returning('id')
          .executeTakeFirstOrThrow();
        return row.id;
      },
      insertMany: async (trx, rows) => {
        const inserted = new Set(rows.map(({ id }) => id));
        // Parents before their replies, so that a reply never points at a row of a later statement.
        const ordered = threadOrder(
          rows,
          (row) => row.id,
          (row) => (row.record.parentOldId !== null && inserted.has(row.record.parentOldId) ? row.record.parentOldId : null),
        );
        const position = new Map(ordered.map(({ id }, i) => [id, i]));
        /** The parent's id, null for none, undefined when the threading pass must decide (not found, or in a loop). */
        const parentOf = (record: ImportedComment, at: number): number | null | undefined => {
          if (record.parentOldId === null) return null;
          const parentAt = position.get(record.parentOldId);
          if (parentAt !== undefined) return parentAt < at ? record.parentOldId : undefined;
          return earlierParents.get(record.parentOldId)?.newId;
        };
        const placed = ordered.map(({ record, id }, at) => ({ record, id, story: storyOf(record), parent: parentOf(record, at) }));
        // Stories whose comments all come now, each with its parent known (a first import of them), are threaded and
        // counted with the rows; the others are recounted from the table once the batch is in.
        const unplaced = new Set(placed.filter((row) => row.parent === undefined).map((row) => row.story));
        const commented = await articlesWithComments(trx, unique(placed.map((row) => row.story)));
        const counted = placed.filter((row) => !unplaced.has(row.story) && !commented.has(row.story));
        const figures = threadFigures(
          counted.map((row) => ({ id: row.id, article_id: row.story, parent_id: row.parent ?? null, status: row.record.status })),
          unique(counted.map((row) => row.story)),
        );
        for (let i = 0; i < placed.length; i += COMMENT_ROWS_PER_INSERT) {
          await trx
            .insertInto('comments')
            .values(
              placed.slice(i, i + COMMENT_ROWS_PER_INSERT).map(({ record, id, parent }) => {
                if (parent !== undefined) threaded.add(record.oldId);
                return { id, ...columns(record), parent_id: parent ?? null, root_id: figures.rootOf.get(id) ?? null, thread_size: figures.threadSizeOf(id) };
              }),
            )
            .execute();
        }
        await setKeptCounts(trx, figures.counts);
        for (const story of figures.counts.keys()) recount.delete(story);
      },
      update: async (trx, record, id) => {
        const before = await trx.selectFrom('comments').select('article_id').where('id', '=', id).executeTakeFirst();
        if (before) recount.add(before.article_id);
        await trx.updateTable('comments').set(columns(record)).where('id', '=', id).execute();
      },
      // Threading once the whole batch exists (a reply may come before its parent; parents from earlier runs too),
      // then the threads and counts, in the batch's transaction.
      afterBatch: async (trx, written, outcomes) => {
        if (!written.size) return;
        const changed = present.filter((record) => written.has(record.oldId) && !threaded.has(record.oldId));
        const earlier = await findImportItems(
          trx,
          target.source,
          'comment',
          unique(changed.map((record) => record.parentOldId).filter((id): id is number => isNumber(id) && !written.has(id))),
        );
        for (const record of changed) {
          const parent = record.parentOldId === null ? null : (written.get(record.parentOldId) ?? earlier.get(record.parentOldId)?.newId ?? null);
          if (record.parentOldId !== null && parent === null) {
            adjustments.push({
              kind: 'comment',
              oldId: record.oldId,
              reason: `it replied to comment ${record.parentOldId}, which is not in the file; it is shown at the top level`,
            });
          }
          // A comment inserted just now is already at the top level.
          if (parent === null && outcomes.get(record.oldId) === 'imported') continue;
          await trx.updateTable('comments').set({ parent_id: parent }).where('id', '=', written.get(record.oldId)!).execute();
        }
        await recountComments(trx, [...recount]);
      },
    });
    result.adjustments.push(...adjustments);
    await this.bulk?.wrote([...result.outcomes.values()].filter((outcome) => outcome !== 'unchanged').length);
    return { ...result, skipped };
  }

  /**
   * One media file through the library's own upload (type from the bytes, sizes, WebP variants); `read` is called only
   * when the file is new or changed. A file the library refuses (not an image, too large) is an adjustment, not a stop.
   */
  async mediaItem(
    target: ImportTarget,
    record: ImportedMedia,
    read: () => Promise<Buffer>,
  ): Promise<{ outcome: ImportOutcome | 'skipped'; item: MediaItem | null; reason?: string }> {
    const fingerprint = fingerprintOf(record);
    const earlier = (await findImportItems(this.deps.db, target.source, 'media', [record.oldId])).get(record.oldId);
    if (earlier) {
      const item = await this.deps.media.get(earlier.newId).catch(() => null);
      if (item && earlier.fingerprint === fingerprint) return { outcome: 'unchanged', item };
      if (item) {
        await this.deps.media.updateText(item.id, { alt: record.alt, caption: record.caption });
        await saveImportItems(this.deps.db, target.source, 'media', [{ oldId: record.oldId, newId: item.id, fingerprint }], isoNow(this.deps.clock));
        return { outcome: 'updated', item: await this.deps.media.get(item.id) };
      }
    }
    let item: MediaItem;
    try {
      item = await this.deps.media.upload(
        { bytes: await read(), filename: record.filename, alt: record.alt, caption: record.caption },
        { userId: null },
        { ...(target.ids === 'keep' && { id: record.oldId }), ...(record.createdAt && { createdAt: record.createdAt }) },
      );
    } catch (error) {
      if (error instanceof DomainError) return { outcome: 'skipped', item: null, reason: error.message };
      throw error;
    }
    await saveImportItems(this.deps.db, target.source, 'media', [{ oldId: record.oldId, newId: item.id, fingerprint }], isoNow(this.deps.clock));
    return { outcome: 'imported', item };
  }

  /** Old addresses -> the items they meant (an address already kept is pointed at the item the newest import says). */
  async links(target: ImportTarget, records: readonly ImportedLink[]): Promise<number> {
    // Only these records' items: every story imported so far, read again for each batch, grew with the archive.
    const byKind = new Map<ImportedKind, Map<number, ImportItemRow>>();
    for (const kind of unique(records.map((record) => record.kind))) {
      const oldIds = unique(records.filter((record) => record.kind === kind).map((record) => record.oldId));
      byKind.set(kind, await findImportItems(this.deps.db, target.source, kind, oldIds));
    }
    const rows = records.flatMap((record) => {
      const id = byKind.get(record.kind)?.get(record.oldId)?.newId;
      return id === undefined
        ? []
        : [{ from_path: record.path, target_kind: record.kind, target_id: id, include_subpaths: record.includeSubpaths, created_at: isoNow(this.deps.clock) }];
    });
    for (let i = 0; i < rows.length; i += 200) {
      await this.deps.db
        .insertInto('legacy_links')
        .values(rows.slice(i, i + 200))
        .onConflict((oc) =>
          oc.column('from_path').doUpdateSet((eb) => ({
            target_kind: eb.ref('excluded.target_kind'),
            target_id: eb.ref('excluded.target_id'),
            include_subpaths: eb.ref('excluded.include_subpaths'),
          })),
        )
        .execute();
    }
    return rows.length;
  }

  /** Old id -> Dateline id of every record of one kind this source brought. */
  async idsOf(target: ImportTarget, kind: ImportedKind): Promise<Map<number, number>> {
    return importedIds(this.deps.db, target.source, kind);
  }

  /** The run of writes under way (duringImport), told how many rows each batch wrote. */
  private bulk: BulkWrites | null = null;

  /** Runs an import's writes with the database set for a long run of them into its tables (see withBulkWrites). */
  async duringImport<T>(run: () => Promise<T>): Promise<T> {
    return withBulkWrites(this.deps.db, IMPORTED_TABLES, async (bulk) => {
      this.bulk = bulk;
      try {
        return await run();
      } finally {
        this.bulk = null;
      }
    });
  }

  /**
   * Ends a run: ids Dateline hands out next come after the imported ones, and any of the source's stories whose kept
   * comment counts are out of step (an import made before first imports were counted) are recounted.
   */
  async finish(target: ImportTarget): Promise<void> {
    await moveIdsPastImported(this.deps.db);
    const stale = await storiesWithWrongCommentCounts(this.deps.db, target.source);
    for (let i = 0; i < stale.length; i += RECOUNT_BATCH) {
      await this.deps.db.transaction().execute((trx) => recountComments(trx, stale.slice(i, i + RECOUNT_BATCH)));
    }
  }

  private articleColumns(record: ImportedArticle, sections: Map<number, number>): Omit<Insertable<ArticlesTable>, 'id' | 'created_at' | 'version'> {
    const primary = record.sectionOldIds.map((old) => sections.get(old)).find(isNumber) ?? null;
    return {
      slug: record.slug,
      title: record.title,
      standfirst: record.standfirst,
      body: record.body,
      status: record.status,
      published_at: record.publishedAt,
      updated_at: record.updatedAt,
      primary_section_id: primary,
      featured_image_url: record.featuredImageUrl,
      featured_image_alt: record.featuredImageAlt,
      featured_image_caption: record.featuredImageCaption,
      featured_image_credit: '',
      featured_image_width: null,
      featured_image_height: null,
      comments_open: record.commentsOpen,
      seo_title: record.seoTitle,
      seo_description: record.seoDescription,
      seo_canonical: canonicalUrlOf(record.seoCanonical) ?? '',
      seo_noindex: record.seoNoindex,
      guid: record.guid,
      pinned: record.pinned,
      visibility: record.visibility,
      password: record.password,
      trashed_at: record.trashed ? record.updatedAt : null,
      trashed_by: null,
    };
  }

  /**
   * The one write path: per record, compare the fingerprint with import_items, then insert (with the source's id when
   * ids are kept), update or skip; a taken slug gets a numbered suffix and an adjustment. One transaction per batch.
   */
  private async write<R extends { oldId: number; slug?: string }>(
    target: ImportTarget,
    kind: ImportedKind,
    records: readonly R[],
    writer: {
      slugTable?: 'people' | 'sections' | 'tags' | 'articles' | 'pages';
      insert(trx: Db, record: R, id: number | null): Promise<number>;
      /** Inserts many records with the source's ids in few statements (used when ids are kept). */
      insertMany?(trx: Db, rows: readonly { record: R; id: number }[]): Promise<void>;
      update(trx: Db, record: R, id: number): Promise<void>;
      afterWrite?(trx: Db, record: R, id: number): Promise<void>;
      /** After the batch's rows are written, in its transaction: `written` maps each written record's old id to its id. */
      afterBatch?(trx: Db, written: ReadonlyMap<number, number>, outcomes: ReadonlyMap<number, ImportOutcome>): Promise<void>;
    },
  ): Promise<BatchResult> {
    const outcomes = new Map<number, ImportOutcome>();
    const adjustments: ImportAdjustment[] = [];
    if (!records.length) return { outcomes, adjustments };
    await this.deps.db.transaction().execute(async (trx) => {
      const known = await findImportItems(
        trx,
        target.source,
        kind,
        records.map((record) => record.oldId),
      );
      const saved: ImportItemRow[] = [];
      const slugs = writer.slugTable ? await takenSlugs(trx, writer.slugTable, records) : null;
      // New records that keep the source's id are inserted together after the loop, then given their afterWrite.
      const pending: { record: R; id: number }[] = [];
      for (const record of records) {
        const fingerprint = fingerprintOf(record);
        const earlier = known.get(record.oldId);
        if (earlier?.fingerprint === fingerprint) {
          outcomes.set(record.oldId, 'unchanged');
          continue;
        }
        const row = slugs ? { ...record, slug: freeSlug(record, earlier?.newId ?? null, slugs, adjustments, kind) } : record;
        let id: number;
        if (earlier) {
          id = earlier.newId;
          await writer.update(trx, row, id);
          outcomes.set(record.oldId, 'updated');
        } else if (writer.insertMany && target.ids === 'keep' && record.oldId > 0) {
          id = record.oldId;
          pending.push({ record: row, id });
          outcomes.set(record.oldId, 'imported');
          slugs?.set(row.slug!, id);
          saved.push({ oldId: record.oldId, newId: id, fingerprint });
          continue;
        } else {
          // Ids the source did not have (older exports leave authors without one) are given negative stand-ins.
          id = await writer.insert(trx, row, target.ids === 'keep' && record.oldId > 0 ? record.oldId : null);
          outcomes.set(record.oldId, 'imported');
        }
        slugs?.set(row.slug!, id);
        await writer.afterWrite?.(trx, row, id);
        saved.push({ oldId: record.oldId, newId: id, fingerprint });
      }
      if (pending.length) {
        await writer.insertMany!(trx, pending);
        for (const { record, id } of pending) await writer.afterWrite?.(trx, record, id);
      }
      await writer.afterBatch?.(trx, new Map(saved.map((item) => [item.oldId, item.newId])), outcomes);
      await saveImportItems(trx, target.source, kind, saved, isoNow(this.deps.clock));
    });
    return { outcomes, adjustments };
  }
}

/** Rows per multi-row INSERT: within SQLite's 32,766 bound parameters (articles have 29 columns, comments 20). */
const ARTICLE_ROWS_PER_INSERT = 200;
const COMMENT_ROWS_PER_INSERT = 500;
/** The tables an import of stories and comments fills, directly or through triggers. */
const IMPORTED_TABLES = [
  'articles',
  'article_sections',
  'article_tags',
  'article_authors',
  'section_listings',
  'section_article_counts',
  'tag_article_counts',
  'article_status_counts',
  'sitemap_months',
  'sitemap_listings',
  'comments',
  'comment_status_counts',
  'import_items',
  'legacy_links',
  'article_search_documents',
  'article_search_vectors',
];
/** Stories recounted per transaction when a run ends with counts out of step. */
const RECOUNT_BATCH = 200;
/** Stories per search-indexing transaction at the end of a run. */
const INDEX_BATCH = 500;

function fingerprintOf(record: object): string {
  return createHash('sha256').update(JSON.stringify(record)).digest('base64url');
}

/** The slugs of this batch already in use, and by which row (so a record may keep the slug it already has). */
async function takenSlugs(
  trx: Db,
  table: 'people' | 'sections' | 'tags' | 'articles' | 'pages',
  records: readonly { slug?: string }[],
): Promise<Map<string, number>> {
  const wanted = unique(records.flatMap((record) => (record.slug ? [record.slug, `${record.slug}-2`] : [])));
  const taken = new Map<string, number>();
  for (let i = 0; i < wanted.length; i += 500) {
    const rows = await trx
      .selectFrom(table)
      .select(['id', 'slug'])
      .where('slug', 'in', wanted.slice(i, i + 500))
      .execute();
    for (const row of rows) taken.set(row.slug, row.id);
  }
  return taken;
}

/** The record's slug, or the first free numbered form of it when another row has it (reported). */
function freeSlug(
  record: { oldId: number; slug?: string },
  ownId: number | null,
  taken: Map<string, number>,
  adjustments: ImportAdjustment[],
  kind: ImportedKind,
): string {
  const base = record.slug!;
  const holder = taken.get(base);
  if (holder === undefined || holder === ownId) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`) && taken.get(`${base}-${n}`) !== ownId) n++;
  adjustments.push({ kind, oldId: record.oldId, reason: `its slug "${base}" was taken; it is "${base}-${n}"` });
  return `${base}-${n}`;
}

/**
 * The rows with every parent before its children (`parentOf` gives a parent among the rows, or null); rows in a loop
 * of parents keep their order after the others.
 */
function threadOrder<T>(rows: readonly T[], idOf: (row: T) => number, parentOf: (row: T) => number | null): T[] {
  const children = new Map<number, T[]>();
  const roots: T[] = [];
  for (const row of rows) {
    const parent = parentOf(row);
    if (parent === null) roots.push(row);
    else children.set(parent, [...(children.get(parent) ?? []), row]);
  }
  if (roots.length === rows.length) return [...rows];
  const ordered: T[] = [];
  const placed = new Set<T>();
  const stack = [...roots].reverse();
  while (stack.length) {
    const row = stack.pop()!;
    ordered.push(row);
    placed.add(row);
    const below = children.get(idOf(row));
    if (below) for (let i = below.length - 1; i >= 0; i--) stack.push(below[i]!);
  }
  for (const row of rows) if (!placed.has(row)) ordered.push(row);
  return ordered;
}

/** Whether following parents from `start` comes back to it. */
function loops(start: number, parentOf: ReadonlyMap<number, number | null>): boolean {
  const seen = new Set<number>();
  for (let at = parentOf.get(start) ?? null; at !== null; at = parentOf.get(at) ?? null) {
    if (at === start) return true;
    if (seen.has(at)) return false;
    seen.add(at);
  }
  return false;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function isNumber(value: number | null | undefined): value is number {
  return typeof value === 'number';
}
