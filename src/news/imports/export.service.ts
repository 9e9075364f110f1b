import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import {
  type ExportArticle,
  exportArticles,
  exportIdRange,
  type ExportIdRange,
  type ExportPage,
  exportPages,
  exportPeople,
  type ExportPerson,
  type ExportSection,
  exportSections,
  type ExportTag,
  exportTags,
} from './export.repository.js';

export interface ExportServiceDeps {
  db: Kysely<Database>;
}

/**
 * The whole site for an export (interop/ writes the format): people and terms at once (a few thousand at most), then
 * articles and pages a batch at a time, in id order, so memory holds one batch whatever the size of the site.
 */
export class ExportService {
  constructor(private readonly deps: ExportServiceDeps) {}

  idRange(): Promise<ExportIdRange> {
    return exportIdRange(this.deps.db);
  }

  people(): Promise<ExportPerson[]> {
    return exportPeople(this.deps.db);
  }

  sections(): Promise<ExportSection[]> {
    return exportSections(this.deps.db);
  }

  tags(): Promise<ExportTag[]> {
    return exportTags(this.deps.db);
  }

  /** Every article (trashed ones too) with its sections, tags, byline and comments, `batchSize` at a time. */
  async *articles(batchSize = 500): AsyncGenerator<ExportArticle[]> {
    let after = 0;
    for (;;) {
      const batch = await exportArticles(this.deps.db, after, batchSize);
      if (!batch.length) return;
      yield batch;
      after = batch[batch.length - 1]!.id;
    }
  }

  async *pages(batchSize = 500): AsyncGenerator<ExportPage[]> {
    let after = 0;
    for (;;) {
      const batch = await exportPages(this.deps.db, after, batchSize);
      if (!batch.length) return;
      yield batch;
      after = batch[batch.length - 1]!.id;
    }
  }
}
