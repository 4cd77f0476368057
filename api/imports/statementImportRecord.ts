import { z } from 'zod';
import type { Actor } from '../../shared/actor';
import { idList, optionalId } from '../http/simpleRest';
import type { ColumnMapping } from '../../statements/mapping/columnMapping';
import type { Message } from '../../shared/messages/message';
import type { StatementFormat } from '../../statements/readers/statementWorkbook';

// What the API answers for an import, and what creating one takes (see StatementImportService).

export type ImportStatus = 'queued' | 'running' | 'completed' | 'failed';

export const importFilterSchema = z
  .object({
    id: idList.optional(),
    status: z.enum(['queued', 'running', 'completed', 'failed']).optional(),
    /** The imports that touched a client (wrote its commissions or changed it). */
    clientId: optionalId,
    q: z.string().max(200).optional(),
  })
  .strict();
export type ImportFilter = z.infer<typeof importFilterSchema>;
export const IMPORT_SORTABLE = ['id', 'createdAt', 'fileName', 'status', 'finishedAt'] as const;
/** API field → SQL column it sorts on. */
export const IMPORT_SORT_COLUMNS: Record<string, string> = { id: 'i.id', createdAt: 'i.created_at', fileName: 'i.file_name', status: 'i.status', finishedAt: 'i.finished_at' };

export const IMPORT_COLUMNS = [
  'i.id',
  'i.file_name',
  'i.file_size',
  'i.sha256',
  'i.status',
  'i.mapping',
  'i.format',
  'i.sheet_name',
  'i.header_row',
  'i.total_rows',
  'i.processed_rows',
  'i.clients_created',
  'i.clients_updated',
  'i.clients_unchanged',
  'i.contracts_created',
  'i.commissions_created',
  'i.rows_rejected',
  'i.error',
  'i.error_detail',
  'i.attempts',
  'i.created_by',
  'i.created_by_label',
  'i.created_at',
  'i.started_at',
  'i.finished_at',
  'i.period',
  'i.insurer',
  'i.applied_mapping_id',
];

export interface StatementImportRecord {
  id: number;
  fileName: string;
  fileSize: number;
  sha256: string;
  status: ImportStatus;
  mapping: ColumnMapping;
  /** The file's format, recognised from its content. */
  format: StatementFormat;
  /** The tab imported, by name. */
  sheet: string | null;
  headerRow: number;
  totalRows: number | null;
  processedRows: number;
  clientsCreated: number;
  clientsUpdated: number;
  /** Clients the file named whose details were already the stored ones. */
  clientsUnchanged: number;
  /** On one import (GET /api/imports/:id): the clients whose details it changed, as they are now filed. */
  changedClients?: number;
  contractsCreated: number;
  commissionsCreated: number;
  rowsRejected: number;
  error: string | null;
  /** The error's message code and values, to render it in another language. */
  errorDetail: Message | null;
  attempts: number;
  createdBy: number | null;
  createdByLabel: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** Rows processed per second since the import first started, to its end or to now; null before it starts. */
  rowsPerSecond: number | null;
  /** `YYYY-MM`: the month every line was dated with, when no column gave a commission date. */
  period: string | null;
  /** The insurer named for the whole file. */
  insurer: string | null;
  appliedMappingId: number | null;
  /** On a client's Imports tab (filter clientId): that client's own lines of this import. */
  clientLines?: number;
  clientAmount?: number;
}

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

export function toImportRecord(row: Record<string, any>): StatementImportRecord {
  return {
    id: row.id,
    fileName: row.file_name,
    fileSize: row.file_size,
    sha256: row.sha256,
    status: row.status,
    mapping: row.mapping,
    format: row.format,
    sheet: row.sheet_name,
    headerRow: row.header_row,
    totalRows: row.total_rows,
    processedRows: row.processed_rows,
    clientsCreated: row.clients_created,
    clientsUpdated: row.clients_updated,
    clientsUnchanged: row.clients_unchanged,
    ...(row.changed_clients !== undefined ? { changedClients: row.changed_clients } : {}),
    contractsCreated: row.contracts_created,
    commissionsCreated: row.commissions_created,
    rowsRejected: row.rows_rejected,
    error: row.error,
    errorDetail: row.error_detail ?? null,
    attempts: row.attempts,
    createdBy: row.created_by,
    createdByLabel: row.created_by_label,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    rowsPerSecond: importRate(row.processed_rows, row.started_at, row.finished_at),
    period: row.period,
    insurer: row.insurer,
    appliedMappingId: row.applied_mapping_id,
    ...(row.client_lines !== undefined ? { clientLines: row.client_lines, clientAmount: Number(row.client_amount) } : {}),
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
