import type { Knex } from 'knex';
import type { Actor } from '../../shared/actor';
import { reportValue } from '../../statements/cellValues';
import { cellsWithoutPersonalValues, clientNumberOf, judgeReadRows, type JudgedRow, type VerdictSetup } from '../../statements/verdicts/rowVerdicts';
import { storedNumbersIn } from '../../statements/verdicts/storedNumbers';
import type { RowError } from '../../statements/verdicts/statementRow';
import { lockBatchClients, lockedNumbers } from '../../statements/writer/batchLocks';
import { writeStatementBatch, type NumberedLine } from '../../statements/writer/statementWriter';
import { renderMessage, type Message } from '../../shared/messages/message';

/**
 * The writes of one import run: its batches, its end and its failure, each checking the run's
 * claim on the import (statement_imports.claim_token) under the import's row lock.
 */

/**
 * Thrown when another worker claimed the import since this one did (this one was paused past its
 * queue lock, and the queue handed the job over): this one stops without writing anything more.
 */
export class ImportSuperseded extends Error {
  override name = 'ImportSuperseded';
}

/** The claim this run holds on its import; every write checks it under the import's row lock. */
export interface Claim {
  importId: number;
  token: string;
}

/**
 * Rows since the last committed batch, each read on its own as it comes (readRow, while the
 * previous batch is being written); what the database knows judges them inside the batch's
 * transaction.
 */
export interface PendingBatch {
  rows: JudgedRow[];
  lastRow: number;
}

/**
 * The import's row, locked, still claimed by this run: otherwise another worker took the import
 * over (this one was paused past its queue lock), and this run must write nothing more. Returns
 * the checkpoint the latest committed batch left.
 */
export async function holdClaim(trx: Knex.Transaction, claim: Claim): Promise<number> {
  const row = await trx('statement_imports').select('claim_token', 'checkpoint_row').where({ id: claim.importId }).forUpdate().first();
  if (!row || row.claim_token !== claim.token) throw new ImportSuperseded(`import ${claim.importId} was claimed by another run`);
  return row.checkpoint_row;
}

/** Nothing reads an import's file once it has ended, and it holds every client's cells (see migration 20261202_03). */
export function deleteStoredFile(trx: Knex.Transaction, importId: number) {
  return trx('statement_file_chunks').where({ import_id: importId }).delete();
}

/**
 * One batch, in one transaction: the claim checked under the import's row lock (so counters
 * count each row once, whatever the number of runs), the clients the rows name locked in id
 * order (an anonymisation either happened before, and the rows see it, or waits for this batch
 * and then erases what it wrote), the rows' verdicts (judgeReadRows, the preview's function, against
 * the database as the earlier batches left it), the accepted lines written, the rejected rows
 * kept with their cells for the report (those naming an anonymised client without their personal
 * values), and the import's counters and checkpoint moved.
 */
export async function writeBatch(trx: Knex.Transaction, claim: Claim, actor: Actor, setup: VerdictSetup, pending: PendingBatch) {
  const { importId } = claim;
  const checkpoint = await holdClaim(trx, claim);
  // Rows an earlier run of this same claim committed are not written (nor counted) twice.
  const batch = { rows: pending.rows.filter((row) => row.rowNumber > checkpoint), lastRow: pending.lastRow };
  if (!batch.rows.length) return;
  const numbers = batch.rows.map((row) => clientNumberOf(row.cells, setup.mapping));
  const locked = await lockBatchClients(trx, numbers);
  const judged = await judgeReadRows(batch.rows, setup, new Set(), lockedNumbers(locked, numbers, storedNumbersIn(trx)));
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

/** An import's `error` columns: the French sentence, and its code and values for other languages. */
export const importError = (reason: Message) => ({ error: renderMessage(reason, 'fr'), error_detail: JSON.stringify(reason) });

/**
 * Ends an import that can never succeed. Everything it wrote is undone together: its
 * commissions and rejections go, its stored file too, and the import says why — "nothing
 * half-written". Clients and contracts already upserted stay (they are true facts from the file
 * and their changes are in the audit trail). With `claimToken`, only while that claim still
 * holds (a superseded run must not fail the import its successor runs); answers whether it did.
 */
export async function failImport(knex: Knex, importId: number, reason: Message, claimToken?: string): Promise<boolean> {
  return knex.transaction(async (trx) => {
    const row = await trx('statement_imports').select('status', 'claim_token').where({ id: importId }).forUpdate().first();
    if (!row || row.status === 'completed' || (claimToken !== undefined && row.claim_token !== claimToken)) return false;
    await trx('commissions').where({ import_id: importId }).delete();
    await trx('statement_import_rejections').where({ import_id: importId }).delete();
    await deleteStoredFile(trx, importId);
    await trx('statement_imports')
      .where({ id: importId })
      .update({ status: 'failed', ...importError(reason), commissions_created: 0, rows_rejected: 0, finished_at: knex.fn.now(), updated_at: knex.fn.now() });
    return true;
  });
}
