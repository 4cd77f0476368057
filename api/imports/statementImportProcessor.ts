import { refreshDirtyPairs } from '../duplicates/duplicateRefresh';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Actor } from '../../shared/actor';
import { reportValue } from '../../statements/cellValues';
import { resolveMapping, type ColumnMapping } from '../../statements/mapping/columnMapping';
import { judgeRows, type VerdictSetup } from '../../statements/verdicts/rowVerdicts';
import { dataRowsOf } from '../../statements/layout/statementLayout';
import { DEFAULT_MAX_WHOLE_FILE_BYTES, openStatementWorkbook, type ReaderLimits } from '../../statements/readers/openStatement';
import type { StatementRowCells } from '../../statements/readers/statementWorkbook';
import type { RowError } from '../../statements/verdicts/statementRow';
import { writeStatementBatch, type NumberedLine } from '../../statements/writer/statementWriter';
import { storedFileSource, type StoredFileSource } from '../../statements/archive/storedStatementFile';
import { StatementFileError } from '../../statements/statementFileError';
import { renderMessage, type Message } from '../../shared/messages/message';

/**
 * The work behind one import job, callable without any queue (tests call it directly).
 * The file is read as a stream and written in batches; each batch commits together with
 * the import's counters and its checkpoint (the last Excel row done), so a retried or
 * released job resumes after the checkpoint and never writes a row twice.
 */

export interface ImportLimits {
  maxRows: number;
  maxUncompressedBytes: number;
  /** Budget of the shared strings part (default DEFAULT_MAX_SHARED_STRINGS_BYTES). */
  maxSharedStringsBytes?: number;
  /** Largest file of a format read whole (default DEFAULT_MAX_WHOLE_FILE_BYTES). */
  maxWholeFileBytes?: number;
  /** Largest file accepted (said in the refusal of a too large whole-read file). */
  maxFileBytes?: number;
}

/** The limits the configuration sets, the same for the API's preview and upload and for every worker. */
export function importLimitsOf(config: {
  importMaxRows: number;
  importMaxUncompressedBytes: number;
  importMaxSharedStringsBytes: number;
  importMaxWholeFileBytes?: number;
  importMaxFileBytes?: number;
}): ImportLimits {
  return {
    maxRows: config.importMaxRows,
    maxUncompressedBytes: config.importMaxUncompressedBytes,
    maxSharedStringsBytes: config.importMaxSharedStringsBytes,
    maxWholeFileBytes: config.importMaxWholeFileBytes,
    maxFileBytes: config.importMaxFileBytes,
  };
}

/** The readers' limits from the import's. */
export function readerLimitsOf(limits: ImportLimits): ReaderLimits {
  return { ...limits, maxWholeFileBytes: limits.maxWholeFileBytes ?? DEFAULT_MAX_WHOLE_FILE_BYTES };
}

export interface ProcessorOptions {
  knex: Knex;
  logger: Logger;
  limits: ImportLimits;
  /** Rows per batch: big enough for set-based speed, small enough to commit often. */
  batchRows?: number;
  /** A batch is also committed after this long, so progress moves at least every second. */
  flushIntervalMs?: number;
  /** Checked between batches: when aborted, the current batch is committed and the job released. */
  signal?: AbortSignal;
}

export type ProcessOutcome = 'completed' | 'failed' | 'released' | 'skipped';

/** Thrown when shutting down between two batches: nothing is lost, the job goes back to the queue. */
export class ImportReleased extends Error {
  override name = 'ImportReleased';
}

export const tooManyRows = (maxRows: number) => new StatementFileError('file.tooManyRows', { max: maxRows });

/** Rows since the last committed batch, as they are read (their verdicts come inside the batch's transaction). */
interface PendingBatch {
  rows: StatementRowCells[];
  lastRow: number;
}

