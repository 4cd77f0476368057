import type { SessionData } from 'express-session';
import { LRUCache } from 'lru-cache';

/**
 * How long a session read from PostgreSQL is reused by this process without asking again. Also
 * the bound on how long another API process may still accept a session that this one ended
 * (logout, or a user deactivated, given another role or a new password): that process notices
 * at its next read, at most this long after.
 */
export const SESSION_CACHE_TTL_MS = 5_000;
const MAX_CACHED_SESSIONS = 10_000;

interface CachedSession {
  /** The stored JSON: every hit hands out a fresh object, since express-session mutates what it gets. */
  json: string;
  userId: number | undefined;
}

/**
 * Session lookups of the last few seconds, so that a signed-in user's requests do not each read
 * the sessions table. lru-cache gives the bound (entries and age) with an O(1) LRU, which a Map
 * with timestamps would only approximate.
 *
 * Only reads fill it: a write (login, change of the session) or a destroy drops the entry, so the
 * next request reads PostgreSQL again. Invalidation races are closed with a generation counter:
 * a read that was in flight while an entry was dropped does not put its possibly stale answer back.
 */
export class SessionCache {
  private readonly entries = new LRUCache<string, CachedSession>({ max: MAX_CACHED_SESSIONS, ttl: SESSION_CACHE_TTL_MS, ttlAutopurge: false });
  private generation = 0;

  /** The session for this id, or undefined when this process has none recent. */
  get(sid: string): SessionData | undefined {
    const hit = this.entries.get(sid);
    return hit ? JSON.parse(hit.json) : undefined;
  }

  /** Call before reading the store; pass the result to remember(). */
  startRead(): number {
    return this.generation;
  }

  /** Keeps what the store answered, unless an invalidation happened since startRead(). */
  remember(sid: string, session: SessionData, readStartedAt: number) {
    if (readStartedAt !== this.generation) return;
    this.entries.set(sid, { json: JSON.stringify(session), userId: typeof session.userId === 'number' ? session.userId : undefined });
  }

  /** The session was written or destroyed here. */
  forget(sid: string) {
    this.generation++;
    this.entries.delete(sid);
  }

  /** The user's sessions were ended (role, password or active flag changed): none of them may be served from memory. */
  forgetUser(userId: number) {
    this.generation++;
    for (const [sid, entry] of this.entries.entries()) {
      if (entry.userId === userId) this.entries.delete(sid);
    }
  }

  clear() {
    this.generation++;
    this.entries.clear();
  }
}
