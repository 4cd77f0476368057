import type { RequestHandler } from 'express';
import { badRequest } from './httpError';

/**
 * Checks every structured input once, rather than in each schema:
 * - PostgreSQL refuses the NUL character in text (SQLSTATE 22021), so a `\u0000` anywhere in
 *   what a user sends would reach the database as a 500: no legitimate name, email, search or
 *   file name holds one;
 * - JSON nested deeper than MAX_JSON_DEPTH is refused: nothing the API reads is nested more than
 *   a few levels, and any recursive walk of a 3,000-level document (ours, or a library's) ends
 *   in a stack overflow.
 */
export const MAX_JSON_DEPTH = 32;

export type JsonProblem = { kind: 'nul'; path: string } | { kind: 'depth' };

/**
 * The first problem of a parsed JSON value: a string (value or key) holding a NUL character, or
 * nesting past MAX_JSON_DEPTH. Iterative, so that the walk itself never overflows the stack.
 */
export function jsonProblemOf(root: unknown, maxDepth = MAX_JSON_DEPTH): JsonProblem | undefined {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: root, path: '', depth: 0 }];
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return { kind: 'nul', path: path || 'root' };
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    if (depth >= maxDepth) return { kind: 'depth' };
    const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((inner, i) => [`${path}[${i}]`, inner]) : [];
    if (!Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value)) {
        const at = path ? `${path}.${key}` : key;
        if (key.includes('\u0000')) return { kind: 'nul', path: at };
        entries.push([at, inner]);
      }
    }
    // Reversed onto the stack: the first offending field in reading order is the one named.
    for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i][1], path: entries[i][0], depth: depth + 1 });
  }
  return undefined;
}

/** The path of the first string (value or key) holding a NUL character, or undefined. */
export function nulPathOf(value: unknown): string | undefined {
  const problem = jsonProblemOf(value, Number.POSITIVE_INFINITY);
  return problem?.kind === 'nul' ? problem.path : undefined;
}

export const nulCharacterRefused = (field: string) => badRequest({ code: 'request.nulCharacter' }, { [field]: { code: 'request.nulForbidden' } });

export const tooDeepRefused = (field: string) => badRequest({ code: 'request.tooDeep', params: { max: String(MAX_JSON_DEPTH) } }, { [field]: { code: 'request.tooDeepField' } });

/** Throws the 400 for a problem of `value` (`field` names it when it is too deep). */
export function refuseJsonProblem(value: unknown, field: string) {
  const problem = jsonProblemOf(value);
  if (problem?.kind === 'nul') throw nulCharacterRefused(problem.path);
  if (problem?.kind === 'depth') throw tooDeepRefused(field);
}

/** Refuses a request whose path, query string or JSON body holds a NUL character or is nested too deep. */
export function refuseUnsafeInput(): RequestHandler {
  return (req, _res, next) => {
    if (req.path.includes('\u0000') || safeDecode(req.path).includes('\u0000')) throw nulCharacterRefused('path');
    refuseJsonProblem(req.query, 'query');
    refuseJsonProblem(req.body, 'body');
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