export async function processStatementImport(importId: number, options: ProcessorOptions): Promise<ProcessOutcome> {
  const { knex, logger } = options;
  const batchRows = options.batchRows ?? 2000;
  const flushIntervalMs = options.flushIntervalMs ?? 500;

  const record = await claimImport(knex, importId);
  if (!record) return 'skipped';
  const actor: Actor = { userId: record.created_by, label: record.created_by_label ?? 'Import' };

  // One batch is written while the next one is read: reading runs on this event loop, the
  // upserts mostly on the database's core. At most one write is in flight, so batches (and
  // their checkpoints) still commit in file order.
  let writing: Promise<void> = Promise.resolve();
  let source: StoredFileSource | undefined;
  try {
    source = await storedFileSource(knex, importId, record.file_size);
    const { workbook, layout, setup } = await prepareImport(record, options.limits, source);
    const { columns } = setup;
    const checkpoint: number = record.checkpoint_row;

    let pending: PendingBatch = { rows: [], lastRow: checkpoint };
    let lastFlush = Date.now();
    const flush = async () => {
      if (!pending.rows.length) return;
      const batch = pending;
      pending = { rows: [], lastRow: batch.lastRow };
      await writing;
      writing = knex.transaction((trx) => writeBatch(trx, importId, actor, setup, batch));
      // A failure is thrown by the next `await writing`; until then it must not count as unhandled.
      writing.catch(() => undefined);
      lastFlush = Date.now();
    };

    let dataRows = 0;
    for await (const row of dataRowsOf(workbook, layout)) {
      // Never reached when the archive's count held (same rows); a guard, not the rule.
      if (++dataRows > options.limits.maxRows) throw tooManyRows(options.limits.maxRows);
      if (row.rowNumber <= checkpoint) continue;
      pending.rows.push({ rowNumber: row.rowNumber, cells: row.cells.slice(0, columns.length) });
      pending.lastRow = row.rowNumber;
      if (pending.rows.length >= batchRows || Date.now() - lastFlush >= flushIntervalMs) {
        await flush();
        if (options.signal?.aborted) {
          await writing;
          throw new ImportReleased('released between two batches (worker stopping): it resumes where it was');
        }
      }
    }
    await flush();
    await writing;

    await knex('statement_imports')
      .where({ id: importId })
      .update({ status: 'completed', total_rows: knex.raw('processed_rows'), finished_at: knex.fn.now(), updated_at: knex.fn.now() });
    logger.info({ importId }, 'statement import completed');
    // The duplicate pairs of the clients the import created or changed (issue 12), so that its
    // summary and "Doublons potentiels" are current; a failure here never fails the import.
    await refreshDirtyPairs(knex).catch((error: unknown) => logger.warn({ importId, err: error }, 'duplicate pairs not refreshed after the import'));
    return 'completed';
  } catch (thrown) {
    // Never end or release the import while a batch is still being committed.
    await writing.catch(() => undefined);
    // A chunk that could not be read ends the file early: what the reader made of the truncated
    // file is replaced by the real cause (the database: retried; a missing chunk: failed).
    const error = source?.failure ?? thrown;
    if (error instanceof ImportReleased) {
      await knex('statement_imports').where({ id: importId, status: 'running' }).update({ status: 'queued', updated_at: knex.fn.now() });
      throw error;
    }
    // The reader already turned what it met in the file into StatementFileErrors; anything else
    // (the database, the network) is worth a retry.
    if (error instanceof StatementFileError) {
      await failImport(knex, importId, error.detail);
      return 'failed';
    }
    throw error;
  }
}

/** Claims the import: only a queued or running (interrupted) one is worked on. */
async function claimImport(knex: Knex, importId: number) {
  const claimed = await knex('statement_imports')
    .whereIn('status', ['queued', 'running'])
    .andWhere({ id: importId })
    .update({ status: 'running', started_at: knex.raw('coalesce(started_at, now())'), attempts: knex.raw('attempts + 1'), error: null, updated_at: knex.fn.now() })
    .returning(['file_size', 'mapping', 'columns', 'sheet_name', 'header_row', 'rows_through_header', 'period', 'insurer', 'checkpoint_row', 'created_by', 'created_by_label']);
  return claimed[0] as Record<string, any> | undefined;
}

/**
 * The stored file, checked and counted before anything is written (the row limit counted as the
 * upload counted it), and the mapping and context its rows are read with.
 */
