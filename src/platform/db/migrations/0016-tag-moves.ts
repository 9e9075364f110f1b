import type { MigrationDb } from '../migration-db.js';
import type { DialectHelpers } from '../dialect.js';

/**
 * Where a merged or deleted tag went. An article edit form opened before the merge still names the old tag; its save
 * must mean the tag the old one went into, not create the old name again (news/editorial: the form's loaded tags).
 * One row per tag that is gone; `to_tag_id` is null when it was deleted without a replacement, and may itself name a
 * tag that has since gone (followed row by row). Ids are never reused (identity / AUTOINCREMENT), so none of this
 * can point at a later, unrelated tag.
 *
 */
export async function up(db: MigrationDb, d: DialectHelpers): Promise<void> {
  await db.schema
    .createTable('tag_moves')
    .addColumn('from_tag_id', 'integer', (c) => c.primaryKey())
    .addColumn('to_tag_id', 'integer')
    .addColumn('moved_at', d.timestampType, (c) => c.notNull())
    .execute();
  await backfillTagMoves(db);
}

/** Merges and deletes recorded only in the audit log (before this table): the last entry per tag wins. */
export async function backfillTagMoves(db: MigrationDb): Promise<void> {
  const entries = await db
    .selectFrom('audit_log')
    .select(['subject_id', 'after_json', 'created_at'])
    .where('subject_type', '=', 'tag')
    .where('action', 'in', ['tag.merged', 'tag.deleted'])
    .orderBy('id')
    .execute();
  const moves = new Map<number, { from_tag_id: number; to_tag_id: number | null; moved_at: string }>();
  for (const entry of entries) {
    const from = Number(entry.subject_id);
    if (!Number.isSafeInteger(from)) continue;
    let into: unknown = null;
    try {
      into = (JSON.parse(entry.after_json ?? 'null') as { into?: { id?: unknown } | null } | null)?.into ?? null;
    } catch {
      continue;
    }
    const to = into && typeof (into as { id?: unknown }).id === 'number' ? (into as { id: number }).id : null;
    moves.set(from, { from_tag_id: from, to_tag_id: to, moved_at: new Date(entry.created_at).toISOString() });
  }
  if (moves.size)
    await db
      .insertInto('tag_moves')
      .values([...moves.values()])
      .execute();
}
