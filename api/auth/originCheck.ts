import type { RequestHandler } from 'express';
import { HttpError } from '../http/httpError';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * CSRF defence in depth, beside the SameSite cookie: a browser always sends `Origin` on
 * cross-site unsafe requests, so one that names another site is refused. Requests without
 * Origin nor Referer come from non-browser clients, which a forged page cannot drive.
 */
export function originCheck(allowedOrigins: string[]): RequestHandler {
  return (req, _res, next) => {
    if (!UNSAFE_METHODS.has(req.method)) return next();
    const source = req.get('origin') ?? refererOrigin(req.get('referer'));
    if (!source) return next();
    const ownOrigin = `${req.protocol}://${req.get('host')}`;
    if (source === ownOrigin || allowedOrigins.includes(source)) return next();
    next(new HttpError(403, { code: 'auth.originRefused' }));
  };
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'invalid';
  }
}
