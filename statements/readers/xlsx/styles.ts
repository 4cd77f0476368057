import XLSX from '@e965/xlsx';
import type { CheckedArchive } from '../../archive/workbookArchive';
import { attributeByLocalName, parseXmlPart } from './xmlPart';

/**
 * Which cell styles show a date: a cell's `s` attribute points into `cellXfs`, whose number
 * format is a built-in one or one of `numFmts`. A number shown with a date format is a date.
 */

/** Built-in number formats that show dates or times (ECMA-376, 18.8.30, with the East Asian ones). */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** For each cell style index, whether it formats a date. */
export async function readDateStyles(archive: CheckedArchive, part: string | undefined): Promise<boolean[]> {
  const checked = part ? archive.part(part) : undefined;
  if (!checked || !part) return [];
  const codes = new Map<number, string>();
  const formatIds: number[] = [];
  let inCellXfs = false;
  await parseXmlPart(archive.open(checked), part, {
    open(name, attributes, selfClosing) {
      if (name === 'numFmt') codes.set(Number(attributeByLocalName(attributes, 'numFmtId', false)), attributeByLocalName(attributes, 'formatCode', false) ?? '');
      else if (name === 'cellXfs') inCellXfs = !selfClosing;
      else if (name === 'xf' && inCellXfs) formatIds.push(Number(attributeByLocalName(attributes, 'numFmtId', false) ?? 0));
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return formatIds.map((id) => {
    const code = codes.get(id);
    // SheetJS's SSF knows the format-code grammar (quoted text, escapes, colours, elapsed time).
    return code === undefined ? BUILT_IN_DATE_FORMATS.has(id) : XLSX.SSF.is_date(code);
  });
}
