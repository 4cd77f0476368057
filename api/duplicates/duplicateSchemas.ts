import { z } from 'zod';
import { badRequest } from '../http/httpError';
import { POSTGRES_INT_MAX, optionalId } from '../http/simpleRest';

export const duplicateFilterSchema = z
  .object({
    advisorId: optionalId,
    /** Pairs of a client this import created with a client it did not create (the import summary's link). */
    importId: optionalId,
    // A number, or a string of decimal digits ("0x10" or "1e1" are not scores).
    minScore: z
      .preprocess(
        (v) => (typeof v === 'string' ? (/^[0-9]+$/.test(v) ? Number(v) : Number.NaN) : v),
        z
          .number({ error: 'Score minimal invalide (0 à 100).' })
          .int('Score minimal invalide (0 à 100).')
          .min(0, 'Score minimal invalide (0 à 100).')
          .max(100, 'Score minimal invalide (0 à 100).'),
      )
      .optional(),
  })
  .strict();
export type DuplicateFilter = z.infer<typeof duplicateFilterSchema>;
export const DUPLICATE_SORTABLE = ['score', 'id'] as const;

/** Most clients one group may name (a merge absorbs at most this many minus one). */
export const MAX_GROUP_SIZE = 50;

/**
 * A group's id is its client ids, ascending, joined by "-" ("12-345"): stable while the group
 * is, and enough on its own to dismiss or merge exactly what the user saw.
 */
export function parseGroupId(raw: unknown): number[] {
  const invalid = () => badRequest('Identifiant de groupe invalide (attendu : identifiants de clients croissants séparés par « - »).', { id: 'Identifiant de groupe invalide' });
  if (typeof raw !== 'string' || !/^\d{1,10}(-\d{1,10}){1,49}$/.test(raw)) throw invalid();
  const ids = raw.split('-').map(Number);
  if (ids.some((id, i) => id < 1 || id > POSTGRES_INT_MAX || (i > 0 && id <= ids[i - 1]))) throw invalid();
  return ids;
}

export const groupIdOf = (clientIds: number[]) => [...clientIds].sort((a, b) => a - b).join('-');
