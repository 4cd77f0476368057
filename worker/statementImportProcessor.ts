import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Actor } from '../api/audit/auditTrail';
import { reportValue } from './cellValues';
import { resolveMapping, type ColumnMapping } from './columnMapping';
import { readStatementRows } from './statementReader';
import { readStatementRow, type RowError } from './statementRow';
import { writeStatementBatch, type NumberedLine } from './statementWriter';
import { inspectWorkbookArchive, StatementFileError } from './workbookArchive';

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
}

export type ProcessOutcome = 'completed' | 'failed' | 'released' | 'skipped';

/** Thrown when shutting down between two batches: nothing is lost, the job goes back to the queue. */
export class ImportReleased extends Error {
  override name = 'ImportReleased';
}

export const tooManyRows = (maxRows: number) =>
  new StatementFileError(`Le fichier dépasse la limite de ${maxRows.toLocaleString('fr-FR')} lignes par import. Découpez-le en plusieurs fichiers.`);

export async function processStatementImport(importId: number, options: ProcessorOptions): Promise<ProcessOutcome> {
  const { knex, logger } = options;
  const batchRows = options.batchRows ?? 2000;
  const flushIntervalMs = options.flushIntervalMs ?? 500;

  // Claim: only a queued or running (interrupted) import is worked on.
  const claimed = await knex('statement_imports')
    .whereIn('status', ['queued', 'running'])
    .andWhere({ id: importId })
    .update({ status: 'running', started_at: knex.raw('coalesce(started_at, now())'), attempts: knex.raw('attempts + 1'), error: null, updated_at: knex.fn.now() })
    .returning(['mapping', 'columns', 'sheet_id', 'header_row', 'checkpoint_row', 'created_by', 'created_by_label']);
  if (!claimed.length) return 'skipped';
  const record = claimed[0];
  const actor: Actor = { userId: record.created_by, label: record.created_by_label ?? 'Import' };

  // One batch is written while the next one is parsed: parsing runs on this event loop,
  // the upserts mostly on the database's core. At most one write is in flight, so batches
  // (and their checkpoints) still commit in file order.
  let writing: Promise<void> = Promise.resolve();
  try {
    // The file as stored is dropped once its reordered copy exists: one copy in memory, not two.
    let stored: Buffer | undefined = await readStoredFile(knex, importId);
    const archive = await inspectWorkbookArchive(stored, options.limits);
    stored = undefined;
    // The row count comes from inflating the archive, before anything is written.
    const rowsInSheet = archive.rowsPerSheet.get(record.sheet_id) ?? 0;
    if (rowsInSheet - record.header_row > options.limits.maxRows) throw tooManyRows(options.limits.maxRows);
    const columns: string[] = record.columns;
    const check = resolveMapping(record.mapping as ColumnMapping, columns);
    if (!check.ok) throw new StatementFileError(`Correspondance de colonnes invalide : ${Object.values(check.errors).join(' ')}`);
    const mapping = check.resolved;
    const checkpoint: number = record.checkpoint_row;
    const lastAllowedRow = record.header_row + options.limits.maxRows;

    let lines: NumberedLine[] = [];
    let rejected: Array<{ row: number; errors: RowError[]; cells: Array<string | number | null> }> = [];
    let seen = 0; // rows read since the last flush, whatever their kind
    let lastRow = checkpoint;
    let lastFlush = Date.now();
    // Cells of the rows only the database may reject (a new client without a name), for the report.
    let cellsByRow = new Map<number, Array<string | number | null>>();

    const flush = async () => {
      if (!seen) return;
      const batch = { lines, rejected, seen, lastRow, cellsByRow };
      lines = [];
      rejected = [];
      cellsByRow = new Map();
      seen = 0;
      await writing;
      writing = writeBatch(batch);
      // A failure is thrown by the next `await writing`; until then it must not count as unhandled.
      writing.catch(() => undefined);
      lastFlush = Date.now();
    };
    const writeBatch = async (batch: { lines: NumberedLine[]; rejected: typeof rejected; seen: number; lastRow: number; cellsByRow: typeof cellsByRow }) => {
      await knex.transaction(async (trx) => {
        const outcome = await writeStatementBatch(trx, { importId, actor, lines: batch.lines });
        const allRejected = [...batch.rejected, ...outcome.rejected.map((r) => ({ ...r, cells: batch.cellsByRow.get(r.row) ?? [] }))];
        if (allRejected.length) {
          await trx.raw(
            `INSERT INTO statement_import_rejections (import_id, row, errors, cells)
             SELECT ?::int, * FROM unnest(?::int[], ?::jsonb[], ?::jsonb[])
             ON CONFLICT (import_id, row) DO NOTHING`,
            [importId, allRejected.map((r) => r.row), allRejected.map((r) => JSON.stringify(r.errors)), allRejected.map((r) => JSON.stringify(r.cells))],
          );
        }
        await trx('statement_imports')
          .where({ id: importId })
          .update({
            processed_rows: knex.raw('processed_rows + ?', [batch.seen]),
            checkpoint_row: batch.lastRow,
            clients_created: knex.raw('clients_created + ?', [outcome.clientsCreated]),
            clients_updated: knex.raw('clients_updated + ?', [outcome.clientsUpdated]),
            contracts_created: knex.raw('contracts_created + ?', [outcome.contractsCreated]),
            commissions_created: knex.raw('commissions_created + ?', [outcome.commissionsCreated]),
            rows_rejected: knex.raw('rows_rejected + ?', [allRejected.length]),
            updated_at: knex.fn.now(),
          });
      });
    };

    for await (const { rowNumber, cells } of readStatementRows(archive.workbook, { sheetId: record.sheet_id, headerRow: record.header_row })) {
      if (rowNumber <= checkpoint) continue;
      if (rowNumber > lastAllowedRow) {
        throw tooManyRows(options.limits.maxRows);
      }
      seen++;
      lastRow = rowNumber;
      const result = readStatementRow(cells, mapping, columns);
      if (result.kind === 'line') {
        lines.push({ row: rowNumber, line: result.line });
        if (result.line.clientNumber && !result.line.lastName) cellsByRow.set(rowNumber, cells.slice(0, columns.length).map(reportValue));
      } else if (result.kind === 'rejected') {
        rejected.push({ row: rowNumber, errors: result.errors, cells: cells.slice(0, columns.length).map(reportValue) });
      }
      if (seen >= batchRows || Date.now() - lastFlush >= flushIntervalMs) {
        await flush();
        if (options.signal?.aborted) {
          await writing;
          throw new ImportReleased('Import interrompu entre deux lots (arrêt du worker) : il reprendra où il en était.');
        }
      }
    }
    await flush();
    await writing;

    await knex('statement_imports')
      .where({ id: importId })
      .update({ status: 'completed', total_rows: knex.raw('processed_rows'), finished_at: knex.fn.now(), updated_at: knex.fn.now() });
    logger.info({ importId }, 'statement import completed');
    return 'completed';
  } catch (error) {
    // Never end or release the import while a batch is still being committed.
    await writing.catch(() => undefined);
    if (error instanceof ImportReleased) {
      await knex('statement_imports').where({ id: importId, status: 'running' }).update({ status: 'queued', updated_at: knex.fn.now() });
      throw error;
    }
    // The reader already turned what it met in the file into StatementFileErrors; anything else
    // (the database, the network) is worth a retry.
    if (error instanceof StatementFileError) {
      await failImport(knex, importId, error.message);
      return 'failed';
    }
    throw error;
  }
}

