import zlib from 'node:zlib';
import { readCentralDirectory } from '../../worker/workbookArchive';

/**
 * The XML of one part of an .xlsx file (e.g. `xl/worksheets/sheet1.xml`), to check what a
 * writer really produced (a formula is an `<f>` element, a text a shared or inline string).
 */
export function xlsxPart(file: Buffer, name: string): string {
  const entry = readCentralDirectory(file).find((e) => e.name === name);
  if (!entry) throw new Error(`no part ${name} in the workbook`);
  const local = entry.localOffset;
  const start = local + 30 + file.readUInt16LE(local + 26) + file.readUInt16LE(local + 28);
  const data = file.subarray(start, start + entry.compressedSize);
  return (entry.method === 0 ? data : zlib.inflateRawSync(data)).toString('utf8');
}
