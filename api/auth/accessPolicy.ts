import type { Request, RequestHandler } from 'express';
import type { Actor } from '../../shared/actor';
import { HttpError } from '../http/httpError';
import type { Role, SessionUser } from '../../shared/entities/user';

declare module 'express-session' {
  interface SessionData {
    userId: number;
    /** Who signed in; the session is deleted whenever the user's role, password or active flag changes. */
    user: SessionUser;
  }
}
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      user?: SessionUser;
    }
  }
}

/** Routes anyone may call, signed in or not ("METHOD path" under /api). */
const PUBLIC_ROUTES = new Set(['GET /health', 'GET /health/ready', 'GET /health/live', 'POST /auth/login', 'POST /auth/logout', 'GET /auth/me']);
/**
 * Routes a monitoring server may call without a session, from the addresses an operator
 * configured (METRICS_ALLOWED_IPS); anyone else needs an admin session for them.
 */
const SCRAPER_ROUTES = new Set(['GET /metrics']);
/** Path prefixes only admins may reach, whatever the method. */
export const ADMIN_ONLY_PREFIXES = ['/users', '/metrics', '/access-log', '/settings', '/retention-expired-clients'];
/** Single routes inside a readable area that only admins may reach (matched on the canonical path). */
export const ADMIN_ONLY_PATTERNS = [/^\/clients\/[^/]+\/personal-data$/];
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Deny by default, in one place, before any router: every /api route needs a signed-in
 * user; support staff may only read; a few areas are admins' only. A router that forgets
 * to check cannot open a hole (the authorisation table test walks every route).
 */
export function accessPolicy(options: { scrapers?: { allows(req: Request): boolean } } = {}): RequestHandler {
  return (req, _res, next) => {
    // No query per request: the session row itself is the proof (it is deleted when the
    // user is deactivated, changes role or password).
    if (req.session?.user) req.user = req.session.user;
    const path = canonicalPath(req.path);
    if (PUBLIC_ROUTES.has(`${req.method} ${path}`)) return next();
    if (SCRAPER_ROUTES.has(`${req.method} ${path}`) && options.scrapers?.allows(req)) return next();
    if (!req.user) throw new HttpError(401, { code: 'auth.signInRequired' });
    if (!isAllowed(req.user.role, req.method, path)) {
      throw new HttpError(403, { code: 'auth.roleForbids' });
    }
    next();
  };
}

/**
 * The path as the router will match it. Express routes case-insensitively, ignores a trailing
 * slash and decodes percent-escapes in parameters, so `/USERS/`, `/uSeRs/2` and `/%75sers` all
 * reach the users router: the policy must read them as `/users` too, or a case change walks
 * past it. Repeated slashes are collapsed so that no spelling can look less restricted.
 */
export function canonicalPath(rawPath: string): string {
  let path = rawPath;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    // A malformed escape: routed as is (and refused by the router), checked as is.
  }
  return (
    path
      .toLowerCase()
      .replace(/\/{2,}/g, '/')
      .replace(/\/+$/, '') || '/'
  );
}

export function isAllowed(role: Role, method: string, path: string): boolean {
  if (role === 'admin') return true;
  const canonical = canonicalPath(path);
  if (ADMIN_ONLY_PREFIXES.some((prefix) => canonical === prefix || canonical.startsWith(`${prefix}/`))) return false;
  if (ADMIN_ONLY_PATTERNS.some((pattern) => pattern.test(canonical))) return false;
  return READ_METHODS.has(method.toUpperCase());
}

/**
 * The same rule, keyed on the matched mount rather than on the path: mounted in front of an
 * admin-only router, it runs exactly when Express's own matcher chose that router, whatever
 * the spelling of the URL. Defence in depth behind accessPolicy().
 */
export function adminOnly(): RequestHandler {
  return (req, _res, next) => {
    if (req.user?.role !== 'admin') throw new HttpError(req.user ? 403 : 401, { code: req.user ? 'auth.roleForbids' : 'auth.signInRequired' });
    next();
  };
}

/** The person a change is traced to. Only called behind accessPolicy, so a user is there. */
export function actorOf(req: Request): Actor {
  if (!req.user) throw new HttpError(401, { code: 'auth.signInRequired' });
  return { userId: req.user.id, label: `${req.user.fullName} <${req.user.email}>` };
}
