import type { RequestHandler } from 'express';
import { badRequest } from './httpError';

/**
 * PostgreSQL refuses the NUL character in text (SQLSTATE 22021), so a `\u0000` anywhere in
 * what a user sends would reach the database as a 500. It is refused here, once for every
 * input, rather than in each schema: no legitimate name, email, search or file name holds one.
 */

/** The path of the first string (value or key) holding a NUL character, or undefined. */
export function nulPathOf(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'root' : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPathOf(value[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (key.includes('\u0000')) return at;
      const found = nulPathOf(inner, at);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

export const nulCharacterRefused = (field: string) =>
  badRequest('Le texte envoyé contient un caractère nul (\\u0000), qui n’est pas accepté.', { [field]: 'Caractère nul interdit' });

/** Refuses a request whose path, query string or JSON body holds a NUL character. */
export function refuseNulCharacters(): RequestHandler {
  return (req, _res, next) => {
    if (req.path.includes('\u0000') || safeDecode(req.path).includes('\u0000')) throw nulCharacterRefused('path');
    const inQuery = nulPathOf(req.query);
    if (inQuery !== undefined) throw nulCharacterRefused(inQuery);
    const inBody = nulPathOf(req.body);
    if (inBody !== undefined) throw nulCharacterRefused(inBody);
    next();
  };
}

function safeDecode(path: string) {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
