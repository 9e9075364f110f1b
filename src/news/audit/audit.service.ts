import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import type { Db } from '../../platform/db/types.js';
import { type Clock, isoNow } from '../shared/clock.js';
import { type AuditFilter, type AuditRow, auditActors, auditEntryBeyond, auditRows, subjectNames } from './audit.repository.js';

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

/** The log's groups of actions, for reading it by kind: what each takes in. */
export const AUDIT_GROUPS = {
  'sign-ins': { label: 'Sign-ins', actions: ['user.login', 'user.login_failed', 'user.logout', 'user.2fa_failed', 'user.recovery_code_used'] },
  users: {
    label: 'Users',
    prefixes: ['user.'],
    exceptActions: ['user.login', 'user.login_failed', 'user.logout', 'user.2fa_failed', 'user.recovery_code_used'],
  },
  articles: { label: 'Articles', prefixes: ['article.'] },
  comments: { label: 'Comments', prefixes: ['comment.'] },
  structure: { label: 'Settings and structure', prefixes: ['settings.', 'section.', 'tag.', 'page.', 'redirect.', 'person.', 'demo.', 'import.'] },
  webhooks: { label: 'Webhooks', prefixes: ['webhook.'] },
  media: { label: 'Media', prefixes: ['media.'] },
} as const satisfies Record<string, { label: string; prefixes?: readonly string[]; actions?: readonly string[]; exceptActions?: readonly string[] }>;
export type AuditGroup = keyof typeof AUDIT_GROUPS;

export function isAuditGroup(value: string): value is AuditGroup {
  return Object.hasOwn(AUDIT_GROUPS, value);
}

/** How to read the log a page at a time (newest first, by id): what to show and from where. */
export interface AuditPageQuery {
  group?: AuditGroup;
  /** A staff account, or null for what the system and the command line did. */
  actorId?: number | null;
  subjectType?: string;
  subjectId?: string;
  /** Entries older than this id (the next page), or newer than this one (the previous page). */
  olderThan?: number;
  newerThan?: number;
  /** At most 200; default 50. */
  limit?: number;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Cursors for the neighbouring pages, or null where there is nothing more. */
  older: number | null;
  newer: number | null;
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

/** Read back redacted too: entries written before a key was recognised as secret never show it. */
function fromJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return redact(JSON.parse(text));
  } catch {
    return text;
  }
}

function toEntry(row: AuditRow): AuditEntry {
  return {
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
  };
}

export interface AuditServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
}

export class AuditService {
  constructor(private readonly deps: AuditServiceDeps) {}

  async record(entry: AuditEntryInput, db: Db = this.deps.db): Promise<number> {
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
        created_at: isoNow(this.deps.clock),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }

  /** Newest first. */
  async list(query: AuditQuery = {}): Promise<AuditEntry[]> {
    const limit = Math.min(Math.max(Math.trunc(query.limit ?? 50), 1), 500);
    const filter: AuditFilter = {
      ...(query.action !== undefined ? { actions: [query.action] } : {}),
      ...(query.actorId !== undefined ? { actorId: query.actorId } : {}),
      ...(query.subjectType !== undefined ? { subjectType: query.subjectType } : {}),
      ...(query.subjectId !== undefined ? { subjectId: String(query.subjectId) } : {}),
    };
    return (await auditRows(this.deps.db, filter, { limit })).map(toEntry);
  }

  /** One page of the log, newest first, with the cursors of the pages either side (keyset on id). */
  async page(query: AuditPageQuery = {}): Promise<AuditPage> {
    const limit = Math.min(Math.max(Math.trunc(query.limit ?? 50), 1), 200);
    const group = query.group ? AUDIT_GROUPS[query.group] : {};
    const filter: AuditFilter = {
      ...group,
      ...(query.actorId !== undefined ? { actorId: query.actorId } : {}),
      ...(query.subjectType ? { subjectType: query.subjectType } : {}),
      ...(query.subjectId ? { subjectId: query.subjectId } : {}),
    };
    const rows = await auditRows(this.deps.db, filter, {
      limit: limit + 1,
      ...(query.newerThan !== undefined ? { newerThan: query.newerThan } : query.olderThan !== undefined ? { olderThan: query.olderThan } : {}),
    });
    // One row more than a page says whether there is more in the direction read; the other direction is asked.
    const more = rows.length > limit;
    const entries = (query.newerThan !== undefined ? rows.slice(-limit) : rows.slice(0, limit)).map(toEntry);
    const first = entries[0];
    const last = entries.at(-1);
    const [older, newer] =
      query.newerThan !== undefined
        ? [last && (await auditEntryBeyond(this.deps.db, filter, last.id, 'older')) ? last.id : null, more && first ? first.id : null]
        : [
            more && last ? last.id : null,
            first && query.olderThan !== undefined && (await auditEntryBeyond(this.deps.db, filter, first.id, 'newer')) ? first.id : null,
          ];
    return { entries, older, newer };
  }

  /** The staff accounts that appear in the log as actors, by name. */
  async actors(): Promise<{ id: number; displayName: string }[]> {
    return auditActors(this.deps.db);
  }

  /** The current names of these entries' subjects that still exist, keyed `type:id`. */
  async subjectNames(entries: readonly Pick<AuditEntry, 'subjectType' | 'subjectId'>[]): Promise<Map<string, string>> {
    return subjectNames(
      this.deps.db,
      entries.flatMap((e) => (e.subjectId === null ? [] : [{ type: e.subjectType, id: e.subjectId }])),
    );
  }
}
