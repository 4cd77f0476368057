import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DAMAGED, inspectWorkbookArchive, readCentralDirectory, StatementFileError, workbookInStreamingOrder } from '../../statements/archive/workbookArchive';

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
  zip([
    { name: '[Content_Types].xml', content: '<Types/>' },
    { name: 'xl/worksheets/sheet1.xml', content: sheet },
    { name: 'xl/workbook.xml', content: '<workbook/>' },
    ...more,
  ]);
const limits = { maxUncompressedBytes: 64 * 1024 * 1024 };

async function refusal(file: Buffer, options: Parameters<typeof inspectWorkbookArchive>[1] = limits) {
  const error = await inspectWorkbookArchive(file, options).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(StatementFileError);
  return (error as Error).message;
}

/** The inflated content of every part of an archive, in order. */
function contents(file: Buffer) {
  return readCentralDirectory(file).map((entry) => {
    const start = entry.localOffset + 30 + file.readUInt16LE(entry.localOffset + 26) + file.readUInt16LE(entry.localOffset + 28);
    const data = file.subarray(start, start + entry.compressedSize);
    return [entry.name, (entry.method === 0 ? data : zlib.inflateRawSync(data)).toString()];
  });
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
    expect(message(Buffer.alloc(0))).toBe('Le fichier est vide.');
    expect(message(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))).toMatch(/Excel 97-2003/);
    expect(message(good.subarray(0, 21))).toMatch(/n’est pas un classeur Excel/);
    expect(message(Buffer.concat([Buffer.from('PK\u0005\u0006'), good.subarray(4)]))).toMatch(/n’est pas un classeur Excel/);
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

