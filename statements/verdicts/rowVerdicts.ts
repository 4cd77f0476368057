import type { Knex } from 'knex';
import type { ResolvedMapping } from '../mapping/columnMapping';
import { dataRowsOf } from '../layout/statementLayout';
import type { StatementCell, StatementRowCells, StatementWorkbook } from '../readers/statementWorkbook';
import { readStatementRow, rowError, type StatementContext, type StatementRow } from './statementRow';
import { storedNumbersIn, type NumberLookup, type StoredNumbers } from './storedNumbers';
import { clientKey } from '../writer/writeClients';
import { cellText } from '../cellValues';
import { normaliseClientNumber } from '../../shared/contactDetails';

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
  /**
   * The row names a client that was anonymised: it is rejected, and only its cells that carry no
   * personal value may be kept (cellsWithoutPersonalValues).
   */
  namesErasedClient?: boolean;
}

/**
 * Client numbers (keys) named in the rows judged so far. The import keeps one per batch (the
 * clients of earlier batches are in the database by then); the preview's whole-file count keeps
 * one for the whole file (it writes nothing).
 */
export type NamedClients = Set<string>;

/** The client number a row's cells carry, cleaned as a line's would be, whatever the rest of the row. */
export function clientNumberOf(cells: StatementCell[], mapping: ResolvedMapping): string | null {
  if (mapping.clientNumber === undefined) return null;
  const text = cellText(cells[mapping.clientNumber]);
  return text ? normaliseClientNumber(text) || null : null;
}

/** What a row naming an anonymised client says: no line, and none of its personal values kept. */
export const erasedClientError = (clientNumber: string) => rowError(null, 'row.clientErased', { clientNumber });

export function judgeRows(db: Knex | Knex.Transaction, rows: StatementRowCells[], setup: VerdictSetup, named: NamedClients): Promise<JudgedRow[]> {
  return judgeReadRows(readRows(rows, setup), setup, named, storedNumbersIn(db));
}

/**
 * The verdicts of rows already read (readRow), against what `lookup` says the database knows.
 * The rows given are left as they are (a batch retried after a deadlock judges them again).
 */
export async function judgeReadRows(read: JudgedRow[], setup: VerdictSetup, named: NamedClients, lookup: NumberLookup): Promise<JudgedRow[]> {
  const judged = read.map((row) => ({ ...row }));
  return judgeAgainst(judged, await lookup(rowNumbers(judged, setup.mapping)), named, setup.mapping);
}

/** A row read on its own (pure): the import does it while the previous batch is being written. */
export function readRow({ rowNumber, cells }: StatementRowCells, setup: VerdictSetup): JudgedRow {
  return { rowNumber, cells, verdict: readStatementRow(cells, setup.mapping, setup.columns, setup.context) };
}

/** Each row read on its own, before what the database and the earlier rows know. */
export function readRows(rows: StatementRowCells[], setup: VerdictSetup): JudgedRow[] {
  return rows.map((row) => readRow(row, setup));
}

/** The client number a row names: its line's, or a rejected row's cell; none for skipped rows. */
function numberOfRow(row: JudgedRow, mapping: ResolvedMapping): string | null {
  if (row.verdict.kind === 'line') return row.verdict.line.clientNumber;
  return row.verdict.kind === 'rejected' ? clientNumberOf(row.cells, mapping) : null;
}

/** Every number the rows carry, accepted or not (a rejected row keeps its cells for the report), by key, first spelling kept. */
export function rowNumbers(judged: JudgedRow[], mapping: ResolvedMapping): Map<string, string> {
  const numbers = new Map<string, string>();
  for (const row of judged) {
    const number = numberOfRow(row, mapping);
    if (number && !numbers.has(clientKey(number))) numbers.set(clientKey(number), number);
  }
  return numbers;
}

/**
 * The rows judged against the numbers the database knows: a row naming an anonymised client is
 * rejected; a new client (neither stored nor named by an earlier row) needs a name.
 */
export function judgeAgainst(judged: JudgedRow[], stored: StoredNumbers, named: NamedClients, mapping: ResolvedMapping): JudgedRow[] {
  // In file order: a name given by an earlier row covers the later nameless rows, not the reverse.
  for (const row of judged) {
    const number = numberOfRow(row, mapping);
    if (!number) continue;
    const key = clientKey(number);
    if (stored.anonymised.has(key)) {
      row.verdict = { kind: 'rejected', errors: [erasedClientError(number)] };
      row.namesErasedClient = true;
      continue;
    }
    if (row.verdict.kind !== 'line') continue;
    const { line } = row.verdict;
    if (line.lastName) named.add(key);
    else if (!named.has(key) && !stored.known.has(key)) {
      row.verdict = {
        kind: 'rejected',
        errors: [rowError(null, 'row.clientNameMissing', { clientNumber: line.clientNumber! })],
      };
    }
  }
  return judged;
}

/**
 * Fields whose cells are kept in the report of a row that names an anonymised client: numbers,
 * amounts, dates and the contract's terms, none of which identifies a person. Names, contact
 * details, labels (free text) and unmapped columns are left out.
 */
const IMPERSONAL_FIELDS = ['clientNumber', 'contractNumber', 'product', 'insurer', 'advisor', 'status', 'startDate', 'endDate', 'date', 'amount'] as const;

export function cellsWithoutPersonalValues<T>(cells: T[], mapping: ResolvedMapping, columnCount: number): Array<T | null> {
  const kept = new Set(IMPERSONAL_FIELDS.map((field) => mapping[field]).filter((index): index is number => index !== undefined));
  return Array.from({ length: columnCount }, (_, index) => (kept.has(index) ? (cells[index] ?? null) : null));
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
  const named: NamedClients = new Set();
  return tallyVerdicts(dataRowsOf(workbook, layout), (chunk) => judgeRows(db, chunk, setup, named), options);
}

/** The counting itself, by chunks of rows each judged at once, until the rows or the budget run out. */
export async function tallyVerdicts(
  rows: AsyncIterable<StatementRowCells>,
  judge: (chunk: StatementRowCells[]) => Promise<JudgedRow[]>,
  options: { budgetMs: number; chunkRows?: number },
): Promise<VerdictCounts> {
  const counts: VerdictCounts = { rows: 0, valid: 0, rejected: 0, skipped: 0, complete: true };
  const deadline = Date.now() + options.budgetMs;
  let chunk: StatementRowCells[] = [];
  const tally = async () => {
    for (const { verdict } of await judge(chunk)) {
      counts.rows++;
      if (verdict.kind === 'line') counts.valid++;
      else if (verdict.kind === 'rejected') counts.rejected++;
      else counts.skipped++;
    }
    chunk = [];
  };
  for await (const row of rows) {
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
