import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { Db } from '../../platform/db/types.js';
import type { DomainEventBus, DomainEventName } from '../events.js';
import type { ArticleWriteHook } from '../articles/article.service.js';
import {
  type FullTextIndex,
  countPublishedArticles,
  isIndexCurrent,
  loadSearchDocuments,
  publishedIdsAfter,
  removeSearchDocuments,
  staleDocumentIds,
} from './search.repository.js';

export interface RebuildProgress {
  done: number;
  total: number;
}

export interface RebuildResult {
  indexed: number;
  removed: number;
  milliseconds: number;
}

export const REBUILD_BATCH_SIZE = 500;

export interface SearchIndexerDeps {
  db: Kysely<Database>;
  index: FullTextIndex;
}

/**
 * Keeps article_search_documents in step with the published articles.
 *
 * Consistency: ArticleService calls `articleWritten` inside the transaction that publishes, edits or unpublishes, so
 * the index changes atomically with the article: a story is searchable the moment its publication commits, and an
 * unpublished story is never found afterwards, even for an instant. (Indexing only from the events, after the
 * commit, would leave a window, lose updates if the process died in between, and let two quick changes to one story
 * race each other's index writes.) The cost is a few milliseconds of tokenising inside the editor's transaction.
 *
 * It also listens to article.published / article.updated / article.unpublished, for writers that emit the events
 * without going through ArticleService's transaction: when the document already matches the article's version (the
 * normal case) the listener does nothing. `rebuild` (`dateline reindex`) is the repair tool for everything else:
 * articles written straight to the database (imports, restored backups), renamed tags or authors, and index changes.
 */
export class SearchIndexer implements ArticleWriteHook {
  constructor(private readonly deps: SearchIndexerDeps) {}

  /** Called by ArticleService in the transaction that changed the article. */
  async articleWritten(trx: Db, articleId: number): Promise<void> {
    await this.syncArticles(trx, [articleId]);
  }

  /**
   * Indexes those of the articles that are published and removes the others, a batch at a time (a tag on thousands
   * of stories is renamed in a few queries, not thousands). Idempotent; runs in the caller's transaction.
   */
  async syncArticles(db: Db, articleIds: readonly number[]): Promise<void> {
    for (let i = 0; i < articleIds.length; i += REBUILD_BATCH_SIZE) {
      const batch = articleIds.slice(i, i + REBUILD_BATCH_SIZE);
      const documents = await loadSearchDocuments(db, batch);
      await this.deps.index.upsert(db, documents);
      const published = new Set(documents.map((document) => document.articleId));
      await removeSearchDocuments(
        db,
        batch.filter((id) => !published.has(id)),
      );
    }
  }

  /**
   * Removes these articles' documents (and their full-text entries) in the caller's transaction, whatever the articles'
   * status: for a caller about to delete the articles themselves.
   */
  async removeArticles(db: Db, articleIds: readonly number[]): Promise<void> {
    for (let i = 0; i < articleIds.length; i += REBUILD_BATCH_SIZE) await removeSearchDocuments(db, articleIds.slice(i, i + REBUILD_BATCH_SIZE));
  }

  /** Brings one article's document up to date unless it already is (the event listeners' path). */
  async refresh(articleId: number): Promise<void> {
    if (await isIndexCurrent(this.deps.db, articleId)) return;
    await this.deps.db.transaction().execute(async (trx) => {
      await this.deps.index.lockArticle(trx, articleId);
      await this.syncArticles(trx, [articleId]);
    });
  }

  /** Subscribes to the article events; returns the unsubscribe function. */
  listen(events: DomainEventBus): () => void {
    const names: DomainEventName[] = ['article.published', 'article.updated', 'article.unpublished'];
    const offs = names.map((name) => events.on(name as 'article.published', ({ articleId }) => this.refresh(articleId)));
    return () => offs.forEach((off) => off());
  }

  /**
   * Rebuilds every document in batches of `batchSize` (one transaction each), then removes documents of articles
   * that are no longer published. The site keeps serving searches throughout: documents are replaced in place.
   */
  async rebuild(options: { batchSize?: number; onProgress?: (progress: RebuildProgress) => void } = {}): Promise<RebuildResult> {
    const started = performance.now();
    const batchSize = options.batchSize ?? REBUILD_BATCH_SIZE;
    const total = await countPublishedArticles(this.deps.db);
    let done = 0;
    let afterId = 0;
    options.onProgress?.({ done, total });
    for (;;) {
      const ids = await publishedIdsAfter(this.deps.db, afterId, batchSize);
      if (!ids.length) break;
      afterId = ids.at(-1)!;
      const indexed = await this.deps.db.transaction().execute(async (trx) => {
        const documents = await loadSearchDocuments(trx, ids);
        await this.deps.index.upsert(trx, documents);
        return documents.length;
      });
      done += indexed;
      options.onProgress?.({ done, total: Math.max(total, done) });
    }
    const stale = await staleDocumentIds(this.deps.db);
    for (let i = 0; i < stale.length; i += batchSize) await removeSearchDocuments(this.deps.db, stale.slice(i, i + batchSize));
    await this.deps.index.optimize(this.deps.db);
    return { indexed: done, removed: stale.length, milliseconds: performance.now() - started };
  }
}
