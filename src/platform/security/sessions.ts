import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { UserRole } from '../../news/vocabulary.js';
import type { Db } from '../db/types.js';

/** How long a session lives without being used; every use (at most once a minute) pushes the end back. */
export const SESSION_IDLE_MS = 14 * 24 * 3600 * 1000;
/** last_seen_at is written at most this often, so browsing does not turn every request into a write. */
export const SESSION_TOUCH_MS = 60 * 1000;

const MAX_USER_AGENT = 512;
const MAX_IP = 64;

/** The signed-in user as requests see it (resolved from the session cookie on every request that carries one). */
export interface SessionUser {
  id: number;
  email: string;
  displayName: string;
  role: UserRole;
  personId: number | null;
}

export interface SessionInfo {
  /** SHA-256 hex of the token: safe to log or show, useless as a cookie. */
  id: string;
  userId: number;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string;
  ip: string;
  userAgent: string;
}

export interface FoundSession {
  session: SessionInfo;
  user: SessionUser;
  /** True when this lookup slid the expiry forward: the caller renews the cookie's Max-Age. */
  refreshed: boolean;
}

interface Clock {
  now(): Date;
}

/** What the database holds for a token: its SHA-256 hex. A copy of the sessions table signs nobody in. */
export function sessionIdFor(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface SessionServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
}

/** Server-side sessions: the cookie carries a random token, the database its hash. */
export class SessionService {
  constructor(private readonly deps: SessionServiceDeps) {}

  /** Starts a session and returns the token for the cookie (32 random bytes, base64url). */
  async create(userId: number, ip: string, userAgent: string, db: Db = this.deps.db): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const now = this.deps.clock.now();
    // Housekeeping while we are here: this user's dead sessions go.
    await db.deleteFrom('sessions').where('user_id', '=', userId).where('expires_at', '<=', now.toISOString()).execute();
    await db
      .insertInto('sessions')
      .values({
        id: sessionIdFor(token),
        user_id: userId,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: new Date(now.getTime() + SESSION_IDLE_MS).toISOString(),
        ip: ip.slice(0, MAX_IP),
        user_agent: userAgent.slice(0, MAX_USER_AGENT),
      })
      .execute();
    return token;
  }

  /** The live session for a token and its (active) user, or null. Slides the expiry at most once a minute. */
  async find(token: string): Promise<FoundSession | null> {
    if (!token || token.length > 200) return null;
    const id = sessionIdFor(token);
    const row = await this.deps.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'sessions.id',
        'sessions.user_id',
        'sessions.created_at',
        'sessions.expires_at',
        'sessions.last_seen_at',
        'sessions.ip',
        'sessions.user_agent',
        'users.email',
        'users.display_name',
        'users.role',
        'users.person_id',
        'users.active',
      ])
      .where('sessions.id', '=', id)
      .executeTakeFirst();
    if (!row || !row.active) return null;
    const now = this.deps.clock.now();
    if (Date.parse(row.expires_at) <= now.getTime()) {
      await this.deps.db.deleteFrom('sessions').where('id', '=', id).execute();
      return null;
    }
    let { expires_at: expiresAt, last_seen_at: lastSeenAt } = row;
    let refreshed = false;
    if (now.getTime() - Date.parse(lastSeenAt) >= SESSION_TOUCH_MS) {
      lastSeenAt = now.toISOString();
      expiresAt = new Date(now.getTime() + SESSION_IDLE_MS).toISOString();
      await this.deps.db.updateTable('sessions').set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where('id', '=', id).execute();
      refreshed = true;
    }
    return {
      session: {
        id: row.id,
        userId: row.user_id,
        createdAt: row.created_at,
        expiresAt,
        lastSeenAt,
        ip: row.ip,
        userAgent: row.user_agent,
      },
      user: { id: row.user_id, email: row.email, displayName: row.display_name, role: row.role, personId: row.person_id },
      refreshed,
    };
  }

  async revoke(token: string): Promise<void> {
    if (!token) return;
    await this.deps.db.deleteFrom('sessions').where('id', '=', sessionIdFor(token)).execute();
  }

  /** Signs a user out everywhere (password change or reset, deactivation). Returns how many sessions ended. */
  async revokeAllForUser(userId: number, db: Db = this.deps.db): Promise<number> {
    const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /**
   * Signs a user out everywhere but the session `keepSessionId` (its id, not its token): the browser that turned
   * two-factor sign-in on stays signed in. Returns how many sessions ended.
   */
  async revokeOthersForUser(userId: number, keepSessionId: string | null, db: Db = this.deps.db): Promise<number> {
    let query = db.deleteFrom('sessions').where('user_id', '=', userId);
    if (keepSessionId !== null) query = query.where('id', '!=', keepSessionId);
    const result = await query.executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async listForUser(userId: number): Promise<SessionInfo[]> {
    const rows = await this.deps.db.selectFrom('sessions').selectAll().where('user_id', '=', userId).orderBy('last_seen_at', 'desc').execute();
    return rows.map((row) => ({
      id: row.id,
      userId: row.user_id,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      lastSeenAt: row.last_seen_at,
      ip: row.ip,
      userAgent: row.user_agent,
    }));
  }

  /** Deletes every expired session; for a periodic job. */
  async pruneExpired(): Promise<number> {
    const result = await this.deps.db.deleteFrom('sessions').where('expires_at', '<=', this.deps.clock.now().toISOString()).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
