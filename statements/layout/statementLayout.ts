import { cellText } from '../cellValues';
import { columnNames, detectHeaderRow, headerScore } from '../mapping/columnMapping';
import type { StatementRowCells, StatementWorkbook } from '../readers/statementWorkbook';
import { StatementFileError } from '../statementFileError';

/**
 * Where a statement's data is: which tab, which header row, which columns. Every visible tab is
 * surveyed (its first rows), in tab order; the default tab is the first whose header is
 * recognised best, never a hidden one, and the user may choose another.
 */

/** Title rows above the header are common; the header is searched for in the first rows only. */
export const HEADER_SEARCH_ROWS = 30;

export interface StatementLayout {
  sheet: string;
  /** Row number of the header, as the user sees it. */
  headerRow: number;
  /** Rows holding a value up to and including the header (title rows), to count the data rows. */
  rowsThroughHeader: number;
  columns: string[];
  /** The texts of the rows above the header ("Bordereau de commissions — Octobre 2026"). */
  titleRows: string[];
  /** Data rows of the tab: rows holding a value, after the header. */
  dataRows: number;
}

/** One visible tab as the preview lists it. */
export interface SheetSurvey {
  name: string;
  /** Data rows after its header, or every row holding a value when no header is recognised. */
  rows: number;
  /** Distinct fields its best header row names (0: no header). */
  headerScore: number;
  layout: StatementLayout | undefined;
  /** The rows read after the header (for the preview's sample). */
  sample: StatementRowCells[];
}

function layoutOf(sheet: string, sheetRows: number, rows: StatementRowCells[]): StatementLayout | undefined {
  const texts = rows.map((row) => row.cells.map((cell) => cellText(cell)));
  const index = detectHeaderRow(texts);
  if (index < 0) return undefined;
  return {
    sheet,
    headerRow: rows[index].rowNumber,
    rowsThroughHeader: index + 1,
    columns: columnNames(texts[index]),
    titleRows: texts
      .slice(0, index)
      .map((cells) => cells.filter(Boolean).join(' '))
      .filter(Boolean),
    dataRows: Math.max(0, sheetRows - (index + 1)),
  };
}

/** The first rows of every visible tab, in tab order, each with the header found in it. */
export async function surveySheets(workbook: StatementWorkbook, options: { sampleRows: number }): Promise<SheetSurvey[]> {
  const surveys: SheetSurvey[] = [];
  for (const sheet of workbook.sheets) {
    if (sheet.hidden) continue;
    const first: StatementRowCells[] = [];
    for await (const row of workbook.rows(sheet.name)) {
      first.push(row);
      if (first.length >= HEADER_SEARCH_ROWS + options.sampleRows) break; // leaving the loop closes the reader
    }
    const searched = first.slice(0, HEADER_SEARCH_ROWS);
    const layout = layoutOf(sheet.name, sheet.rows, searched);
    const score = layout ? headerScore(searched[layout.rowsThroughHeader - 1].cells.map((cell) => cellText(cell))) : 0;
    surveys.push({
      name: sheet.name,
      rows: layout ? layout.dataRows : sheet.rows,
      headerScore: score,
      layout,
      sample: layout ? first.slice(layout.rowsThroughHeader, layout.rowsThroughHeader + options.sampleRows) : [],
    });
  }
  return surveys;
}

/**
 * The tab to import: the one asked for by name, else the first preferred one (a tab whose header
 * a saved mapping knows), else the first whose header names the most fields.
 */
export function chooseSheet(surveys: SheetSurvey[], choice: { sheet?: string | null; prefer?: (survey: SheetSurvey) => boolean } = {}): SheetSurvey {
  const names = surveys.map((survey) => `« ${survey.name} »`).join(', ');
  if (choice.sheet) {
    const asked = surveys.find((survey) => survey.name === choice.sheet);
    if (!asked) throw new StatementFileError('file.unknownSheet', { sheet: choice.sheet, sheets: names });
    if (!asked.layout) throw new StatementFileError('file.sheetWithoutHeader', { sheet: asked.name });
    return asked;
  }
  if (!surveys.length) throw new StatementFileError('file.noVisibleSheet');
  const withHeader = surveys.filter((survey) => survey.layout);
  const preferred = choice.prefer ? withHeader.find(choice.prefer) : undefined;
  if (preferred) return preferred;
  const best = withHeader.reduce<SheetSurvey | undefined>((found, survey) => (!found || survey.headerScore > found.headerScore ? survey : found), undefined);
  if (!best) throw new StatementFileError('file.noHeader');
  return best;
}

/** Every row after the header of the chosen tab, in order. */
export async function* dataRowsOf(workbook: StatementWorkbook, layout: { sheet: string; headerRow: number }): AsyncGenerator<StatementRowCells> {
  for await (const row of workbook.rows(layout.sheet)) if (row.rowNumber > layout.headerRow) yield row;
}