async function prepareImport(record: Record<string, any>, limits: ImportLimits, source: StoredFileSource) {
  // Checked and read from its stored chunks: the file is never whole in memory (but for the formats read whole).
  const workbook = await openStatementWorkbook(source, readerLimitsOf(limits));
  const layout = { sheet: record.sheet_name as string, headerRow: record.header_row as number };
  const sheet = workbook.sheets.find((candidate) => candidate.name === layout.sheet);
  if (!sheet) throw new StatementFileError('file.unknownSheet', { sheet: layout.sheet, sheets: workbook.sheets.map((s) => `« ${s.name} »`).join(', ') });
  if (sheet.rows - ((record.rows_through_header ?? record.header_row) as number) > limits.maxRows) throw tooManyRows(limits.maxRows);
  const columns: string[] = record.columns;
  const check = resolveMapping(record.mapping as ColumnMapping, columns, { period: record.period });
  if (!check.ok) throw new StatementFileError('file.invalidMapping', { detail: Object.values(check.errors).join(' ') });
  const setup: VerdictSetup = { mapping: check.resolved, columns, context: { period: record.period, insurer: record.insurer, date1904: workbook.date1904 } };
  return { workbook, layout, setup };
}

/**
 * One batch, in one transaction: the rows' verdicts (judgeRows, the preview's function, against
 * the database as the earlier batches left it), the accepted lines written, the rejected rows
 * kept with their cells for the report, and the import's counters and checkpoint moved.
 */
async function writeBatch(trx: Knex.Transaction, importId: number, actor: Actor, setup: VerdictSetup, batch: PendingBatch) {
  const judged = await judgeRows(trx, batch.rows, setup, new Set());
  const lines: NumberedLine[] = [];
  const rejected: Array<{ row: number; errors: RowError[]; cells: Array<string | number | null> }> = [];
  for (const { rowNumber, cells, verdict } of judged) {
    if (verdict.kind === 'line') lines.push({ row: rowNumber, line: verdict.line });
    else if (verdict.kind === 'rejected') rejected.push({ row: rowNumber, errors: verdict.errors, cells: setup.columns.map((_, index) => reportValue(cells[index])) });
  }
  const outcome = await writeStatementBatch(trx, { importId, actor, lines });
  if (rejected.length) {
    await trx.raw(
      `INSERT INTO statement_import_rejections (import_id, row, errors, cells)
       SELECT ?::int, * FROM unnest(?::int[], ?::jsonb[], ?::jsonb[])
       ON CONFLICT (import_id, row) DO NOTHING`,
      [importId, rejected.map((r) => r.row), rejected.map((r) => JSON.stringify(r.errors)), rejected.map((r) => JSON.stringify(r.cells))],
    );
  }
  await trx('statement_imports')
    .where({ id: importId })
    .update({
      processed_rows: trx.raw('processed_rows + ?', [batch.rows.length]),
      checkpoint_row: batch.lastRow,
      clients_created: trx.raw('clients_created + ?', [outcome.clientsCreated]),
      clients_updated: trx.raw('clients_updated + ?', [outcome.clientsUpdated]),
      clients_unchanged: trx.raw('clients_unchanged + ?', [outcome.clientsUnchanged]),
      contracts_created: trx.raw('contracts_created + ?', [outcome.contractsCreated]),
      commissions_created: trx.raw('commissions_created + ?', [outcome.commissionsCreated]),
      rows_rejected: trx.raw('rows_rejected + ?', [rejected.length]),
      updated_at: trx.fn.now(),
    });
}

/**
 * Ends an import that can never succeed. Everything it wrote is undone together: its
 * commissions and rejections go, and the import says why — "nothing half-written".
 * Clients and contracts already upserted stay (they are true facts from the file and
 * their changes are in the audit trail).
 */
/** An import's `error` columns: the French sentence, and its code and values for other languages. */
export const importError = (reason: Message) => ({ error: renderMessage(reason, 'fr'), error_detail: JSON.stringify(reason) });

export async function failImport(knex: Knex, importId: number, reason: Message) {
  await knex.transaction(async (trx) => {
    await trx('commissions').where({ import_id: importId }).delete();
    await trx('statement_import_rejections').where({ import_id: importId }).delete();
    await trx('statement_imports')
      .where({ id: importId })
      .whereNot('status', 'completed')
      .update({ status: 'failed', ...importError(reason), commissions_created: 0, rows_rejected: 0, finished_at: knex.fn.now(), updated_at: knex.fn.now() });
  });
}
