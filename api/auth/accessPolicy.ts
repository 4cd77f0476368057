import type { Request, RequestHandler } from 'express';
import type { Actor } from '../audit/auditTrail';
import { HttpError } from '../http/httpError';
import type { Role, SessionUser } from '../users/userModel';

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
const PUBLIC_ROUTES = new Set(['GET /health', 'POST /auth/login', 'POST /auth/logout', 'GET /auth/me']);
/** Path prefixes only admins may reach, whatever the method. */
const ADMIN_ONLY_PREFIXES = ['/users'];
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Deny by default, in one place, before any router: every /api route needs a signed-in
 * user; support staff may only read; a few areas are admins' only. A router that forgets
 * to check cannot open a hole (the authorisation table test walks every route).
 */
export function accessPolicy(): RequestHandler {
  return (req, _res, next) => {
    // No query per request: the session row itself is the proof (it is deleted when the
    // user is deactivated, changes role or password).
    if (req.session?.user) req.user = req.session.user;
    const path = req.path.replace(/\/+$/, '') || '/';
    if (PUBLIC_ROUTES.has(`${req.method} ${path}`)) return next();
    if (!req.user) throw new HttpError(401, 'Veuillez vous connecter.');
    if (!isAllowed(req.user.role, req.method, path)) {
      throw new HttpError(403, 'Votre rôle ne permet pas cette action.');
    }
    next();
  };
}

export function isAllowed(role: Role, method: string, path: string): boolean {
  if (role === 'admin') return true;
  if (ADMIN_ONLY_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return false;
  return READ_METHODS.has(method);
}

/** The person a change is traced to. Only called behind accessPolicy, so a user is there. */
export function actorOf(req: Request): Actor {
  if (!req.user) throw new HttpError(401, 'Veuillez vous connecter.');
  return { userId: req.user.id, label: `${req.user.fullName} <${req.user.email}>` };
}
