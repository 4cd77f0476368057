import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { readCentralDirectory } from '../../statements/archive/zipDirectory';
import { largeStatement, legacyXls, messyStatement, zipArchive, zipBomb } from '../imports/statementFiles';
import { layoutOf, openFile, refusalOf } from '../support/statementReading';

const limits = { maxUncompressedBytes: 20 * 1024 * 1024 };
const refusal = (file: Buffer) => refusalOf(file, limits);

describe('opening a statement', () => {
  it('accepts a real workbook and counts the rows holding a value in each tab', async () => {
    const messy = await openFile(await messyStatement(), limits);
    expect(messy.sheets.map((sheet) => sheet.rows)).toEqual([11]); // rows 1-13 without the blank rows 3 and 8
    const large = await openFile(await largeStatement(3000), limits);
    expect(large.sheets).toEqual([{ name: 'Commissions', hidden: false, rows: 3002 }]);
  });

  it('refuses a zip bomb, whether its sizes are declared or hidden', async () => {
    const honest = zipBomb(40 * 1024 * 1024);
    expect(honest.length).toBeLessThan(200 * 1024);
    expect(await refusal(honest)).toMatch(/se décompresse en plus de 20 Mo/);
    // Its directory declares small sizes: counting the inflated bytes is what refuses it, here
    // through the inflate ratio (spaces compress about 1000:1) before the byte budget.
    const lying = zipBomb(200 * 1024 * 1024, { lie: true });
    expect(await refusalOf(lying, { maxUncompressedBytes: 512 * 1024 * 1024 })).toMatch(/plus de 100 fois sa taille/);
  });

  it('explains empty, damaged, truncated and foreign files, naming what they are', async () => {
    expect(await refusal(Buffer.alloc(0))).toBe('Le fichier est vide.');
    expect(await refusal(legacyXls())).toMatch(/Excel 97-2003, ou classeur protégé par un mot de passe\) est illisible/);
    expect(await refusal(Buffer.from('%PDF-1.7 ...'))).toMatch(/un document PDF/);
    const file = await messyStatement();
    expect(await refusal(file.subarray(0, Math.floor(file.length / 2)))).toMatch(/endommagé ou incomplet/);
    expect(await refusal(file.subarray(0, file.length - 10))).toMatch(/endommagé ou incomplet/);
    // A zip that is not a workbook.
    expect(await refusal(zipArchive([{ name: 'notes.txt', content: Buffer.from('hello') }]))).toMatch(/ne contient pas de classeur/);
    // Corrupt compressed data.
    const corrupt = Buffer.from(file);
    for (let i = 200; i < 260; i++) corrupt[i] = 0xff;
    expect(await refusal(corrupt)).toMatch(/endommagé/);
  });

  it('reads a workbook whose shared strings come after its sheets, or that has none', async () => {
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
    const { layout, sample } = await layoutOf(file, { sampleRows: 5 });
    expect(layout.columns).toEqual(['N° client', 'Nom', 'Date', 'Montant']);
    expect(sample.map((row) => row.cells)).toEqual([['007', 'Dupont', '01/03/2026', '12,50']]);
  });
});
