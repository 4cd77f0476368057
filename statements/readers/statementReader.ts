import { Readable } from 'node:stream';
import ExcelJS, { type CellValue } from 'exceljs';
import { cellText } from '../cellValues';
import { columnNames, detectHeaderRow } from '../mapping/columnMapping';
import { StatementFileError } from '../archive/workbookArchive';

/**
 * Streaming reads of a statement with exceljs' WorkbookReader: rows are parsed as they are
 * inflated, so memory does not grow with the number of rows (field notes: 100k rows read in
 * about 3 s). `styles: 'cache'` is what turns date cells into Dates instead of serials.
 */

/** Title rows above the header are common; the header is searched for in the first rows only. */
export const HEADER_SEARCH_ROWS = 30;
/** Columns beyond this are ignored: a statement has a few dozen, a hostile file millions. */
export const MAX_COLUMNS = 256;

export interface StatementRowCells {
  /** Excel row number (1-based), as the user sees it. */
  rowNumber: number;
  cells: CellValue[];
}

export interface StatementLayout {
  sheetId: string;
  sheetName: string;
  /** Excel row number of the header. */
  headerRow: number;
  /** Non-empty rows up to and including the header (title rows), to count the data rows. */
  rowsThroughHeader: number;
  columns: string[];
  /** The texts of the rows above the header ("Bordereau de commissions — Octobre 2026"). */
  titleRows: string[];
}

/**
 * The data rows of a statement's sheet: its `<row>` elements (counted while the archive was
 * checked) after the header and the title rows. The one count the upload and the worker both
 * hold against IMPORT_MAX_ROWS.
 */
export function dataRowCount(rowsPerSheet: Map<string, number>, layout: { sheetId: string; rowsThroughHeader: number }): number {
  return Math.max(0, (rowsPerSheet.get(layout.sheetId) ?? 0) - layout.rowsThroughHeader);
}

/** A checked workbook in streaming order: in memory (the upload), or a stream of it (CheckedArchive.open, the worker). */
export type WorkbookInput = Buffer | Readable;

function openReader(file: WorkbookInput) {
  return new ExcelJS.stream.xlsx.WorkbookReader(Buffer.isBuffer(file) ? Readable.from([file]) : file, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
}

function cellsOf(row: ExcelJS.Row): CellValue[] {
  // row.values is 1-based and sparse.
  const values = row.values as CellValue[];
  const cells: CellValue[] = [];
  const length = Math.min(values.length - 1, MAX_COLUMNS);
  for (let i = 0; i < length; i++) cells.push(values[i + 1] ?? null);
  return cells;
}

/**
 * Anything the reader throws while reading a file that passed the archive checks is about that
 * file (it is in memory: there is no I/O to fail), so it becomes a StatementFileError: a 422 in
 * the preview, an immediate failure without retries in the worker, in French either way. The
 * one exception is exceljs' intermittent stream bug (#3064, field notes), which a retry cures.
 */
export function explainReadError(error: unknown): Error {
  if (error instanceof StatementFileError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/reading 'sheets'/.test(message)) return error instanceof Error ? error : new Error(message);
  if (/invalid signature/i.test(message)) {
    return new StatementFileError('Ce fichier n’est pas un classeur .xlsx lisible (ancien format .xls, fichier chiffré ou endommagé).');
  }
  if (/end of central directory|unexpected end|FILE_ENDED|invalid (stored|distance|code|block)|incorrect header check/i.test(message)) {
    return new StatementFileError('Le fichier Excel est endommagé ou incomplet. Téléchargez à nouveau le bordereau puis réessayez.');
  }
  const detail = message.split('\n')[0].slice(0, 200);
  return new StatementFileError(
    `Le fichier Excel est endommagé : son contenu XML est invalide et ne peut pas être lu (détail technique : ${detail}). Enregistrez-le à nouveau depuis Excel puis réessayez.`,
  );
}

/**
 * Finds the sheet and header row, and returns the first data rows after it (for the preview).
 * The first sheet whose first rows contain a recognisable header wins.
 */
export async function analyseStatement(file: WorkbookInput, options: { sampleRows: number }): Promise<StatementLayout & { sample: StatementRowCells[] }> {
  const reader = openReader(file);
  try {
    for await (const worksheet of reader) {
      const firstRows: StatementRowCells[] = [];
      const sample: StatementRowCells[] = [];
      let decided = false;
      let layout: StatementLayout | undefined;
      for await (const row of worksheet) {
        if (!decided) {
          if (row.number <= HEADER_SEARCH_ROWS) firstRows.push({ rowNumber: row.number, cells: cellsOf(row) });
          if (row.number < HEADER_SEARCH_ROWS) continue;
          decided = true;
          layout = layoutOf(worksheet, firstRows);
          if (layout) sample.push(...firstRows.filter((early) => early.rowNumber > layout!.headerRow));
          if (layout && row.number > HEADER_SEARCH_ROWS) sample.push({ rowNumber: row.number, cells: cellsOf(row) });
        } else if (layout) {
          sample.push({ rowNumber: row.number, cells: cellsOf(row) });
        }
        // Without a header, the rest of the sheet is drained, not read.
        if (layout && sample.length >= options.sampleRows) return { ...layout, sample: sample.slice(0, options.sampleRows) };
      }
      if (!decided) {
        // A short sheet: fewer rows than the header search window.
        layout = layoutOf(worksheet, firstRows);
        if (layout) sample.push(...firstRows.filter((early) => early.rowNumber > layout!.headerRow));
      }
      if (layout) return { ...layout, sample: sample.slice(0, options.sampleRows) };
    }
  } catch (error) {
    throw explainReadError(error);
  }
  throw new StatementFileError(
    'Aucune ligne d’en-tête reconnue dans ce fichier : les noms de colonnes attendus (N° client, Nom, N° de contrat, Date, Montant...) doivent figurer dans les 30 premières lignes d’une feuille.',
  );
}

function layoutOf(worksheet: object, rows: StatementRowCells[]): StatementLayout | undefined {
  const texts = rows.map((row) => row.cells.map((cell) => cellText(cell)));
  const index = detectHeaderRow(texts);
  if (index < 0) return undefined;
  // exceljs' typings omit the reader's id (the N of xl/worksheets/sheetN.xml) and name.
  const { id, name } = worksheet as { id?: unknown; name?: string };
  return {
    sheetId: String(id),
    sheetName: name ?? `Feuille ${String(id)}`,
    headerRow: rows[index].rowNumber,
    rowsThroughHeader: index + 1,
    columns: columnNames(texts[index]),
    titleRows: texts.slice(0, index).map((cells) => cells.filter(Boolean).join(' ')).filter(Boolean),
  };
}

/**
 * Every row after the header of one sheet, in order. The consumer may await between rows
 * (writing batches): the zip stream just waits.
 */
export async function* readStatementRows(file: WorkbookInput, layout: { sheetId: string; headerRow: number }): AsyncGenerator<StatementRowCells> {
  const reader = openReader(file);
  let found = false;
  try {
    for await (const worksheet of reader) {
      if (String((worksheet as { id?: unknown }).id) !== layout.sheetId) {
        for await (const _row of worksheet); // other sheets are drained, not read
        continue;
      }
      found = true;
      for await (const row of worksheet) {
        if (row.number <= layout.headerRow) continue;
        yield { rowNumber: row.number, cells: cellsOf(row) };
      }
      break;
    }
  } catch (error) {
    throw explainReadError(error);
  }
  if (!found) throw new StatementFileError('La feuille du bordereau est introuvable dans le fichier.');
}
