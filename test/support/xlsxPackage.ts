import { zipArchive } from '../imports/statementFiles';

/**
 * A hand-made SpreadsheetML package, to write what other producers write (prefixed elements,
 * parts named otherwise, tabs in another zip order) without the software that writes them.
 */
export interface PackageSheet {
  name: string;
  /** The `<sheetData>` content. */
  rows: string;
  hidden?: boolean;
  /** Where the part goes (default xl/worksheets/sheetN.xml). */
  part?: string;
}

export interface PackageOptions {
  sheets: PackageSheet[];
  sharedStrings?: string[];
  /** `cellXfs` number formats, by style index (0: General). */
  styles?: number[];
  /** The `date1904` attribute as written, if any. */
  date1904?: string;
  /** Every SpreadsheetML element prefixed (`<x:row>`), as Microsoft's Open XML SDK writes. */
  prefix?: string;
  /** Zip order of the sheets' parts: their indexes (default tab order). */
  zipOrder?: number[];
  /** Extra parts, or a part's bytes replaced (e.g. re-encoded). */
  parts?: Record<string, Buffer>;
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Prefixes every element of a SpreadsheetML fragment written without one. */
function prefixed(xml: string, prefix: string | undefined) {
  if (!prefix) return xml;
  return xml.replace(/<(\/?)([A-Za-z][\w]*)(?=[\s/>])/g, (_, slash: string, name: string) => `<${slash}${prefix}:${name}`).replace(` xmlns="${MAIN}"`, ` xmlns:${prefix}="${MAIN}"`);
}

export function xlsxPackage(options: PackageOptions): Buffer {
  const { prefix } = options;
  const partOf = (sheet: PackageSheet, index: number) => sheet.part ?? `xl/worksheets/sheet${index + 1}.xml`;
  const workbook = prefixed(
    `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${RELS}">${options.date1904 !== undefined ? `<workbookPr date1904="${options.date1904}"/>` : ''}<sheets>${options.sheets
      .map((sheet, index) => `<sheet name="${escape(sheet.name)}" sheetId="${index + 1}"${sheet.hidden ? ' state="hidden"' : ''} r:id="rId${index + 1}"/>`)
      .join('')}</sheets></workbook>`,
    prefix,
  );
  const relationships = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${options.sheets
    .map((sheet, index) => `<Relationship Id="rId${index + 1}" Type="${RELS}/worksheet" Target="${partOf(sheet, index).replace(/^xl\//, '')}"/>`)
    .join('')}<Relationship Id="rS" Type="${RELS}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rT" Type="${RELS}/styles" Target="styles.xml"/></Relationships>`;
  const sharedStrings = prefixed(
    `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}">${(options.sharedStrings ?? []).map((text) => `<si><t xml:space="preserve">${escape(text)}</t></si>`).join('')}</sst>`,
    prefix,
  );
  const styles = prefixed(
    `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><cellXfs>${(options.styles ?? [0]).map((id) => `<xf numFmtId="${id}"/>`).join('')}</cellXfs></styleSheet>`,
    prefix,
  );
  const sheetParts = options.sheets.map((sheet, index) => ({
    name: partOf(sheet, index),
    content: Buffer.from(prefixed(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>${sheet.rows}</sheetData></worksheet>`, prefix)),
  }));
  const order = options.zipOrder ?? sheetParts.map((_, index) => index);
  const files = [
    { name: '[Content_Types].xml', content: Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>') },
    {
      name: '_rels/.rels',
      content: Buffer.from(
        `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="${RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
    },
    { name: 'xl/workbook.xml', content: Buffer.from(workbook) },
    { name: 'xl/_rels/workbook.xml.rels', content: Buffer.from(relationships) },
    ...order.map((index) => sheetParts[index]),
    { name: 'xl/sharedStrings.xml', content: Buffer.from(sharedStrings) },
    { name: 'xl/styles.xml', content: Buffer.from(styles) },
  ].map((file) => ({ ...file, content: options.parts?.[file.name] ?? file.content }));
  for (const [name, content] of Object.entries(options.parts ?? {})) if (!files.some((file) => file.name === name)) files.push({ name, content });
  return zipArchive(files);
}

/** A row of cells: strings as inline strings, numbers as numbers, `{ s, v }` with a style, raw XML as is. */
export function row(number: number | null, cells: Array<string | number | null | { xml: string }>): string {
  const letters = (index: number) => String.fromCharCode(65 + index);
  const address = (index: number) => (number === null ? '' : ` r="${letters(index)}${number}"`);
  const body = cells
    .map((cell, index) => {
      if (cell === null) return '';
      if (typeof cell === 'number') return `<c${address(index)}><v>${cell}</v></c>`;
      if (typeof cell === 'string') return `<c${address(index)} t="inlineStr"><is><t>${escape(cell)}</t></is></c>`;
      return cell.xml.replace('<c', `<c${address(index)}`);
    })
    .join('');
  return `<row${number === null ? '' : ` r="${number}"`}>${body}</row>`;
}

export const HEADER = ['N° client', 'Nom', 'Date de valeur', 'Montant'];
