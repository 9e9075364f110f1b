import type { ExpressionBuilder } from 'kysely';
import type { AuditLogRow, Database } from '../../platform/db/schema.js';
import type { Db } from '../../platform/db/types.js';

/** Which entries a reader of the log wants; every part is optional. */
export interface AuditFilter {
  /** Actions starting with any of these ('article.'), or equal to any of `actions`. */
  prefixes?: readonly string[];
  actions?: readonly string[];
  /** Actions left out even when a prefix matches. */
  exceptActions?: readonly string[];
  /** A staff account, or null for the entries of the system and the command line. */
  actorId?: number | null;
  subjectType?: string;
  subjectId?: string;
}

export type AuditRow = AuditLogRow & { actor_name: string | null };

function filtered(db: Db, filter: AuditFilter) {
  let query = db.selectFrom('audit_log').leftJoin('users', 'users.id', 'audit_log.actor_user_id');
  const { prefixes = [], actions = [], exceptActions = [] } = filter;
  if (prefixes.length || actions.length) {
    query = query.where((eb: ExpressionBuilder<Database, 'audit_log'>) =>
      eb.or([
        ...prefixes.map((prefix) => eb('audit_log.action', 'like', `${prefix}%`)),
        ...(actions.length ? [eb('audit_log.action', 'in', [...actions])] : []),
      ]),
    );
  }
  if (exceptActions.length) query = query.where('audit_log.action', 'not in', [...exceptActions]);
  if (filter.actorId === null) query = query.where('audit_log.actor_user_id', 'is', null);
  else if (filter.actorId !== undefined) query = query.where('audit_log.actor_user_id', '=', filter.actorId);
  if (filter.subjectType !== undefined) query = query.where('audit_log.subject_type', '=', filter.subjectType);
  if (filter.subjectId !== undefined) query = query.where('audit_log.subject_id', '=', filter.subjectId);
  return query;
}

/**
 * One page of entries by id (keyset): `olderThan` walks back from an id, `newerThan` forward; `limit` at most.
 * Always newest first.
 */
export async function auditRows(db: Db, filter: AuditFilter, page: { olderThan?: number; newerThan?: number; limit: number }): Promise<AuditRow[]> {
  let query = filtered(db, filter).selectAll('audit_log').select('users.display_name as actor_name');
  if (page.olderThan !== undefined) query = query.where('audit_log.id', '<', page.olderThan);
  if (page.newerThan !== undefined) query = query.where('audit_log.id', '>', page.newerThan);
  const rows = await query
    .orderBy('audit_log.id', page.newerThan !== undefined ? 'asc' : 'desc')
    .limit(page.limit)
    .execute();
  return page.newerThan !== undefined ? rows.reverse() : rows;
}

/** Whether any entry matching the filter lies beyond `id` in that direction. */
export async function auditEntryBeyond(db: Db, filter: AuditFilter, id: number, direction: 'older' | 'newer'): Promise<boolean> {
  const row = await filtered(db, filter)
    .select('audit_log.id')
    .where('audit_log.id', direction === 'older' ? '<' : '>', id)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Staff accounts that appear as actors in the log, for the actor filter. */
export async function auditActors(db: Db): Promise<{ id: number; displayName: string }[]> {
  const rows = await db
    .selectFrom('users')
    .select(['users.id', 'users.display_name'])
    .where('users.id', 'in', db.selectFrom('audit_log').select('actor_user_id').where('actor_user_id', 'is not', null))
    .orderBy('users.display_name')
    .execute();
  return rows.map((row) => ({ id: row.id, displayName: row.display_name }));
}

/** The current names of subjects that still exist, keyed `type:id`: a headline, a person's name, a file name... */
export async function subjectNames(db: Db, refs: { type: string; id: string }[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const idsOf = (type: string) => [...new Set(refs.filter((r) => r.type === type && /^\d{1,15}$/.test(r.id)).map((r) => Number(r.id)))];
  const put = (type: string, rows: { id: number; name: string | null }[]) => {
    for (const row of rows) names.set(`${type}:${row.id}`, row.name ?? '');
  };
  const lookups: Record<string, (ids: number[]) => Promise<{ id: number; name: string | null }[]>> = {
    article: (ids) => db.selectFrom('articles').select(['id', 'title as name']).where('id', 'in', ids).execute(),
    user: (ids) => db.selectFrom('users').select(['id', 'display_name as name']).where('id', 'in', ids).execute(),
    comment: (ids) => db.selectFrom('comments').select(['id', 'author_name as name']).where('id', 'in', ids).execute(),
    media: (ids) => db.selectFrom('media').select(['id', 'original_filename as name']).where('id', 'in', ids).execute(),
    webhook: (ids) => db.selectFrom('webhook_endpoints').select(['id', 'url as name']).where('id', 'in', ids).execute(),
    section: (ids) => db.selectFrom('sections').select(['id', 'name']).where('id', 'in', ids).execute(),
    tag: (ids) => db.selectFrom('tags').select(['id', 'name']).where('id', 'in', ids).execute(),
  };
  for (const [type, lookup] of Object.entries(lookups)) {
    const ids = idsOf(type);
    if (ids.length) put(type, await lookup(ids));
  }
  return names;
}
