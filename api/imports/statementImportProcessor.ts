import crypto from 'node:crypto';
import os from 'node:os';
import { refreshDirtyPairs } from '../duplicates/duplicateRefresh';
import { retriedTransaction } from '../database/transactions';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Actor } from '../../shared/actor';
import { reportValue } from '../../statements/cellValues';
import { resolveMapping, type ColumnMapping } from '../../statements/mapping/columnMapping';
import { cellsWithoutPersonalValues, clientNumberOf, judgeRows, type VerdictSetup } from '../../statements/verdicts/rowVerdicts';
import { dataRowCount, readStatementRows, type StatementRowCells } from '../../statements/readers/statementReader';
import type { RowError } from '../../statements/verdicts/statementRow';
import { writeStatementBatch, type NumberedLine } from '../../statements/writer/statementWriter';
import { lockBatchClients } from '../../statements/writer/batchLocks';
import { storedFileSource, type StoredFileSource } from '../../statements/archive/storedStatementFile';
import { inspectArchive, StatementFileError } from '../../statements/archive/workbookArchive';

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
}

/** The limits the configuration sets, the same for the API's preview and upload and for every worker. */
export function importLimitsOf(config: { importMaxRows: number; importMaxUncompressedBytes: number; importMaxSharedStringsBytes: number }): ImportLimits {
  return { maxRows: config.importMaxRows, maxUncompressedBytes: config.importMaxUncompressedBytes, maxSharedStringsBytes: config.importMaxSharedStringsBytes };
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

export type ProcessOutcome = 'completed' | 'failed' | 'released' | 'skipped' | 'superseded';

/** Thrown when shutting down between two batches: nothing is lost, the job goes back to the queue. */
export class ImportReleased extends Error {
  override name = 'ImportReleased';
}

/**
 * Thrown when another worker claimed the import since this one did (this one was paused past its
 * queue lock, and the queue handed the job over): this one stops without writing anything more.
 */
export class ImportSuperseded extends Error {
  override name = 'ImportSuperseded';
}

/** The claim this run holds on its import; every write checks it under the import's row lock. */
interface Claim {
  importId: number;
  token: string;
}

export const defaultWorkerId = () => `${os.hostname()}:${process.pid}`;

export const tooManyRows = (maxRows: number) =>
  new StatementFileError(`Le fichier dépasse la limite de ${maxRows.toLocaleString('fr-FR')} lignes par import. Découpez-le en plusieurs fichiers.`);

/** Rows since the last committed batch, as they are read (their verdicts come inside the batch's transaction). */
interface PendingBatch {
  rows: StatementRowCells[];
  lastRow: number;
}

export async function processStatementImport(importId: number, options: ProcessorOptions): Promise<ProcessOutcome> {
  const { knex, logger } = options;
  const batchRows = options.batchRows ?? 2000;
  const flushIntervalMs = options.flushIntervalMs ?? 500;

  const claim: Claim = { importId, token: crypto.randomUUID() };
  const record = await claimImport(knex, claim, options.workerId ?? defaultWorkerId());
  if (!record) return 'skipped';
  options.claimed?.(claim.token);
  const actor: Actor = { userId: record.created_by, label: record.created_by_label ?? 'Import' };

  // One batch is written while the next one is read: reading runs on this event loop, the
  // upserts mostly on the database's core. At most one write is in flight, so batches (and
  // their checkpoints) still commit in file order.
  let writing: Promise<void> = Promise.resolve();
  let source: StoredFileSource | undefined;
  try {
    source = await storedFileSource(knex, importId, record.file_size);
    const { archive, layout, setup } = await prepareImport(knex, importId, record, options.limits, source);
    const { columns } = setup;
    const checkpoint: number = record.checkpoint_row;

    let pending: PendingBatch = { rows: [], lastRow: checkpoint };
    let lastFlush = Date.now();
    const flush = async () => {
      if (!pending.rows.length) return;
      const batch = pending;
      pending = { rows: [], lastRow: batch.lastRow };
      await writing;
      // A deadlock with a concurrent writer (a merge, an edit) rolls the batch back whole: run it again.
      writing = retriedTransaction(knex, (trx) => writeBatch(trx, claim, actor, setup, batch));
      // A failure is thrown by the next `await writing`; until then it must not count as unhandled.
      writing.catch(() => undefined);
      lastFlush = Date.now();
    };

    let dataRows = 0;
    for await (const row of readStatementRows(archive.open(), layout)) {
      // Never reached when the archive's count held (same rows); a guard, not the rule.
      if (++dataRows > options.limits.maxRows) throw tooManyRows(options.limits.maxRows);
      if (row.rowNumber <= checkpoint) continue;
      pending.rows.push({ rowNumber: row.rowNumber, cells: row.cells.slice(0, columns.length) });
      pending.lastRow = row.rowNumber;
      if (pending.rows.length >= batchRows || Date.now() - lastFlush >= flushIntervalMs) {
        await flush();
        if (options.signal?.aborted) {
          await writing;
          throw new ImportReleased('Import interrompu entre deux lots (arrêt du worker) : il reprendra où il en était.');
        }
      }
    }
    await flush();
    await writing;

    await knex.transaction(async (trx) => {
      await holdClaim(trx, claim);
      await trx('statement_imports')
        .where({ id: importId })
        .update({ status: 'completed', total_rows: trx.raw('processed_rows'), finished_at: trx.fn.now(), updated_at: trx.fn.now() });
      await deleteStoredFile(trx, importId);
    });
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
      return (await failImport(knex, importId, error.message, claim.token)) ? 'failed' : 'superseded';
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
    .returning(['file_size', 'mapping', 'columns', 'sheet_id', 'header_row', 'rows_through_header', 'period', 'insurer', 'checkpoint_row', 'created_by', 'created_by_label']);
  return claimed[0] as Record<string, any> | undefined;
}

/**
 * The stored file, checked and counted before anything is written (the row limit counted as the
 * upload counted it), and the mapping and context its rows are read with.
 */
async function prepareImport(knex: Knex, importId: number, record: Record<string, any>, limits: ImportLimits, source: StoredFileSource) {
  // Checked and read from its stored chunks: the file is never whole in memory.
  const archive = await inspectArchive(source, limits);
  // Imports recorded before rows_through_header existed count from the header row.
  const layout = { sheetId: record.sheet_id as string, headerRow: record.header_row as number, rowsThroughHeader: (record.rows_through_header ?? record.header_row) as number };
  if (dataRowCount(archive.rowsPerSheet, layout) > limits.maxRows) throw tooManyRows(limits.maxRows);
  const columns: string[] = record.columns;
  const check = resolveMapping(record.mapping as ColumnMapping, columns, { period: record.period });
  if (!check.ok) throw new StatementFileError(`Correspondance de colonnes invalide : ${Object.values(check.errors).join(' ')}`);
  const setup: VerdictSetup = { mapping: check.resolved, columns, context: { period: record.period, insurer: record.insurer } };
  return { archive, layout, setup };
}

/**
 * The import's row, locked, still claimed by this run: otherwise another worker took the import
 * over (this one was paused past its queue lock), and this run must write nothing more. Returns
 * the checkpoint the latest committed batch left.
 */
async function holdClaim(trx: Knex.Transaction, claim: Claim): Promise<number> {
  const row = await trx('statement_imports').select('claim_token', 'checkpoint_row').where({ id: claim.importId }).forUpdate().first();
  if (!row || row.claim_token !== claim.token) throw new ImportSuperseded(`import ${claim.importId} was claimed by another run`);
  return row.checkpoint_row;
}

/** Nothing reads an import's file once it has ended, and it holds every client's cells (see migration 20261202_03). */
function deleteStoredFile(trx: Knex.Transaction, importId: number) {
  return trx('statement_file_chunks').where({ import_id: importId }).delete();
}

/**
 * One batch, in one transaction: the claim checked under the import's row lock (so counters
 * count each row once, whatever the number of runs), the clients the rows name locked in id
 * order (an anonymisation either happened before, and the rows see it, or waits for this batch
 * and then erases what it wrote), the rows' verdicts (judgeRows, the preview's function, against
 * the database as the earlier batches left it), the accepted lines written, the rejected rows
 * kept with their cells for the report (those naming an anonymised client without their personal
 * values), and the import's counters and checkpoint moved.
 */
async function writeBatch(trx: Knex.Transaction, claim: Claim, actor: Actor, setup: VerdictSetup, pending: PendingBatch) {
  const { importId } = claim;
  const checkpoint = await holdClaim(trx, claim);
  // Rows an earlier run of this same claim committed are not written (nor counted) twice.
  const batch = { rows: pending.rows.filter((row) => row.rowNumber > checkpoint), lastRow: pending.lastRow };
  if (!batch.rows.length) return;
  await lockBatchClients(trx, batch.rows.map((row) => clientNumberOf(row.cells, setup.mapping)));
  const judged = await judgeRows(trx, batch.rows, setup, new Set());
  const lines: NumberedLine[] = [];
  const rejected: Array<{ row: number; errors: RowError[]; cells: Array<string | number | null> }> = [];
  for (const { rowNumber, cells, verdict, namesErasedClient } of judged) {
    if (verdict.kind === 'line') lines.push({ row: rowNumber, line: verdict.line });
    else if (verdict.kind === 'rejected') {
      const values = setup.columns.map((_, index) => reportValue(cells[index]));
      rejected.push({ row: rowNumber, errors: verdict.errors, cells: namesErasedClient ? cellsWithoutPersonalValues(values, setup.mapping, setup.columns.length) : values });
    }
  }
  const outcome = await writeStatementBatch(trx, { importId, actor, lines });
  let rejectedRows = 0;
  if (rejected.length) {
    const { rows } = await trx.raw<{ rows: Array<{ inserted: number }> }>(
      `WITH inserted AS (
         INSERT INTO statement_import_rejections (import_id, row, errors, cells)
         SELECT ?::int, * FROM unnest(?::int[], ?::jsonb[], ?::jsonb[])
         ON CONFLICT (import_id, row) DO NOTHING
         RETURNING 1
       ) SELECT count(*)::int AS inserted FROM inserted`,
      [importId, rejected.map((r) => r.row), rejected.map((r) => JSON.stringify(r.errors)), rejected.map((r) => JSON.stringify(r.cells))] as Knex.RawBinding[],
    );
    rejectedRows = rows[0].inserted;
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
      rows_rejected: trx.raw('rows_rejected + ?', [rejectedRows]),
      updated_at: trx.fn.now(),
    });
}

/**
 * Ends an import that can never succeed. Everything it wrote is undone together: its
 * commissions and rejections go, its stored file too, and the import says why — "nothing
 * half-written". Clients and contracts already upserted stay (they are true facts from the file
 * and their changes are in the audit trail). With `claimToken`, only while that claim still
 * holds (a superseded run must not fail the import its successor runs); answers whether it did.
 */
export async function failImport(knex: Knex, importId: number, message: string, claimToken?: string): Promise<boolean> {
  return knex.transaction(async (trx) => {
    const row = await trx('statement_imports').select('status', 'claim_token').where({ id: importId }).forUpdate().first();
    if (!row || row.status === 'completed' || (claimToken !== undefined && row.claim_token !== claimToken)) return false;
    await trx('commissions').where({ import_id: importId }).delete();
    await trx('statement_import_rejections').where({ import_id: importId }).delete();
    await deleteStoredFile(trx, importId);
    await trx('statement_imports')
      .where({ id: importId })
      .update({ status: 'failed', error: message, commissions_created: 0, rows_rejected: 0, finished_at: knex.fn.now(), updated_at: knex.fn.now() });
    return true;
  });
}
