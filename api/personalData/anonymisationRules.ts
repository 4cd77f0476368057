import type { FieldChanges } from '../audit/auditTrail';
import { ERASED, type Needles } from './personalTraces';
import { CLIENT_PERSONAL_FIELDS, type ClientPersonalField } from '../../shared/entities/client';
import { columnName, type SnakeCase } from '../../shared/entities/fieldNames';

/**
 * The rules of an erasure (RGPD article 17), apart from the SQL that applies them
 * (anonymisation.ts): which fields are blanked, which keys are deleted (sealing the trail), which
 * clients are left alone and what the trail says.
 */

/** The neutral label an anonymised client is shown with (its number stays in client_number). */
export const anonymisedName = (id: number) => `Client anonymisé n° ${id}`;

/** The personal fields, with their columns: the last name becomes the neutral label, the others null. */
export const PERSONAL_COLUMNS = Object.fromEntries(CLIENT_PERSONAL_FIELDS.map((field) => [field, columnName(field)])) as { [Field in ClientPersonalField]: SnakeCase<Field> };

/** The columns an erasure sets to null (the last name takes the neutral label instead). */
export function blankedColumns(): string[] {
  return Object.entries(PERSONAL_COLUMNS)
    .filter(([field]) => field !== 'lastName')
    .map(([, column]) => column);
}

/** Imports whose stored statement files an erasure deletes: over, nothing reads them again. */
export const FINISHED_IMPORT_STATUSES = ['completed', 'failed'] as const;

/** The clients asked for, each once, in id order (the order their rows are locked in). */
export function anonymisationTargets(ids: number[]): number[] {
  return [...new Set(ids)].sort((a, b) => a - b);
}

/** The clients asked for that no row was found for. */
export function missingTargets(targets: number[], found: Array<{ id: number }>): number[] {
  return targets.filter((id) => !found.some((row) => row.id === id));
}

/** Already anonymised clients are left as they are: a retry writes nothing. */
export function pendingErasure(rows: Array<{ id: number; anonymised_at: Date | string | null }>): number[] {
  return rows.filter((row) => !row.anonymised_at).map((row) => row.id);
}

/** The ids in chunks of at most `size`, in order. */
export function erasureChunks(ids: number[], size: number): number[][] {
  const chunks: number[][] = [];
  for (let i = 0; i < ids.length; i += size) chunks.push(ids.slice(i, i + size));
  return chunks;
}

/** Whose keys are deleted: the clients erased and every client they absorbed, whose history is theirs. */
export function sealedClients(ids: number[], absorbedIds: number[]): number[] {
  return [...ids, ...absorbedIds];
}

/** Adds what one chunk's sweep must look for to the whole selection's needles. */
export function addNeedles(into: Needles, from: Needles): void {
  for (const kind of ['strong', 'weak', 'phones'] as const) for (const value of from[kind]) into[kind].add(value);
}

/** The 'anonymise' entry's changes: each personal field that held a value, now erased, and what it became. */
export function erasureChanges(row: { id: number } & Record<string, unknown>): FieldChanges {
  const changes: FieldChanges = {};
  for (const [field, column] of Object.entries(PERSONAL_COLUMNS)) {
    const after = field === 'lastName' ? anonymisedName(row.id) : null;
    if (row[column] !== null) changes[field] = { before: ERASED, after };
  }
  return changes;
}
