import { ConnectSessionKnexStore } from 'connect-session-knex';
import session, { type SessionData } from 'express-session';
import type { Knex } from 'knex';
import { sharedRandomSetting } from '../database/appSettings';
import { SessionCache } from './sessionCache';

export const SESSION_COOKIE = 'conance.sid';

/**
 * Sessions live in PostgreSQL (connect-session-knex, over the app's own Knex pool, which the
 * embedded single-session database requires), so they survive restarts and are shared by
 * every API process. The cookie is httpOnly and SameSite=Lax.
 *
 * Reads go through `cache` (a few seconds, see SessionCache): ending a session or a user's
 * sessions must clear it (logout does it through the store; UserService through forgetUser).
 */
export async function createSessionMiddleware(knex: Knex, options: { secret?: string; maxAgeMs: number; secureCookie: boolean; cache?: SessionCache }) {
  const cache = options.cache ?? new SessionCache();
  const store = new ThrottledTouchStore({ knex, tableName: 'sessions', createTable: false, cleanupInterval: 15 * 60_000 }, cache);
  const middleware = session({
    name: SESSION_COOKIE,
    secret: options.secret ?? (await sharedRandomSetting(knex, 'session_secret')),
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: options.secureCookie, maxAge: options.maxAgeMs },
  });
  return {
    middleware,
    cache,
    close() {
      clearTimeout(store.nextDbCleanup);
    },
  };
}

/**
 * Three adjustments to connect-session-knex:
 * - a session read within the last few seconds is served from memory (SessionCache): one
 *   round trip less per API call. Writes and destroys drop the entry first.
 * - express-session touches the store on every request to slide the expiry: one write per API
 *   call. Sliding it once a minute per session is just as good for a 12-hour session and keeps
 *   reads read-only.
 * - Its methods hand a database error to the callback and also reject the promise they return,
 *   which express-session never awaits: with PostgreSQL unreachable, every request would leave
 *   an unhandled rejection, and Node ends the process on those. The callback carries the error
 *   (the request then answers 503); the promise is settled quietly. `touch` had no error path
 *   at all: it now reports to its callback.
 */
class ThrottledTouchStore extends ConnectSessionKnexStore {
  private readonly lastTouch = new Map<string, number>();

  constructor(
    options: ConstructorParameters<typeof ConnectSessionKnexStore>[0],
    private readonly cache: SessionCache,
  ) {
    super(options);
  }

  override async get(sid: string, callback: (err: any, session?: SessionData | null) => void) {
    const cached = this.cache.get(sid) as SessionData | undefined;
    if (cached) {
      callback(null, cached);
      return cached;
    }
    const readStartedAt = this.cache.startRead();
    let found: SessionData | null = null;
    try {
      found = await super.get(sid, () => {});
    } catch (error) {
      callback(error);
      return null;
    }
    if (found) this.cache.remember(sid, found, readStartedAt);
    callback(null, found);
    return found;
  }

  override set(sid: string, session: SessionData, callback?: (err?: any) => void) {
    this.cache.forget(sid);
    return super.set(sid, session, callback).catch(() => undefined);
  }

  override destroy(sid: string, callback?: (err?: any) => void) {
    this.cache.forget(sid);
    return super.destroy(sid, callback).catch(() => 0);
  }

  override async touch(sid: string, session: SessionData, callback?: (err?: any) => void) {
    const now = Date.now();
    if (now - (this.lastTouch.get(sid) ?? 0) < 60_000) {
      callback?.();
      return;
    }
    if (this.lastTouch.size > 10_000) this.lastTouch.clear();
    this.lastTouch.set(sid, now);
    try {
      await super.touch(sid, session);
    } catch (error) {
      this.lastTouch.delete(sid);
      callback?.(error);
      return;
    }
    callback?.();
  }
}
