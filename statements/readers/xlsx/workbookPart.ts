import type { CheckedArchive } from '../../archive/workbookArchive';
import { requirePart, relationshipsOf } from './packageParts';
import { attributeByLocalName, parseXmlPart } from './xmlPart';

/** What the workbook part says: its tabs in tab order, where each tab's part is, and the date system. */
export interface WorkbookPart {
  date1904: boolean;
  sheets: Array<{ name: string; hidden: boolean; part: string | undefined }>;
  sharedStrings: string | undefined;
  styles: string | undefined;
}

/** xsd:boolean: `true`, `1` (Excel), `on` seen from some generators. */
const isTrue = (value: string | undefined) => value !== undefined && ['1', 'true', 'on'].includes(value.trim().toLowerCase());

export async function readWorkbookPart(archive: CheckedArchive, workbook: string): Promise<WorkbookPart> {
  const relationships = await relationshipsOf(archive, workbook);
  const targetOf = (id: string | undefined) => relationships.find((relationship) => relationship.id === id && !relationship.external)?.target;
  const found: WorkbookPart = { date1904: false, sheets: [], sharedStrings: undefined, styles: undefined };
  await parseXmlPart(archive.open(requirePart(archive, workbook)), workbook, {
    open(element, attributes) {
      if (element === 'workbookPr') found.date1904 = isTrue(attributeByLocalName(attributes, 'date1904', false));
      else if (element === 'sheet') {
        const state = (attributeByLocalName(attributes, 'state', false) ?? 'visible').toLowerCase();
        found.sheets.push({
          name: attributeByLocalName(attributes, 'name', false) ?? '',
          hidden: state === 'hidden' || state === 'veryhidden',
          part: targetOf(attributeByLocalName(attributes, 'id', true)),
        });
      }
    },
    close() {},
  });
  found.sharedStrings = relationships.find((relationship) => relationship.type === 'sharedStrings')?.target ?? (archive.part('xl/sharedStrings.xml') ? 'xl/sharedStrings.xml' : undefined);
  found.styles = relationships.find((relationship) => relationship.type === 'styles')?.target ?? (archive.part('xl/styles.xml') ? 'xl/styles.xml' : undefined);
  withoutRelationships(archive, found);
  return found;
}

/**
 * Generators that leave out relationships: a tab without one is the `sheetN.xml` its position
 * names, and a workbook that lists no tab has one per worksheet part, in their numbers' order.
 */
function withoutRelationships(archive: CheckedArchive, found: WorkbookPart) {
  found.sheets.forEach((sheet, index) => {
    if (sheet.part) return;
    const guess = `xl/worksheets/sheet${index + 1}.xml`;
    if (archive.part(guess)) sheet.part = guess;
  });
  if (found.sheets.length) return;
  const number = (name: string) => Number(/(\d+)\.xml$/i.exec(name)?.[1] ?? 0);
  const parts = archive.entries.map((entry) => entry.name).filter((name) => /^xl\/worksheets\/[^/]+\.xml$/i.test(name.replace(/\\/g, '/')));
  parts.sort((a, b) => number(a) - number(b) || a.localeCompare(b));
  for (const part of parts) found.sheets.push({ name: part.replace(/^.*[\\/]/, '').replace(/\.xml$/i, ''), hidden: false, part });
}
