import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bufferSource } from '../../statements/archive/archiveSource';
import { inspectArchive, type ArchiveLimits } from '../../statements/archive/workbookArchive';
import { readCentralDirectory } from '../../statements/archive/zipDirectory';
import { StatementFileError } from '../../statements/statementFileError';
import { renderMessage } from '../../shared/messages/message';
import { refusalOf } from '../support/statementReading';

const DAMAGED = renderMessage({ code: 'file.crc' });
const inspect = (file: Buffer, limits: ArchiveLimits) => inspectArchive(bufferSource(file), limits);
const rowsOfPart = async (file: Buffer, part: string, limits: ArchiveLimits) => (await inspect(file, limits)).part(part)?.rowsWithValues;

/**
 * Boundaries of the archive inspection, written from the mutation-testing report
 * (npm run mutation): archives built byte by byte here, so each header field, bound and
 * budget is pinned.
 */
interface Part {
  name: string;
  content: Buffer | string;
  stored?: boolean;
  method?: number;
  flags?: number;
  extra?: Buffer;
  comment?: string;
  crc?: number;
  declaredSize?: number;
  time?: number;
  date?: number;
}

function zip(parts: Part[], options: { comment?: string; count?: number } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const content = Buffer.from(part.content);
    const data = part.stored ? content : zlib.deflateRawSync(content);
    const name = Buffer.from(part.name);
    const extra = part.extra ?? Buffer.alloc(0);
    const comment = Buffer.from(part.comment ?? '');
    const crc = part.crc ?? zlib.crc32(content);
    const method = part.method ?? (part.stored ? 0 : 8);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(part.flags ?? 0, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(part.declaredSize ?? content.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(extra.length, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(part.flags ?? 0, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(part.time ?? 0x6000, 12);
    central.writeUInt16LE(part.date ?? 0x5b7b, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(part.declaredSize ?? content.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt16LE(comment.length, 32);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, extra, data);
    centrals.push(central, name, extra, comment);
    offset += 30 + name.length + extra.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const comment = Buffer.from(options.comment ?? '');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(options.count ?? parts.length, 8);
  end.writeUInt16LE(options.count ?? parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(comment.length, 20);
  return Buffer.concat([...locals, directory, end, comment]);
}

const sheetXml = (rows: string) => `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`;
const workbook = (sheet: string, more: Part[] = []) =>
  zip([{ name: '[Content_Types].xml', content: '<Types/>' }, { name: 'xl/worksheets/sheet1.xml', content: sheet }, { name: 'xl/workbook.xml', content: '<workbook/>' }, ...more]);
const limits = { maxUncompressedBytes: 64 * 1024 * 1024 };

async function refusal(file: Buffer, options: ArchiveLimits = limits) {
  const error = await inspect(file, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StatementFileError);
  return (error as Error).message;
}

describe('readCentralDirectory', () => {
  it('reads every field of every entry, past extra fields and comments, and an archive comment', () => {
    const file = zip(
      [
        { name: 'a.xml', content: 'AAAA', stored: true, flags: 0x0808, extra: Buffer.from([1, 0, 2, 0, 9, 9]), comment: 'first', time: 0x1234, date: 0x5678 },
        { name: 'dossier/b.xml', content: 'B'.repeat(1000) },
      ],
      { comment: 'archive comment' },
    );
    const [a, b] = readCentralDirectory(file);
    expect(a).toEqual({ name: 'a.xml', flags: 0x0808, method: 0, time: 0x1234, date: 0x5678, crc: zlib.crc32('AAAA'), compressedSize: 4, uncompressedSize: 4, localOffset: 0 });
    expect(b).toMatchObject({ name: 'dossier/b.xml', method: 8, uncompressedSize: 1000, crc: zlib.crc32('B'.repeat(1000)), localOffset: 30 + 5 + 6 + 4 });
    expect(b.compressedSize).toBe(zlib.deflateRawSync('B'.repeat(1000)).length);
  });

  it('refuses, in French, what is not a zip or is cut', () => {
    const message = (file: Buffer) => {
      try {
        readCentralDirectory(file);
      } catch (error) {
        expect(error).toBeInstanceOf(StatementFileError);
        return (error as Error).message;
      }
      return 'accepted';
    };
    const good = zip([{ name: 'xl/workbook.xml', content: '<workbook/>' }]);
    expect(message(Buffer.alloc(0))).toMatch(/endommagé ou incomplet/);
    expect(message(good.subarray(0, 21))).toMatch(/endommagé ou incomplet/);
    expect(message(Buffer.concat([Buffer.from('PK\u0005\u0006'), good.subarray(4)]))).toMatch(/endommagé ou incomplet/);
    // No end record: cut before it.
    expect(message(good.subarray(0, good.length - 22))).toMatch(/endommagé ou incomplet/);
    // The directory claims to start past the end record.
    const pastEnd = Buffer.from(good);
    pastEnd.writeUInt32LE(good.length, good.length - 22 + 16);
    expect(message(pastEnd)).toMatch(/endommagé ou incomplet/);
    // More entries than the directory holds.
    expect(message(zip([{ name: 'xl/workbook.xml', content: 'x' }], { count: 2 }))).toMatch(/endommagé ou incomplet/);
    // A damaged central header signature.
    const badHeader = Buffer.from(good);
    badHeader.writeUInt32LE(0x12345678, good.readUInt32LE(good.length - 22 + 16));
    expect(message(badHeader)).toMatch(/endommagé ou incomplet/);
    // ZIP64 markers.
    const zip64 = Buffer.from(good);
    zip64.writeUInt16LE(0xffff, good.length - 22 + 10);
    expect(message(zip64)).toMatch(/ZIP64/);
    const zip64Offset = Buffer.from(good);
    zip64Offset.writeUInt32LE(0xffffffff, good.length - 22 + 16);
    expect(message(zip64Offset)).toMatch(/ZIP64/);
    expect(message(good)).toBe('accepted');
  });

  it('finds the end record behind a comment of up to 65,535 bytes', () => {
    const file = zip([{ name: 'xl/workbook.xml', content: 'x' }], { comment: 'c'.repeat(0xffff) });
    expect(readCentralDirectory(file).map((entry) => entry.name)).toEqual(['xl/workbook.xml']);
  });
});

describe('inspectArchive', () => {
  it('counts the rows holding a value: <v>, <is> or <f>, after any attributes, prefixed or not; not empty, formatted-only, <rows> or <rowBreaks>', async () => {
    const rows =
      '<row r="1"><c><v>1</v></c></row><row><c t="inlineStr"><is><t>x</t></is></c></row><row/><row\tr="4"><c><v>2</v></c></row>' +
      '<row\nr="5"><c><f>A1</f></c></row><row\rr="6"><c s="1"/></row><row r="7"><c r="A7"><v></v></c></row><x:row r="8"><x:c><x:v>3</x:v></x:c></x:row><rows/><rowBreaks/>';
    const archive = await inspect(
      workbook(sheetXml(rows), [
        { name: 'xl/worksheets/sheet2.xml', content: sheetXml('') },
        { name: 'xl/worksheets/other.xml', content: sheetXml('<row><c><v>1</v></c></row>') },
      ]),
      limits,
    );
    expect(archive.part('xl/worksheets/sheet1.xml')?.rowsWithValues).toBe(6);
    expect(archive.part('xl/worksheets/sheet2.xml')?.rowsWithValues).toBe(0);
    expect(archive.part('XL\\Worksheets\\Other.xml')?.rowsWithValues).toBe(1);
    expect(archive.entries).toEqual(expect.arrayContaining([{ name: 'xl/workbook.xml', compressedSize: expect.any(Number), uncompressedSize: 11 }]));
    expect(archive.entries).toHaveLength(5);
  });

  it('counts a row token split across two inflated chunks once', async () => {
    // Inflated output comes in 64 KiB chunks: put "<row " across the first boundary.
    const head = sheetXml('').indexOf('<sheetData>') + '<sheetData>'.length;
    const padding = ' '.repeat(64 * 1024 - head - 2);
    const xml = sheetXml(`${padding}<row r="1"><c><v>1</v></c></row><row r="2"><c><v>2</v></c></row>`);
    expect(xml.indexOf('<row')).toBe(64 * 1024 - 2);
    expect(await rowsOfPart(workbook(xml), 'xl/worksheets/sheet1.xml', limits)).toBe(2);
  });

  it('reads stored (uncompressed) parts, checked the same way', async () => {
    const file = zip([
      { name: 'xl/workbook.xml', content: '<workbook/>', stored: true },
      { name: 'xl/worksheets/sheet1.xml', content: sheetXml('<row><c><v>1</v></c></row>'.repeat(3)), stored: true },
    ]);
    expect(await rowsOfPart(file, 'xl/worksheets/sheet1.xml', limits)).toBe(3);
    const damaged = zip([{ name: 'xl/workbook.xml', content: '<workbook/>', stored: true, crc: 1 }]);
    expect(await refusal(damaged)).toBe(DAMAGED);
  });

  it('refuses an unknown compression method, a wrong size or CRC, and a file without a workbook', async () => {
    expect(await refusal(zip([{ name: 'xl/workbook.xml', content: 'wb', stored: true, method: 12 }]))).toMatch(/endommagé ou incomplet/);
    expect(await refusal(zip([{ name: 'xl/workbook.xml', content: 'wb', declaredSize: 3 }]))).toBe(DAMAGED);
    expect(await refusal(zip([{ name: 'xl/workbook.xml', content: 'wb', crc: zlib.crc32('wc') }]))).toBe(DAMAGED);
    expect(await refusalOf(zip([{ name: 'xl/worksheets/sheet1.xml', content: 'x' }]))).toMatch(/ne contient pas de classeur/);
    // The second part's local header is not one.
    const file = workbook(sheetXml(''));
    const broken = Buffer.from(file);
    broken.writeUInt32LE(0xdeadbeef, readCentralDirectory(file)[1].localOffset);
    expect(await refusal(broken)).toMatch(/endommagé ou incomplet/);
  });

  it('refuses more entries than allowed, at the limit exactly', async () => {
    const parts = (n: number) =>
      workbook(
        sheetXml(''),
        Array.from({ length: n - 3 }, (_, i) => ({ name: `docProps/p${i}.xml`, content: 'x' })),
      );
    await expect(inspect(parts(5), { ...limits, maxEntries: 5 })).resolves.toBeDefined();
    expect(await refusal(parts(6), { ...limits, maxEntries: 5 })).toMatch(/endommagé ou incomplet/);
  });

  it('refuses a declared or real size past the budget, naming the budget', async () => {
    const file = workbook(sheetXml('<row/>'.repeat(1000)));
    const size = readCentralDirectory(file).reduce((sum, entry) => sum + entry.uncompressedSize, 0);
    await expect(inspect(file, { maxUncompressedBytes: size })).resolves.toBeDefined();
    expect(await refusal(file, { maxUncompressedBytes: size - 1 })).toBe('Ce fichier se décompresse en plus de 0 Mo : il est refusé par sécurité. Découpez le bordereau en plusieurs fichiers.');
    // Sizes that lie: the inflating itself stops at the budget.
    const lying = workbook(sheetXml('<row/>'.repeat(1000)));
    const sheet = readCentralDirectory(lying)[1];
    const centralOffset = lying.readUInt32LE(lying.length - 22 + 16);
    let position = centralOffset;
    for (const entry of readCentralDirectory(lying)) {
      if (entry.name === sheet.name) lying.writeUInt32LE(10, position + 24);
      position += 46 + Buffer.byteLength(entry.name);
    }
    expect(await refusal(lying, { maxUncompressedBytes: 2000 })).toMatch(/se décompresse en plus de/);
  });

  it('spends one budget across parts: a later part whose size lies stops where the earlier ones left it', async () => {
    const content = sheetXml('<row/>'.repeat(300));
    const size = Buffer.byteLength(content);
    const file = zip([
      { name: 'xl/workbook.xml', content: '<workbook/>' },
      { name: 'xl/worksheets/sheet1.xml', content },
      { name: 'xl/worksheets/sheet2.xml', content, declaredSize: 10 },
    ]);
    // Declared: 11 + size + 10, within the budget; inflated: 11 + 2 × size, past it.
    expect(await refusal(file, { maxUncompressedBytes: 11 + size + 20 })).toMatch(/se décompresse en plus de/);
  });

  it('gives shared strings their own budget, and other parts theirs', async () => {
    const strings = { name: 'xl/sharedStrings.xml', content: `<sst>${'<si><t>a</t></si>'.repeat(100)}</sst>` };
    const file = workbook(sheetXml(''), [strings]);
    const size = Buffer.byteLength(strings.content);
    await expect(inspect(file, { ...limits, maxSharedStringsBytes: size })).resolves.toBeDefined();
    expect(await refusal(file, { ...limits, maxSharedStringsBytes: size - 1 })).toMatch(/^Ce fichier est refusé par sécurité : sa partie « xl\/sharedStrings\.xml » dépasse 0 Mo/);
    const bigStyles = workbook(sheetXml(''), [{ name: 'xl/styles.xml', content: 'x', declaredSize: 64 * 1024 * 1024 + 1 }]);
    expect(await refusal(bigStyles, { maxUncompressedBytes: 1024 * 1024 * 1024 })).toMatch(/« xl\/styles\.xml » dépasse 64 Mo/);
  });

  it('refuses a cell text of more than a million characters, and a highly repetitive one as a bomb', async () => {
    // Random letters: no markup, hardly compressible, so not a ratio refusal.
    const text = Buffer.from(crypto.randomBytes(1024 * 1024 + 10).map((byte) => 97 + (byte % 26))).toString('latin1');
    expect(await refusal(workbook(sheetXml(`<row><c t="inlineStr"><is><t>${text}</t></is></c></row>`)))).toMatch(/texte démesuré/);
    expect(await refusal(workbook(sheetXml(`<row><c t="inlineStr"><is><t>${'a'.repeat(5 * 1024 * 1024)}</t></is></c></row>`)))).toMatch(/bombe de décompression/);
    // Just under the limit is fine.
    const under = text.slice(0, 1024 * 1024 - 10);
    await expect(inspect(workbook(sheetXml(`<row><c t="inlineStr"><is><t>${under}</t></is></c></row>`)), limits)).resolves.toBeDefined();
  });
});
