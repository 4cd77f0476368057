import zlib from 'node:zlib';
import { readCentralDirectory } from '../../statements/archive/zipDirectory';

/**
 * Every part of an .xlsx file, inflated, in archive order: what a test edits (a cell's value, an
 * attribute) before packing the parts again with `zipArchive`.
 */
export function xlsxParts(file: Buffer): Array<{ name: string; content: Buffer }> {
  return readCentralDirectory(file).map((entry) => {
    const start = entry.localOffset + 30 + file.readUInt16LE(entry.localOffset + 26) + file.readUInt16LE(entry.localOffset + 28);
    const data = file.subarray(start, start + entry.compressedSize);
    return { name: entry.name, content: entry.method === 0 ? Buffer.from(data) : zlib.inflateRawSync(data) };
  });
}

/**
 * The XML of one part of an .xlsx file (e.g. `xl/worksheets/sheet1.xml`), to check what a
 * writer really produced (a formula is an `<f>` element, a text a shared or inline string).
 */
export function xlsxPart(file: Buffer, name: string): string {
  const part = xlsxParts(file).find((candidate) => candidate.name === name);
  if (!part) throw new Error(`no part ${name} in the workbook`);
  return part.content.toString('utf8');
}
