import crypto from 'node:crypto';
import os from 'node:os';
import { refreshDirtyPairs } from '../duplicates/duplicateRefresh';
import { retriedTransaction } from '../database/transactions';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Actor } from '../../shared/actor';
import { resolveMapping } from '../../statements/mapping/columnMapping';
import { readRow, type VerdictSetup } from '../../statements/verdicts/rowVerdicts';
import { BatchHandOff } from './batchHandOff';
import { deleteStoredFile, holdClaim, ImportSuperseded, writeBatch, failImport, type Claim, type PendingBatch } from './importBatch';
import { dataRowsOf } from '../../statements/layout/statementLayout';
import type { ReaderLimits } from '../../statements/readers/openStatement';
import { DEFAULT_MAX_WHOLE_FILE_BYTES } from '../../statements/readers/readerLimits';
import { openStatementWorkbook } from './statementReaders';
import { storedFileSource, type StoredFileSource } from '../../statements/archive/storedStatementFile';
import { StatementFileError } from '../../statements/statementFileError';
import type { Row } from '../../shared/entities/fieldNames';
import type { StatementImportFields } from '../../shared/entities/statementImport';

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
  /** Who claims the import (statement_imports.claimed_by): the worker's id, else host and pid. */
  workerId?: string;
  /** Told the claim's token once the import is claimed: the caller's own writes to the import check it. */
  claimed?: (token: string) => void;
}

export { failImport, ImportSuperseded } from './importBatch';

export type ProcessOutcome = 'completed' | 'failed' | 'released' | 'skipped' | 'superseded';

/** Thrown when shutting down between two batches: nothing is lost, the job goes back to the queue. */
export class ImportReleased extends Error {
  override name = 'ImportReleased';
}

export const defaultWorkerId = () => `${os.hostname()}:${process.pid}`;

export const tooManyRows = (maxRows: number) => new StatementFileError('file.tooManyRows', { max: maxRows });

export async function processStatementImport(importId: number, options: ProcessorOptions): Promise<ProcessOutcome> {
  const { knex, logger } = options;
  const batchRows = options.batchRows ?? 2000;
  const flushIntervalMs = options.flushIntervalMs ?? 500;

  const claim: Claim = { importId, token: crypto.randomUUID() };
  const record = await claimImport(knex, claim, options.workerId ?? defaultWorkerId());
  if (!record) return 'skipped';
  options.claimed?.(claim.token);
  const actor: Actor = { userId: record.created_by, label: record.created_by_label ?? 'Import' };

  // One batch is written while the next one is read and judged (see BatchHandOff): reading runs
  // on this event loop, the writes mostly on the database's core.
  let handOff: BatchHandOff | undefined;
  let source: StoredFileSource | undefined;
  try {
    source = await storedFileSource(knex, importId, record.file_size);
    const { workbook, layout, setup } = await prepareImport(record, options.limits, source);
    const { columns } = setup;
    const checkpoint: number = record.checkpoint_row;
    // A deadlock with a concurrent writer (a merge, an edit) rolls the batch back whole: run it again.
    const writes = new BatchHandOff((batch) => retriedTransaction(knex, (trx) => writeBatch(trx, claim, actor, setup, batch)));
    handOff = writes;

    let pending: PendingBatch = { rows: [], lastRow: checkpoint };
    let lastFlush = Date.now();
    const flush = async () => {
      if (!pending.rows.length) return;
      const batch = pending;
      pending = { rows: [], lastRow: batch.lastRow };
      await writes.hand(batch);
      lastFlush = Date.now();
    };

    let dataRows = 0;
    for await (const row of dataRowsOf(workbook, layout)) {
      // Never reached when the archive's count held (same rows); a guard, not the rule.
      if (++dataRows > options.limits.maxRows) throw tooManyRows(options.limits.maxRows);
      if (row.rowNumber <= checkpoint) continue;
      pending.rows.push(readRow({ rowNumber: row.rowNumber, cells: row.cells.slice(0, columns.length) }, setup));
      pending.lastRow = row.rowNumber;
      if (pending.rows.length >= batchRows || Date.now() - lastFlush >= flushIntervalMs) {
        await flush();
        if (options.signal?.aborted) {
          await writes.drain();
          throw new ImportReleased('released between two batches (worker stopping): it resumes where it was');
        }
      }
    }
    await flush();
    await writes.drain();

    await knex.transaction(async (trx) => {
      await holdClaim(trx, claim);
      await trx('statement_imports')
        .where({ id: importId })
        .update({ status: 'completed', total_rows: trx.raw('processed_rows'), finished_at: trx.fn.now(), updated_at: trx.fn.now() });
      await deleteStoredFile(trx, importId);
    });
    logger.info({ importId }, 'statement import completed');
    // The duplicate pairs of the clients the import created or changed, so that its
    // summary and "Doublons potentiels" are current; a failure here never fails the import.
    await refreshDirtyPairs(knex).catch((error: unknown) => logger.warn({ importId, err: error }, 'duplicate pairs not refreshed after the import'));
    return 'completed';
  } catch (thrown) {
    // Never end or release the import while a batch is still being committed.
    await handOff?.settled();
    // A chunk that could not be read ends the file early: what the reader made of the truncated
    // file is replaced by the real cause (the database: retried; a missing chunk: failed).
    const error = source?.failure ?? thrown;
    if (error instanceof ImportSuperseded) {
      logger.warn({ importId }, 'another worker claimed this import meanwhile: this one stops, writing nothing more');
      return 'superseded';
    }
    if (error instanceof ImportReleased) {
      await knex('statement_imports').where({ id: importId, status: 'running', claim_token: claim.token }).update({ status: 'queued', updated_at: knex.fn.now() });
      throw error;
    }
    // The reader already turned what it met in the file into StatementFileErrors; anything else
    // (the database, the network) is worth a retry.
    if (error instanceof StatementFileError) {
      return (await failImport(knex, importId, error.detail, claim.token)) ? 'failed' : 'superseded';
    }
    throw error;
  }
}

