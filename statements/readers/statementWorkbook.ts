/**
 * What every reader gives the rest of the import, whatever the format: the workbook's tabs in
 * tab order, and the rows of one tab as cells. The layout, the mapping, the verdicts and the
 * writer only ever see this, so that a statement reads the same from .xlsx, .xls, .ods or CSV.
 */

export type StatementFormat = 'xlsx' | 'xlsb' | 'xls' | 'ods' | 'csv' | 'html' | 'xml2003';

/** A formula saved without its computed value (written by a program that does not compute them). */
export interface UncomputedFormula {
  formula: string;
}

/** A cell holding an error value (`#N/A`, `#DIV/0!`). */
export interface CellError {
  error: string;
}

/**
 * One cell as the file means it: text, a number, a boolean, a date (a JavaScript Date at UTC, day
 * and time as the spreadsheet shows them), a formula without value, an error, or nothing.
 */
export type StatementCell = string | number | boolean | Date | UncomputedFormula | CellError | null;

export interface StatementRowCells {
  /** The row's number as the user sees it in a spreadsheet program (1-based). */
  rowNumber: number;
  cells: StatementCell[];
}

export interface SheetSummary {
  name: string;
  hidden: boolean;
  /** Rows holding at least one value, title and header rows included. */
  rows: number;
}

export interface StatementWorkbook {
  format: StatementFormat;
  /** Dates of the workbook are counted from 1904 (Mac Excel, some LibreOffice files). */
  date1904: boolean;
  /** Every tab in tab order, hidden ones flagged. */
  sheets: SheetSummary[];
  /** The rows of one tab holding at least one value, in order. */
  rows(sheet: string): AsyncGenerator<StatementRowCells>;
}

/** Columns beyond this are ignored: a statement has a few dozen, a hostile file millions. */
export const MAX_COLUMNS = 256;
