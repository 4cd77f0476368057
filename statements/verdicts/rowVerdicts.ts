import type { Knex } from 'knex';
import type { ResolvedMapping } from '../mapping/columnMapping';
import { dataRowsOf } from '../layout/statementLayout';
import type { StatementCell, StatementRowCells, StatementWorkbook } from '../readers/statementWorkbook';
import { readStatementRow, rowError, type StatementContext, type StatementRow } from './statementRow';
import { clientKey } from '../writer/writeClients';

/**
 * The verdict on each row of a statement: the one function both the preview and the import
 * call, so that the preview never shows "OK" for a row the import then rejects. A row is read
 * on its own (readStatementRow, pure), then judged against what only the database and the
 * earlier rows of the file know: a client number that is neither stored nor named by an earlier
 * row of the file is a new client, and a new client needs a name.
 */

export interface VerdictSetup {
  mapping: ResolvedMapping;
  columns: string[];
  context: StatementContext;
}

export interface JudgedRow {
  rowNumber: number;
  cells: StatementCell[];
  verdict: StatementRow;
}

/**
 * Client numbers (keys) named in the rows judged so far. The import keeps one per batch (the
 * clients of earlier batches are in the database by then); the preview's whole-file count keeps
 * one for the whole file (it writes nothing).
 */
export type NamedClients = Set<string>;

export async function judgeRows(db: Knex | Knex.Transaction, rows: StatementRowCells[], setup: VerdictSetup, named: NamedClients): Promise<JudgedRow[]> {
  const judged = rows.map(({ rowNumber, cells }) => ({ rowNumber, cells, verdict: readStatementRow(cells, setup.mapping, setup.columns, setup.context) }));
  const nameless = new Set<string>();
  for (const { verdict } of judged) {
    if (verdict.kind === 'line' && verdict.line.clientNumber && !verdict.line.lastName) {
      const key = clientKey(verdict.line.clientNumber);
      if (!named.has(key)) nameless.add(key);
    }
  }
  const stored = new Set<string>();
  if (nameless.size) {
    const { rows: found } = await db.raw<{ rows: Array<{ key: string }> }>(`SELECT client_number_key AS key FROM clients WHERE client_number_key = ANY(?::text[])
       UNION ALL SELECT client_number_key FROM client_aliases WHERE client_number_key = ANY(?::text[])`, [[...nameless], [...nameless]]);
    for (const row of found) stored.add(row.key);
  }
  // In file order: a name given by an earlier row covers the later nameless rows, not the reverse.
  for (const row of judged) {
    if (row.verdict.kind !== 'line' || !row.verdict.line.clientNumber) continue;
    const { line } = row.verdict;
    const key = clientKey(line.clientNumber!);
    if (line.lastName) named.add(key);
    else if (!named.has(key) && !stored.has(key)) {
      row.verdict = {
        kind: 'rejected',
        errors: [rowError(null, 'row.clientNameMissing', { clientNumber: line.clientNumber! })],
      };
    }
  }
  return judged;
}

export interface VerdictCounts {
  /** Data rows judged (all kinds). */
  rows: number;
  /** Rows that become a commission line. */
  valid: number;
  rejected: number;
  /** Empty rows and totals lines, skipped by the import. */
  skipped: number;
  /** False when the time budget ran out before the end of the file: the counts cover `rows` rows. */
  complete: boolean;
}

/**
 * Counts the verdicts of every data row of the file, streaming, before the user starts the
 * import: the preview's "x valid, y rejected". Stops at `budgetMs` on a large file and says so.
 */
export async function countVerdicts(
  db: Knex,
  workbook: StatementWorkbook,
  layout: { sheet: string; headerRow: number },
  setup: VerdictSetup,
  options: { budgetMs: number; chunkRows?: number },
): Promise<VerdictCounts> {
  const counts: VerdictCounts = { rows: 0, valid: 0, rejected: 0, skipped: 0, complete: true };
  const deadline = Date.now() + options.budgetMs;
  const named: NamedClients = new Set();
  let chunk: StatementRowCells[] = [];
  const tally = async () => {
    for (const { verdict } of await judgeRows(db, chunk, setup, named)) {
      counts.rows++;
      if (verdict.kind === 'line') counts.valid++;
      else if (verdict.kind === 'rejected') counts.rejected++;
      else counts.skipped++;
    }
    chunk = [];
  };
  for await (const row of dataRowsOf(workbook, layout)) {
    chunk.push(row);
    if (chunk.length >= (options.chunkRows ?? 2000)) {
      await tally();
      if (Date.now() > deadline) {
        counts.complete = false;
        return counts; // leaving the loop closes the reader
      }
    }
  }
  await tally();
  return counts;
}