/** Bytes per read of the stored file: bytea travels as hex text, twice its size, so it comes in slices. */
const FILE_SLICE_BYTES = 4 * 1024 * 1024;

/**
 * The statement's file, read from PostgreSQL slice by slice into one buffer: reading the whole
 * bytea at once would hold its hex text (twice the file) beside the decoded file.
 */
async function readStoredFile(knex: Knex, importId: number): Promise<Buffer> {
  const stored = await knex('statement_import_files').select(knex.raw('octet_length(content)::int AS size')).where({ import_id: importId }).first();
  if (!stored) throw new StatementFileError('Le fichier de cet import est introuvable.');
  const file = Buffer.allocUnsafe(stored.size);
  for (let offset = 0; offset < stored.size; offset += FILE_SLICE_BYTES) {
    const { slice } = await knex('statement_import_files')
      .select(knex.raw('substring(content FROM ? FOR ?) AS slice', [offset + 1, FILE_SLICE_BYTES]))
      .where({ import_id: importId })
      .first();
    (slice as Buffer).copy(file, offset);
  }
  return file;
}

/**
 * Ends an import that can never succeed. Everything it wrote is undone together: its
 * commissions and rejections go, and the import says why — "nothing half-written".
 * Clients and contracts already upserted stay (they are true facts from the file and
 * their changes are in the audit trail).
 */
export async function failImport(knex: Knex, importId: number, message: string) {
  await knex.transaction(async (trx) => {
    await trx('commissions').where({ import_id: importId }).delete();
    await trx('statement_import_rejections').where({ import_id: importId }).delete();
    await trx('statement_imports')
      .where({ id: importId })
      .whereNot('status', 'completed')
      .update({ status: 'failed', error: message, commissions_created: 0, rows_rejected: 0, finished_at: knex.fn.now(), updated_at: knex.fn.now() });
  });
}
