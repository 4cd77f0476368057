import { ConnectSessionKnexStore } from 'connect-session-knex';
import session, { type SessionData } from 'express-session';
import type { Knex } from 'knex';
import { sharedRandomSetting } from '../database/appSettings';

export const SESSION_COOKIE = 'conance.sid';

/**
 * Sessions live in PostgreSQL (connect-session-knex, over the app's own Knex pool, which the
 * embedded single-session database requires), so they survive restarts and are shared by
 * every API process. The cookie is httpOnly and SameSite=Lax.
 */
export async function createSessionMiddleware(knex: Knex, options: { secret?: string; maxAgeMs: number; secureCookie: boolean }) {
  const store = new ThrottledTouchStore({ knex, tableName: 'sessions', createTable: false, cleanupInterval: 15 * 60_000 });
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
    close() {
      clearTimeout(store.nextDbCleanup);
    },
  };
}

/**
 * Two adjustments to connect-session-knex:
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

  override get(sid: string, callback: (err: any, session?: SessionData | null) => void) {
    return super.get(sid, callback).catch(() => null);
  }

  override set(sid: string, session: SessionData, callback?: (err?: any) => void) {
    return super.set(sid, session, callback).catch(() => undefined);
  }

  override destroy(sid: string, callback?: (err?: any) => void) {
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
