import { numberKey } from '../../shared/contactDetails';
import { CLIENT_DETAILS, type ClientDetail } from '../../shared/entities/client';
import { columnName, type SnakeCase } from '../../shared/entities/fieldNames';

/**
 * The rules of a merge of duplicate clients, apart from the SQL that applies them
 * (api/clients/clientMerge.ts): which clients take part, what refuses the merge, which values the
 * kept client ends with and which numbers stay findable as its aliases.
 */

/** The client fields a merge may choose, with their columns. */
export type MergeField = ClientDetail;
export const MERGE_FIELD_COLUMNS = Object.fromEntries(CLIENT_DETAILS.map((field) => [field, columnName(field)])) as { [Field in MergeField]: SnakeCase<Field> };

/** Of an import's outcomes for the clients merged, the one that tells most: created beats updated beats unchanged. */
export const IMPORT_OUTCOME_RANK = `CASE outcome WHEN 'created' THEN 3 WHEN 'updated' THEN 2 ELSE 1 END`;

/** Every client of the merge, the kept one among them, in id order (the order rows are locked in). */
export function mergeGroup(keptId: number, sourceIds: number[]): number[] {
  return [keptId, ...sourceIds].sort((a, b) => a - b);
}

/** A client cannot be merged into itself. */
export function keptAmongSources(keptId: number, sourceIds: number[]): boolean {
  return sourceIds.includes(keptId);
}

/** The ids of the versions sent that name no client of the merge. */
export function versionsOutsideGroup(versions: Record<string, number> | undefined, group: number[]): string[] {
  return Object.keys(versions ?? {}).filter((id) => !group.includes(Number(id)));
}

/** The absorbed clients that no longer exist. */
export function missingSources(sourceIds: number[], existingIds: number[]): number[] {
  return sourceIds.filter((id) => !existingIds.includes(id));
}

/**
 * Erased means erased: what the absorbed clients bring (names, contacts, their history, their
 * commission snapshots) would make an anonymised kept client identifiable again.
 */
export function mergeRefusedByErasure(kept: { anonymised_at?: Date | string | null }): boolean {
  return !!kept.anonymised_at;
}

/** The first client whose version differs from the one the merge page read (none sent: never stale). */
export function staleMember<Row extends Record<string, unknown>>(rows: Row[], versions: Record<string, number>): Row | undefined {
  return rows.find((row) => {
    const read = versions[String(row.id)];
    return read !== undefined && read !== row.version;
  });
}

/** The columns the kept client takes from the chosen values: only the fields sent, nulls included. */
export function mergePatch(values: Partial<Record<MergeField, unknown>>): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(MERGE_FIELD_COLUMNS)) {
    const value = values[field as MergeField];
    if (value !== undefined) patch[column] = value;
  }
  return patch;
}

export type MergedNumbers = { numberRequired: true } | { numberRequired: false; finalNumber: string | null; aliases: string[] };

/**
 * The kept client's number after the merge (the chosen one, else its own) and the aliases: every
 * other number the group held stays findable. A group that had numbers must keep one.
 */
export function mergedNumbers(chosen: string | null | undefined, keptNumber: string | null, sourceNumbers: Array<string | null>): MergedNumbers {
  const finalNumber = chosen !== undefined ? chosen : keptNumber;
  const numbers = [keptNumber, ...sourceNumbers].filter((n): n is string => !!n);
  if (!finalNumber && numbers.length) return { numberRequired: true };
  const finalKey = finalNumber ? numberKey(finalNumber) : undefined;
  return { numberRequired: false, finalNumber, aliases: numbers.filter((n) => numberKey(n) !== finalKey) };
}
