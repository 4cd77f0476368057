import { z } from 'zod';
import { columnName, fieldsOfRow, type Row } from '../../shared/entities/fieldNames';
import { IMPORT_STATUSES, STATEMENT_IMPORT_FIELDS, type StatementImportFields, type StatementImportRecord } from '../../shared/entities/statementImport';
import type { Actor } from '../../shared/actor';
import { idList, optionalId } from '../http/simpleRest';
import type { ColumnMapping } from '../../statements/mapping/columnMapping';
import type { StatementFormat } from '../../statements/readers/statementWorkbook';

// What the API answers for an import, and what creating one takes (see StatementImportService).

export const importFilterSchema = z
  .object({
    id: idList.optional(),
    status: z.enum(IMPORT_STATUSES).optional(),
    /** The imports that touched a client (wrote its commissions or changed it). */
    clientId: optionalId,
    q: z.string().max(200).optional(),
  })
  .strict();
export type ImportFilter = z.infer<typeof importFilterSchema>;
export const IMPORT_SORTABLE = ['id', 'createdAt', 'fileName', 'status', 'finishedAt'] as const;
/** API field → SQL column it sorts on. */
export const IMPORT_SORT_COLUMNS: Record<string, string> = { id: 'i.id', createdAt: 'i.created_at', fileName: 'i.file_name', status: 'i.status', finishedAt: 'i.finished_at' };

export const IMPORT_COLUMNS = STATEMENT_IMPORT_FIELDS.map((field) => `i.${columnName(field)}`);

/**
 * The average pace of an import: its processed rows over the time since it first started, to its
 * end or to now (waits between attempts included). Null until it started and during its first second.
 */
export function importRate(processedRows: number, startedAt: Date | null, finishedAt: Date | null, now = new Date()): number | null {
  if (!startedAt) return null;
  const seconds = ((finishedAt ?? now).getTime() - new Date(startedAt).getTime()) / 1000;
  // A running import's first second says nothing yet of its pace.
  if (!finishedAt && seconds < 1) return null;
  return Math.round(processedRows / Math.max(seconds, 0.001));
}

/** An import's row as IMPORT_COLUMNS reads it, with what some queries add. */
export type ImportRow = Row<StatementImportFields> & { changed_clients?: number; client_lines?: number; client_amount?: string };

export function toImportRecord(row: ImportRow): StatementImportRecord {
  const { sheetName, ...fields } = fieldsOfRow<StatementImportFields>(STATEMENT_IMPORT_FIELDS, row);
  return {
    ...fields,
    sheet: sheetName,
    errorDetail: row.error_detail ?? null,
    ...(row.changed_clients !== undefined ? { changedClients: row.changed_clients } : {}),
    rowsPerSecond: importRate(row.processed_rows, row.started_at, row.finished_at),
    ...(row.client_lines !== undefined ? { clientLines: row.client_lines, clientAmount: row.client_amount! } : {}),
  };
}

export interface NewStatementImport {
  fileName: string;
  content: Buffer;
  sha256: string;
  mapping: ColumnMapping;
  format: StatementFormat;
  sheet: string;
  headerRow: number;
  columns: string[];
  totalRows: number | null;
  rowsThroughHeader: number;
  period: string | null;
  insurer: string | null;
  appliedMappingId: number | null;
  /** Sent with `force`: the same file may be imported again. */
  forced: boolean;
  actor: Actor;
}
