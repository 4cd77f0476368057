import session, { Store, type SessionData } from 'express-session';
import type { Knex } from 'knex';
import { sharedRandomSetting } from '../database/appSettings';
import { SessionCache } from './sessionCache';

export const SESSION_COOKIE = 'conance.sid';

/** Expired sessions are deleted this often (the expiry is also checked on every read). */
const CLEANUP_INTERVAL_MS = 15 * 60_000;
/** A session's expiry slides at most this often: one write per minute, not one per API call. */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Sessions live in PostgreSQL (table `sessions`, over the app's own Knex pool, which the embedded
 * single-session database requires), so they survive restarts and are shared by every API
 * process. The cookie is httpOnly and SameSite=Lax.
 *
 * Reads go through `cache` (a few seconds, see SessionCache): ending a session or a user's
 * sessions must clear it (logout does it through the store; UserService through forgetUser).
 */
export async function createSessionMiddleware(knex: Knex, options: { secret?: string; maxAgeMs: number; secureCookie: boolean; cache?: SessionCache }) {
  const cache = options.cache ?? new SessionCache();
  const store = new PostgresSessionStore(knex, cache, options.maxAgeMs);
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
      store.close();
    },
  };
}

type Done = (err?: unknown) => void;

/**
 * express-session's store on the `sessions` table. express-session never awaits a store: every
 * database error goes to the callback (the request then answers 503), never to an unhandled
 * rejection, which would end the process.
 */
class PostgresSessionStore extends Store {
  private readonly lastTouch = new Map<string, number>();
  private readonly cleanup: NodeJS.Timeout;

  constructor(
    private readonly knex: Knex,
    private readonly cache: SessionCache,
    private readonly maxAgeMs: number,
  ) {
    super();
    this.cleanup = setInterval(() => {
      this.knex('sessions')
        .where('expired', '<', new Date())
        .delete()
        .catch(() => undefined);
    }, CLEANUP_INTERVAL_MS);
    this.cleanup.unref();
  }

  close() {
    clearInterval(this.cleanup);
  }

  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void) {
    const cached = this.cache.get(sid);
    if (cached) return callback(null, cached);
    const readStartedAt = this.cache.startRead();
    this.knex('sessions')
      .where('sid', sid)
      .where('expired', '>', new Date())
      .first('sess')
      .then((row?: { sess: SessionData | string }) => {
        const found = row ? (typeof row.sess === 'string' ? (JSON.parse(row.sess) as SessionData) : row.sess) : null;
        if (found) this.cache.remember(sid, found, readStartedAt);
        callback(null, found);
      }, callback);
  }

  override set(sid: string, sess: SessionData, callback?: Done) {
    this.cache.forget(sid);
    this.lastTouch.set(sid, Date.now());
    this.knex('sessions')
      .insert({ sid, sess: JSON.stringify(sess), expired: this.expiryOf(sess) })
      .onConflict('sid')
      .merge()
      .then(
        () => callback?.(),
        (error: unknown) => callback?.(error),
      );
  }

  override destroy(sid: string, callback?: Done) {
    this.cache.forget(sid);
    this.lastTouch.delete(sid);
    this.knex('sessions')
      .where('sid', sid)
      .delete()
      .then(
        () => callback?.(),
        (error: unknown) => callback?.(error),
      );
  }

  override touch(sid: string, sess: SessionData, callback?: Done) {
    const now = Date.now();
    if (now - (this.lastTouch.get(sid) ?? 0) < TOUCH_INTERVAL_MS) return callback?.();
    if (this.lastTouch.size > 10_000) this.lastTouch.clear();
    this.lastTouch.set(sid, now);
    this.knex('sessions')
      .where('sid', sid)
      .update({ expired: this.expiryOf(sess) })
      .then(
        () => callback?.(),
        (error: unknown) => {
          this.lastTouch.delete(sid);
          callback?.(error);
        },
      );
  }

  private expiryOf(sess: SessionData) {
    return sess.cookie?.expires ? new Date(sess.cookie.expires) : new Date(Date.now() + this.maxAgeMs);
  }
}
