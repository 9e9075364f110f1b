import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { Db } from '../../platform/db/types.js';
import { type Clock, isoNow } from '../shared/clock.js';

/**
 * One log of who did what, for moderation and editorial actions alike ('user.login', 'user.created',
 * 'comment.approved', ...). Pass the transaction as `db` to record in the same commit as the change itself.
 */
export interface AuditEntryInput {
  /** The staff user who acted; null for the system, the command line, or an anonymous attempt. */
  actorId: number | null;
  /** Dotted: '<subject>.<verb>', e.g. 'user.login', 'comment.approved'. */
  action: string;
  subjectType: string;
  subjectId?: string | number | null;
  /** Any JSON-serialisable value; keys that look like secrets are replaced by "[redacted]". */
  before?: unknown;
  after?: unknown;
  ip?: string | null;
}

export interface AuditEntry {
  id: number;
  actorId: number | null;
  /** The actor's display name now (null when there is none, or the account was deleted). */
  actorName: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  createdAt: string;
}

export interface AuditQuery {
  subjectType?: string;
  subjectId?: string | number;
  action?: string;
  actorId?: number;
  /** At most 500; default 50. */
  limit?: number;
}

const SECRET_KEY = /pass(word)?|secret|token|hash/i;

/** Nothing that looks like a credential is ever written to the log, whatever the caller passes. */
function redact(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, SECRET_KEY.test(key) ? '[redacted]' : redact(inner, depth + 1)]),
  );
}

function toJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(redact(value));
}

function fromJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export class AuditService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async record(entry: AuditEntryInput, db: Db = this.db): Promise<number> {
    const { id } = await db
      .insertInto('audit_log')
      .values({
        actor_user_id: entry.actorId,
        action: entry.action,
        subject_type: entry.subjectType,
        subject_id: entry.subjectId === undefined || entry.subjectId === null ? null : String(entry.subjectId),
        before_json: toJson(entry.before),
        after_json: toJson(entry.after),
        ip: entry.ip ?? null,
        created_at: isoNow(this.clock),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }

  /** Newest first. */
  async list(query: AuditQuery = {}): Promise<AuditEntry[]> {
    const limit = Math.min(Math.max(Math.trunc(query.limit ?? 50), 1), 500);
    let q = this.db
      .selectFrom('audit_log')
      .leftJoin('users', 'users.id', 'audit_log.actor_user_id')
      .select([
        'audit_log.id',
        'audit_log.actor_user_id',
        'users.display_name as actor_name',
        'audit_log.action',
        'audit_log.subject_type',
        'audit_log.subject_id',
        'audit_log.before_json',
        'audit_log.after_json',
        'audit_log.ip',
        'audit_log.created_at',
      ]);
    if (query.subjectType !== undefined) q = q.where('audit_log.subject_type', '=', query.subjectType);
    if (query.subjectId !== undefined) q = q.where('audit_log.subject_id', '=', String(query.subjectId));
    if (query.action !== undefined) q = q.where('audit_log.action', '=', query.action);
    if (query.actorId !== undefined) q = q.where('audit_log.actor_user_id', '=', query.actorId);
    const rows = await q.orderBy('audit_log.id', 'desc').limit(limit).execute();
    return rows.map((row) => ({
      id: row.id,
      actorId: row.actor_user_id,
      actorName: row.actor_name ?? null,
      action: row.action,
      subjectType: row.subject_type,
      subjectId: row.subject_id,
      before: fromJson(row.before_json),
      after: fromJson(row.after_json),
      ip: row.ip,
      createdAt: row.created_at,
    }));
  }
}
