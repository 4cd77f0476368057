import { z } from 'zod';
import { badRequest } from '../http/httpError';
import { POSTGRES_INT_MAX, optionalId } from '../http/simpleRest';
import { codedIssue } from '../../shared/messages/zodIssues';

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
          .number({ error: codedIssue('duplicates.minScoreInvalid') })
          .int(codedIssue('duplicates.minScoreInvalid'))
          .min(0, codedIssue('duplicates.minScoreInvalid'))
          .max(100, codedIssue('duplicates.minScoreInvalid')),
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
  const invalid = () => badRequest({ code: 'duplicates.groupIdInvalid' }, { id: { code: 'duplicates.groupIdInvalidField' } });
  if (typeof raw !== 'string' || !/^\d{1,10}(-\d{1,10}){1,49}$/.test(raw)) throw invalid();
  const ids = raw.split('-').map(Number);
  if (ids.some((id, i) => id < 1 || id > POSTGRES_INT_MAX || (i > 0 && id <= ids[i - 1]))) throw invalid();
  return ids;
}

export const groupIdOf = (clientIds: number[]) => [...clientIds].sort((a, b) => a - b).join('-');