/**
 * Claims the import: only a queued or running (interrupted) one is worked on. A new claim token
 * supersedes any earlier run still going (see holdClaim).
 */
async function claimImport(knex: Knex, claim: Claim, workerId: string) {
  const claimed = await knex('statement_imports')
    .whereIn('status', ['queued', 'running'])
    .andWhere({ id: claim.importId })
    .update({
      status: 'running',
      started_at: knex.raw('coalesce(started_at, now())'),
      attempts: knex.raw('attempts + 1'),
      error: null,
      claim_token: claim.token,
      claimed_by: workerId,
      updated_at: knex.fn.now(),
    })
    .returning(['file_size', 'mapping', 'columns', 'sheet_name', 'header_row', 'rows_through_header', 'period', 'insurer', 'checkpoint_row', 'created_by', 'created_by_label']);
  return claimed[0] as ClaimedImport | undefined;
}

/** What a worker reads of the import it claimed. */
type ClaimedImport = Pick<Row<StatementImportFields>, 'file_size' | 'mapping' | 'sheet_name' | 'header_row' | 'period' | 'insurer' | 'created_by' | 'created_by_label'> & {
  /** The header's texts as the upload read them, which the mapping names. */
  columns: string[];
  rows_through_header: number | null;
  checkpoint_row: number;
};

/**
 * The stored file, checked and counted before anything is written (the row limit counted as the
 * upload counted it), and the mapping and context its rows are read with.
 */
async function prepareImport(record: ClaimedImport, limits: ImportLimits, source: StoredFileSource) {
  // Checked and read from its stored chunks: the file is never whole in memory (but for the formats read whole).
  const workbook = await openStatementWorkbook(source, readerLimitsOf(limits));
  const layout = { sheet: record.sheet_name ?? '', headerRow: record.header_row };
  const sheet = workbook.sheets.find((candidate) => candidate.name === layout.sheet);
  if (!sheet) throw new StatementFileError('file.unknownSheet', { sheet: layout.sheet, sheets: workbook.sheets.map((s) => `« ${s.name} »`).join(', ') });
  if (sheet.rows - (record.rows_through_header ?? record.header_row) > limits.maxRows) throw tooManyRows(limits.maxRows);
  const columns: string[] = record.columns;
  const check = resolveMapping(record.mapping, columns, { period: record.period });
  if (!check.ok) throw new StatementFileError('file.invalidMapping', { detail: Object.values(check.errors).join(' ') });
  const setup: VerdictSetup = { mapping: check.resolved, columns, context: { period: record.period, insurer: record.insurer, date1904: workbook.date1904 } };
  return { workbook, layout, setup };
}
