import { type Kysely, type Migration, type MigrationProvider, type MigrationResult, Migrator, sql } from 'kysely';
import { type DialectHelpers, type DialectName, dialectHelpers } from './dialect.js';
import type { MigrationDb } from './migration-db.js';
import * as initial from './migrations/0001-initial.js';
import * as staffAccounts from './migrations/0002-staff-accounts.js';
import * as comments from './migrations/0003-comments.js';
import * as commentNotifications from './migrations/0004-comment-notifications.js';
import * as search from './migrations/0005-search.js';
import * as webhooks from './migrations/0007-webhooks.js';
import * as editorial from './migrations/0008-editorial.js';
import * as schedulingCorrections from './migrations/0009-scheduling-corrections.js';
import * as media from './migrations/0010-media.js';
import * as articleTrash from './migrations/0013-article-trash.js';
import * as redirectSubpaths from './migrations/0014-redirect-subpaths.js';
import * as passwordResets from './migrations/0011-password-resets.js';
import * as twoFactor from './migrations/0012-two-factor.js';
import * as searchVectors from './migrations/0015-search-vectors.js';
import * as tagMoves from './migrations/0016-tag-moves.js';
import * as visibilityPinnedPageTree from './migrations/0017-visibility-pinned-page-tree.js';
import * as imports from './migrations/0018-imports.js';
import * as demoItems from './migrations/0019-demo-items.js';
import * as seoCanonicalNoindex from './migrations/0020-seo-canonical-noindex.js';
import * as importJobs from './migrations/0021-import-jobs.js';
import * as searchPrefixIndex from './migrations/0022-search-prefix-index.js';
import * as listingColumns from './migrations/0023-listing-columns.js';
import * as sitemapFigures from './migrations/0024-sitemap-figures.js';
import * as commentCounts from './migrations/0025-comment-counts.js';
import * as newsroomListCounts from './migrations/0026-newsroom-list-counts.js';
import * as unambiguousArticleIndexes from './migrations/0027-unambiguous-article-indexes.js';
import * as sectionArticleCounts from './migrations/0029-section-article-counts.js';
import * as sectionListings from './migrations/0030-section-listings.js';
import * as coveringListingIndexes from './migrations/0031-covering-listing-indexes.js';
import type { Database } from './schema.js';

interface DialectMigration {
  up(db: MigrationDb, dialect: DialectHelpers): Promise<void>;
}

/** Ordered by name; a new migration is a new file added here, never an edit to a released one. */
const MIGRATIONS: Record<string, DialectMigration> = {
  '0001-initial': initial,
  '0002-staff-accounts': staffAccounts,
  '0003-comments': comments,
  '0004-comment-notifications': commentNotifications,
  '0005-search': search,
  '0007-webhooks': webhooks,
  '0008-editorial': editorial,
  '0009-scheduling-corrections': schedulingCorrections,
  '0010-media': media,
  '0013-article-trash': articleTrash,
  '0014-redirect-subpaths': redirectSubpaths,
  '0011-password-resets': passwordResets,
  '0012-two-factor': twoFactor,
  '0015-search-vectors': searchVectors,
  '0016-tag-moves': tagMoves,
  '0017-visibility-pinned-page-tree': visibilityPinnedPageTree,
  '0018-imports': imports,
  '0019-demo-items': demoItems,
  '0020-seo-canonical-noindex': seoCanonicalNoindex,
  '0021-import-jobs': importJobs,
  '0022-search-prefix-index': searchPrefixIndex,
  '0023-listing-columns': listingColumns,
  '0024-sitemap-figures': sitemapFigures,
  '0025-comment-counts': commentCounts,
  '0026-newsroom-list-counts': newsroomListCounts,
  '0027-unambiguous-article-indexes': unambiguousArticleIndexes,
  '0029-section-article-counts': sectionArticleCounts,
  '0030-section-listings': sectionListings,
  '0031-covering-listing-indexes': coveringListingIndexes,
};

class DialectMigrationProvider implements MigrationProvider {
  constructor(private readonly dialect: DialectName) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const helpers = dialectHelpers(this.dialect);
    return Object.fromEntries(Object.entries(MIGRATIONS).map(([name, migration]) => [name, { up: (db: MigrationDb) => migration.up(db, helpers) }]));
  }
}

export class MigrationError extends Error {}

/** Brings the schema up to date; returns the names of the migrations applied by this call. */
export async function migrateToLatest(db: Kysely<Database>, dialect: DialectName): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: new DialectMigrationProvider(dialect),
    // Kysely looks for its bookkeeping tables in every schema unless told which; name the one we write to, so a
    // database shared with other schemas (hosting, tests) cannot mislead it.
    ...(dialect === 'postgres' ? { migrationTableSchema: await currentSchema(db) } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r: MigrationResult) => r.status === 'Error');
    throw new MigrationError(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${String(error)}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

async function currentSchema(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return rows[0]!.schema;
}

export function latestMigrationName(): string {
  return Object.keys(MIGRATIONS).sort().at(-1)!;
}
