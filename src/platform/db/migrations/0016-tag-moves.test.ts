import { afterEach, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect } from '../../../../test/helpers/database.js';
import type { DatabaseHandle } from '../connection.js';
import { backfillTagMoves } from './0016-tag-moves.js';

describeEachDialect('migration 0016: tag moves', (dialect) => {
  let database: DatabaseHandle;
  afterEach(async () => database?.destroy());

  it('takes the merges and deletes made before it from their audit entries', async () => {
    database = await createTestDatabase(dialect);
    const { db } = database;
    const entry = (subjectId: string, action: string, after: unknown, createdAt: string) => ({
      actor_user_id: null,
      action,
      subject_type: 'tag',
      subject_id: subjectId,
      before_json: JSON.stringify({ name: 'Old' }),
      after_json: JSON.stringify(after),
      ip: null,
      created_at: createdAt,
    });
    await db
      .insertInto('audit_log')
      .values([
        entry('7', 'tag.merged', { into: { id: 9, name: 'Brexit talks', slug: 'brexit-talks' } }, '2026-03-01T12:00:00.000Z'),
        entry('8', 'tag.deleted', { into: null }, '2026-03-02T12:00:00.000Z'),
        entry('9', 'tag.renamed', { name: 'New' }, '2026-03-03T12:00:00.000Z'),
        entry('x', 'tag.merged', { into: { id: 1 } }, '2026-03-03T12:00:00.000Z'),
      ])
      .execute();
    await backfillTagMoves(db);
    const rows = await db.selectFrom('tag_moves').selectAll().orderBy('from_tag_id').execute();
    expect(rows.map((r) => [r.from_tag_id, r.to_tag_id])).toEqual([
      [7, 9],
      [8, null],
    ]);
  });
});
