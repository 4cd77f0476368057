import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { analyseStatement } from '../../statements/readers/statementReader';
import { inspectWorkbookArchive, readCentralDirectory, StatementFileError } from '../../statements/archive/workbookArchive';
import { largeStatement, legacyXls, messyStatement, zipArchive, zipBomb } from '../imports/statementFiles';

const limits = { maxUncompressedBytes: 20 * 1024 * 1024 };

async function refusal(file: Buffer) {
  const error = await inspectWorkbookArchive(file, limits).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(StatementFileError);
  return (error as Error).message;
}

describe('inspectWorkbookArchive', () => {
  it('accepts a real workbook and counts the rows of each sheet', async () => {
    const archive = await inspectWorkbookArchive(await messyStatement(), limits);
    expect(archive.rowsPerSheet.get('1')).toBe(11); // rows 1-13 without the blank rows 3 and 8
    const large = await inspectWorkbookArchive(await largeStatement(3000), limits);
    expect(large.rowsPerSheet.get('1')).toBe(3002);
  });

  it('refuses a zip bomb, whether its sizes are declared or hidden', async () => {
    const honest = zipBomb(40 * 1024 * 1024);
    expect(honest.length).toBeLessThan(200 * 1024);
    expect(await refusal(honest)).toMatch(/se décompresse en plus de 20 Mo/);
    // Its directory declares small sizes: counting the inflated bytes is what refuses it, here
    // through the inflate ratio (spaces compress about 1000:1) before the byte budget.
    // (How fast it stops is the benchmark's business, not a timed assertion here.)
    const lying = zipBomb(200 * 1024 * 1024, { lie: true });
    expect(await refusal(lying)).toMatch(/plus de 100 fois sa taille/);
  });

  it('explains empty, legacy, non-Excel and truncated files', async () => {
    expect(await refusal(Buffer.alloc(0))).toBe('Le fichier est vide.');
    expect(await refusal(legacyXls())).toMatch(/Excel 97-2003 \(\.xls\)/);
    expect(await refusal(Buffer.from('N° client;Nom;Montant\n1;Dupont;12\n'))).toMatch(/n’est pas un classeur Excel/);
    expect(await refusal(Buffer.from('%PDF-1.7 ...'))).toMatch(/n’est pas un classeur Excel/);
    const file = await messyStatement();
    expect(await refusal(file.subarray(0, Math.floor(file.length / 2)))).toMatch(/endommagé ou incomplet/);
    expect(await refusal(file.subarray(0, file.length - 10))).toMatch(/endommagé ou incomplet/);
    // A zip that is not a workbook.
    expect(await refusal(zipArchive([{ name: 'notes.txt', content: Buffer.from('hello') }]))).toMatch(/n’est pas un classeur Excel/);
    // Corrupt compressed data.
    const corrupt = Buffer.from(file);
    for (let i = 200; i < 260; i++) corrupt[i] = 0xff;
    expect(await refusal(corrupt)).toMatch(/endommagé ou incomplet/);
  });

  it('rewrites the archive so that a streaming reader meets the workbook parts before the sheets', async () => {
    // Written like Excel does: inline strings, no sharedStrings.xml part at all.
    const output = new PassThrough();
    const chunks: Buffer[] = [];
    output.on('data', (chunk: Buffer) => chunks.push(chunk));
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useSharedStrings: false });
    const sheet = writer.addWorksheet('Bordereau');
    sheet.addRow(['N° client', 'Nom', 'Date', 'Montant']).commit();
    sheet.addRow(['007', 'Dupont', '01/03/2026', '12,50']).commit();
    sheet.commit();
    await writer.commit();
    const file = Buffer.concat(chunks);
    expect(readCentralDirectory(file).some((entry) => entry.name === 'xl/sharedStrings.xml')).toBe(false);

    const { workbook } = await inspectWorkbookArchive(file, limits);
    const names = readCentralDirectory(workbook).map((entry) => entry.name);
    expect(names.indexOf('xl/sharedStrings.xml')).toBeLessThan(names.indexOf('xl/worksheets/sheet1.xml'));
    expect(names.indexOf('xl/workbook.xml')).toBeLessThan(names.indexOf('xl/worksheets/sheet1.xml'));
    const layout = await analyseStatement(workbook, { sampleRows: 5 });
    expect(layout.columns).toEqual(['N° client', 'Nom', 'Date', 'Montant']);
    expect(layout.sample.map((row) => row.cells)).toEqual([['007', 'Dupont', '01/03/2026', '12,50']]);
    // The rewritten archive passes the same checks.
    expect((await inspectWorkbookArchive(workbook, limits)).rowsPerSheet.get('1')).toBe(2);
  });
});
