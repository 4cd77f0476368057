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
 * express-session touches the store on every request to slide the expiry: one write per API
 * call. Sliding it once a minute per session is just as good for a 12-hour session and keeps
 * reads read-only.
 */
class ThrottledTouchStore extends ConnectSessionKnexStore {
  private readonly lastTouch = new Map<string, number>();

  async touch(sid: string, session: SessionData, callback?: () => void) {
    const now = Date.now();
    if (now - (this.lastTouch.get(sid) ?? 0) < 60_000) {
      callback?.();
      return;
    }
    if (this.lastTouch.size > 10_000) this.lastTouch.clear();
    this.lastTouch.set(sid, now);
    return super.touch(sid, session, callback);
  }
}
