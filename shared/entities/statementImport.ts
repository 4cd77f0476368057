import type { ColumnMapping } from '../../statements/mapping/columnMapping';
import type { StatementFormat } from '../../statements/readers/statementWorkbook';
import type { Message } from '../messages/message';
import { everyField } from './fieldNames';

export const IMPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** An import of a statement as the table `statement_imports` keeps it (its file's bytes aside). */
export interface StatementImportFields {
  id: number;
  fileName: string;
  fileSize: number;
  sha256: string;
  status: ImportStatus;
  mapping: ColumnMapping;
  /** The file's format, recognised from its content. */
  format: StatementFormat;
  /** The tab imported, by name. */
  sheetName: string | null;
  headerRow: number;
  totalRows: number | null;
  processedRows: number;
  clientsCreated: number;
  clientsUpdated: number;
  /** Clients the file named whose details were already the stored ones. */
  clientsUnchanged: number;
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
  /** `YYYY-MM`: the month every line was dated with, when no column gave a commission date. */
  period: string | null;
  /** The insurer named for the whole file. */
  insurer: string | null;
  appliedMappingId: number | null;
}

export const STATEMENT_IMPORT_FIELDS = everyField<StatementImportFields>()([
  'id',
  'fileName',
  'fileSize',
  'sha256',
  'status',
  'mapping',
  'format',
  'sheetName',
  'headerRow',
  'totalRows',
  'processedRows',
  'clientsCreated',
  'clientsUpdated',
  'clientsUnchanged',
  'contractsCreated',
  'commissionsCreated',
  'rowsRejected',
  'error',
  'errorDetail',
  'attempts',
  'createdBy',
  'createdByLabel',
  'createdAt',
  'startedAt',
  'finishedAt',
  'period',
  'insurer',
  'appliedMappingId',
]);

/** What the API answers for an import. */
export interface StatementImportRecord extends Omit<StatementImportFields, 'sheetName'> {
  /** The tab imported, by name. */
  sheet: string | null;
  /** Rows processed per second since the import first started, to its end or to now; null before it starts. */
  rowsPerSecond: number | null;
  /** On one import (GET /api/imports/:id): the clients whose details it changed, as they are now filed. */
  changedClients?: number;
  /** On a client's Imports tab (filter clientId): that client's own lines of this import. */
  clientLines?: number;
  /** Their total, exact decimal text with two decimals (`1234.50`). */
  clientAmount?: string;
}
