import type { Message } from '../../shared/messages/message';
import { dateFromSerial } from '../readers/cellDates';
import { isUncomputedFormula, parseStatementDate } from '../cellValues';
import type { ImportField, ResolvedMapping } from '../mapping/columnMapping';
import type { StatementRowCells } from '../readers/statementWorkbook';
import { EARLIEST_START_YEAR, implausibleCommissionDate, type StatementContext } from './statementRow';

/**
 * What the preview's first rows say about the whole file, before any row is judged: formulas
 * saved without values (the file must be opened and saved in a spreadsheet program once), and a
 * date column whose every date is implausible (the file, or our reading of it, is wrong).
 */

/** The first mapped column whose cells in the sample are all formulas without value. */
export function uncomputedFormulaColumn(sample: StatementRowCells[], mapping: ResolvedMapping, columns: string[]): string | undefined {
  for (const index of Object.values(mapping)) {
    if (index === undefined) continue;
    const filled = sample.map((row) => row.cells[index]).filter((cell) => cell !== null && cell !== undefined);
    if (filled.length && filled.every(isUncomputedFormula)) return columns[index];
  }
  return undefined;
}

const DATE_FIELDS: Array<{ field: ImportField; implausible: (date: string, today: string) => boolean }> = [
  { field: 'date', implausible: implausibleCommissionDate },
  { field: 'startDate', implausible: (date) => date < `${EARLIEST_START_YEAR}-01-01` },
];

/** The cause to suspect when every date of a column is implausible. */
function suspectedCause(dates: string[], implausible: (date: string) => boolean): Message['code'] {
  // A year read as a day number (2026 → 18/07/1905): ISO date cells a reader did not know.
  if (dates.every((date) => date >= '1900-01-01' && date < '1906-01-01')) return 'dates.cause.iso';
  // 1,462 days early: a 1904 workbook read in the 1900 system.
  const shifted = dates.map((date) => {
    const serial = (Date.parse(`${date}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000;
    return (
      dateFromSerial(serial + 1462, false)
        ?.toISOString()
        .slice(0, 10) ?? date
    );
  });
  if (shifted.every((date) => !implausible(date))) return 'dates.cause.1904';
  return 'dates.cause.unknown';
}

/** One warning per mapped date column whose every date in the sample is implausible. */
export function implausibleDateColumns(sample: StatementRowCells[], mapping: ResolvedMapping, columns: string[], context: StatementContext & { today: string }): Message[] {
  const warnings: Message[] = [];
  for (const { field, implausible } of DATE_FIELDS) {
    const index = mapping[field];
    if (index === undefined) continue;
    const dates = sample.map((row) => parseStatementDate(row.cells[index], context)).flatMap((parsed) => (parsed?.ok ? [parsed.value] : []));
    const isImplausible = (date: string) => implausible(date, context.today);
    if (!dates.length || !dates.every(isImplausible)) continue;
    warnings.push({
      code: 'dates.implausibleColumn',
      params: { column: columns[index], example: dates[0].split('-').reverse().join('/'), cause: { code: suspectedCause(dates, isImplausible) } },
    });
  }
  return warnings;
}
