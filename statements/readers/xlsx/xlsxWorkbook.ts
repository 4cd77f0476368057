import type { CheckedArchive } from '../../archive/workbookArchive';
import { StatementFileError } from '../../statementFileError';
import type { StatementWorkbook } from '../statementWorkbook';
import { readSharedStrings } from './sharedStrings';
import { readDateStyles } from './styles';
import { readWorkbookPart } from './workbookPart';
import { readWorksheetRows, type WorksheetContext } from './worksheetRows';

/**
 * An .xlsx (or .xlsm, Strict OOXML) read with our own streaming reader: the workbook part gives
 * the tabs in tab order and the date system, the shared strings and styles are read once, and a
 * tab's rows are parsed as its part is inflated, from a buffer or from the stored chunks alike.
 */
export async function openXlsxWorkbook(archive: CheckedArchive, workbookPart: string): Promise<StatementWorkbook> {
  const workbook = await readWorkbookPart(archive, workbookPart);
  const [sharedStrings, dateStyles] = await Promise.all([readSharedStrings(archive, workbook.sharedStrings), readDateStyles(archive, workbook.styles)]);
  const partOf = (sheet: string) => {
    const found = workbook.sheets.find((candidate) => candidate.name === sheet);
    if (!found) {
      const visible = workbook.sheets.filter((candidate) => !candidate.hidden).map((candidate) => `« ${candidate.name} »`);
      throw new StatementFileError('file.unknownSheet', { sheet, sheets: visible.join(', ') });
    }
    return found.part;
  };
  const opened: StatementWorkbook = {
    format: 'xlsx',
    date1904: workbook.date1904,
    sheets: workbook.sheets.map(({ name, hidden, part }) => ({ name, hidden, rows: (part && archive.part(part)?.rowsWithValues) || 0 })),
    async *rows(sheet) {
      const part = partOf(sheet);
      if (!part || !archive.part(part)) return; // a chart sheet, or a tab without content
      const context: WorksheetContext = { sheet, sharedStrings, dateStyles, date1904: workbook.date1904 };
      yield* readWorksheetRows(archive, part, context);
    },
  };
  await refuseDamage(archive, workbook, opened);
  return opened;
}

/**
 * A text the inspection found damaged (U+FFFD) is refused before anything is imported, named by
 * its sheet and cell: the tabs are read until the first damaged cell throws. Damage no cell
 * shows (an unused shared string) changes nothing the import would store.
 */
async function refuseDamage(archive: CheckedArchive, workbook: Awaited<ReturnType<typeof readWorkbookPart>>, opened: StatementWorkbook) {
  const damaged = (part: string | undefined) => Boolean(part && archive.part(part)?.replacement);
  if (workbook.sheets.some((sheet) => sheet.name.includes('\uFFFD'))) throw new StatementFileError('file.replacementInPart', { part: 'xl/workbook.xml' });
  if (!damaged(workbook.sharedStrings) && !workbook.sheets.some((sheet) => damaged(sheet.part))) return;
  for (const sheet of workbook.sheets) {
    for await (const _row of opened.rows(sheet.name));
  }
}