describe('workbookInStreamingOrder', () => {
  it('puts the workbook parts first in their order, keeps the others in theirs, and adds empty shared strings', () => {
    const file = zip([
      { name: 'xl/worksheets/sheet2.xml', content: 'two' },
      { name: 'xl/styles.xml', content: 'styles', flags: 0x0008 },
      { name: 'xl/worksheets/sheet1.xml', content: 'one', stored: true },
      { name: 'xl/workbook.xml', content: 'wb' },
      { name: '[Content_Types].xml', content: 'types' },
    ]);
    const ordered = workbookInStreamingOrder(file, readCentralDirectory(file));
    expect(contents(ordered).map(([name]) => name)).toEqual([
      '[Content_Types].xml',
      'xl/workbook.xml',
      'xl/sharedStrings.xml',
      'xl/styles.xml',
      'xl/worksheets/sheet2.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    const byName = Object.fromEntries(contents(ordered));
    expect(byName['xl/worksheets/sheet1.xml']).toBe('one');
    expect(byName['xl/styles.xml']).toBe('styles');
    expect(byName['xl/sharedStrings.xml']).toMatch(/<sst [^>]*count="0" uniqueCount="0"\/>$/);
    for (const entry of readCentralDirectory(ordered)) {
      // UTF-8 names, sizes in the headers (no trailing data descriptor).
      expect(entry.flags & 0x0808, entry.name).toBe(0x0800);
    }
    const shared = readCentralDirectory(ordered).find((entry) => entry.name === 'xl/sharedStrings.xml')!;
    expect(shared.crc).toBe(zlib.crc32(Buffer.from(byName['xl/sharedStrings.xml'])));
    expect(shared.uncompressedSize).toBe(Buffer.byteLength(byName['xl/sharedStrings.xml']));
  });

  it('adds shared strings last when nothing ranks after them, and never twice', () => {
    const bare = zip([{ name: 'xl/workbook.xml', content: 'wb' }]);
    expect(contents(workbookInStreamingOrder(bare, readCentralDirectory(bare))).map(([name]) => name)).toEqual(['xl/workbook.xml', 'xl/sharedStrings.xml']);
    const withStrings = zip([{ name: 'xl/workbook.xml', content: 'wb' }, { name: 'xl/sharedStrings.xml', content: '<sst>mine</sst>' }]);
    expect(contents(workbookInStreamingOrder(withStrings, readCentralDirectory(withStrings)))).toEqual([
      ['xl/workbook.xml', 'wb'],
      ['xl/sharedStrings.xml', '<sst>mine</sst>'],
    ]);
  });
});

describe('inspectWorkbookArchive', () => {
  it('counts rows of each sheet: <row>, <row/>, <row r=…> and attributes after a tab or a line break, not <rows>', async () => {
    const rows = '<row r="1"><c/></row><row>x</row><row/><row\tr="4"/><row\nr="5"/><row\rr="6"/><rows/><rowBreaks/>';
    const archive = await inspectWorkbookArchive(workbook(sheetXml(rows), [{ name: 'xl/worksheets/sheet2.xml', content: sheetXml('') }, { name: 'xl/worksheets/other.xml', content: sheetXml('<row/>') }]), limits);
    expect(Object.fromEntries(archive.rowsPerSheet)).toEqual({ '1': 6, '2': 0 });
    expect(archive.entries).toEqual(expect.arrayContaining([{ name: 'xl/workbook.xml', compressedSize: expect.any(Number), uncompressedSize: 11 }]));
    expect(archive.entries).toHaveLength(5);
  });

  it('counts a row token split across two inflated chunks once', async () => {
    // Inflated output comes in 64 KiB chunks: put "<row " across the first boundary.
    const head = sheetXml('').indexOf('<sheetData>') + '<sheetData>'.length;
    const padding = ' '.repeat(64 * 1024 - head - 2);
    const xml = sheetXml(`${padding}<row r="1"/><row r="2"/>`);
    expect(xml.indexOf('<row')).toBe(64 * 1024 - 2);
    expect(Object.fromEntries((await inspectWorkbookArchive(workbook(xml), limits)).rowsPerSheet)).toEqual({ '1': 2 });
  });

  it('reads stored (uncompressed) parts, checked the same way', async () => {
    const file = zip([{ name: 'xl/workbook.xml', content: '<workbook/>', stored: true }, { name: 'xl/worksheets/sheet1.xml', content: sheetXml('<row/>'.repeat(3)), stored: true }]);
    expect(Object.fromEntries((await inspectWorkbookArchive(file, limits)).rowsPerSheet)).toEqual({ '1': 3 });
    const damaged = zip([{ name: 'xl/workbook.xml', content: '<workbook/>', stored: true, crc: 1 }]);
    expect(await refusal(damaged)).toBe(DAMAGED);
  });

  it('refuses an unknown compression method, a wrong size or CRC, and a file without a workbook', async () => {
    expect(await refusal(zip([{ name: 'xl/workbook.xml', content: 'wb', stored: true, method: 12 }]))).toMatch(/endommagé ou incomplet/);
    expect(await refusal(zip([{ name: 'xl/workbook.xml', content: 'wb', declaredSize: 3 }]))).toBe(DAMAGED);
    expect(await refusal(zip([{ name: 'xl/workbook.xml', content: 'wb', crc: zlib.crc32('wc') }]))).toBe(DAMAGED);
    expect(await refusal(zip([{ name: 'xl/worksheets/sheet1.xml', content: 'x' }]))).toMatch(/n’est pas un classeur Excel/);
    // The second part's local header is not one.
    const file = workbook(sheetXml(''));
    const broken = Buffer.from(file);
    broken.writeUInt32LE(0xdeadbeef, readCentralDirectory(file)[1].localOffset);
    expect(await refusal(broken)).toMatch(/endommagé ou incomplet/);
  });

  it('refuses more entries than allowed, at the limit exactly', async () => {
    const parts = (n: number) => workbook(sheetXml(''), Array.from({ length: n - 3 }, (_, i) => ({ name: `docProps/p${i}.xml`, content: 'x' })));
    await expect(inspectWorkbookArchive(parts(5), { ...limits, maxEntries: 5 })).resolves.toBeDefined();
    expect(await refusal(parts(6), { ...limits, maxEntries: 5 })).toMatch(/endommagé ou incomplet/);
  });

  it('refuses a declared or real size past the budget, naming the budget', async () => {
    const file = workbook(sheetXml('<row/>'.repeat(1000)));
    const size = readCentralDirectory(file).reduce((sum, entry) => sum + entry.uncompressedSize, 0);
    await expect(inspectWorkbookArchive(file, { maxUncompressedBytes: size })).resolves.toBeDefined();
    expect(await refusal(file, { maxUncompressedBytes: size - 1 })).toBe(
      'Ce fichier se décompresse en plus de 0 Mo : il est refusé par sécurité. Découpez le bordereau en plusieurs fichiers.',
    );
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
    await expect(inspectWorkbookArchive(file, { ...limits, maxSharedStringsBytes: size })).resolves.toBeDefined();
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
    await expect(inspectWorkbookArchive(workbook(sheetXml(`<row><c t="inlineStr"><is><t>${under}</t></is></c></row>`)), limits)).resolves.toBeDefined();
  });
});
