import type { MigrationDb } from '../migration-db.js';
import { sql } from 'kysely';
import type { DialectHelpers } from '../dialect.js';

/**
 * Imports started from the newsroom run as background jobs whose whole state is this table, so a large file holds no
 * request open and any instance can run (or, after a crash, resume) one:
 *
 * - `state`: queued -> validating (the first pass over the file; the uploads unpacked) -> importing -> done | failed.
 * - The uploaded files are on disk, in the job's own folder under DATA_DIR/imports (`work_dir`, a folder name):
 *   `export_file` (the WXR, maybe gzipped) and `uploads_file` (a zip of wp-content/uploads), names inside that folder.
 *   The folder is removed when the job ends.
 * - `attempts` and `locked_until`: a worker claims the job with one conditional UPDATE and keeps it leased while it
 *   runs; a job whose lease lapsed (its worker died) is claimed again, a limited number of times.
 * - Progress (`bytes_read` of `bytes_total`, `items`, `comments`) is written a few times a minute, not per item.
 * - `report`: the import's report as JSON once done; `error`: why it failed, in words for the administrator.
 */
export async function up(db: MigrationDb, d: DialectHelpers): Promise<void> {
  const ts = d.timestampType;
  await d
    .addIdColumn(db.schema.createTable('import_jobs'))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('queued', 'validating', 'importing', 'done', 'failed')`))
    .addColumn('format', 'text', (c) => c.notNull().defaultTo('wxr'))
    .addColumn('work_dir', 'text', (c) => c.notNull())
    /** The export's file name as uploaded (shown in the list), and its name in work_dir. */
    .addColumn('export_name', 'text', (c) => c.notNull())
    .addColumn('export_file', 'text', (c) => c.notNull())
    .addColumn('export_bytes', 'bigint', (c) => c.notNull())
    .addColumn('uploads_name', 'text')
    .addColumn('uploads_file', 'text')
    .addColumn('uploads_bytes', 'bigint')
    .addColumn('dry_run', d.booleanType, d.booleanDefault(false))
    .addColumn('fetch_media', d.booleanType, d.booleanDefault(false))
    .addColumn('bytes_read', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('bytes_total', 'bigint')
    .addColumn('items', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('comments', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('report', 'text')
    .addColumn('error', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('started_at', ts)
    .addColumn('finished_at', ts)
    .execute();
  await db.schema.createIndex('import_jobs_state_idx').on('import_jobs').columns(['state', 'id']).execute();
}
