import crypto from 'node:crypto';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readStatementRow } from '../../statements/verdicts/statementRow';
import { proposeMapping, resolveMapping } from '../../statements/mapping/columnMapping';
import { readCentralDirectory } from '../../statements/archive/zipDirectory';
import { renderMessage } from '../../shared/messages/message';
import { layoutOf, openFile, refusalOf } from '../support/statementReading';
import { zipArchive } from '../imports/statementFiles';
import { xlsxParts } from '../support/xlsxPart';

/**
 * A corrupted file must never import with wrong amounts (CRC-32 of every part), and
 * a file built to exhaust memory must be refused before any parser sees it (inflate ratio,
 * per-part budgets, one cell's text).
 */
const limits = { maxUncompressedBytes: 2048 * 1024 * 1024 };

const DAMAGED = renderMessage({ code: 'file.crc' });
const refusal = (file: Buffer, options: { maxUncompressedBytes: number; maxSharedStringsBytes?: number } = limits) => refusalOf(file, options);

/** A one-line statement whose amount is 100, as exceljs writes it (shared strings, deflated). */
async function oneLineStatement() {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Bordereau');
  sheet.addRow(['N° client', 'Nom', 'N° de contrat', 'Date', 'Montant']);
  sheet.addRow(['CL-1', 'Dupont', 'CT-1', '01/10/2026', 100]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function amountsOf(file: Buffer) {
  const { layout, sample } = await layoutOf(file, { sampleRows: 10, limits });
  const check = resolveMapping(proposeMapping(layout.columns), layout.columns);
  if (!check.ok) throw new Error('mapping');
  return sample.map(({ cells }) => {
    const result = readStatementRow(cells, check.resolved, layout.columns);
    return result.kind === 'line' ? result.line.amount : result.kind;
  });
}

describe('CRC-32 of every part', () => {
  it('reads an intact statement, deflated or stored', async () => {
    const file = await oneLineStatement();
    expect(await amountsOf(file)).toEqual(['100.00']);
    const stored = zipArchive(xlsxParts(file).map((part) => ({ ...part, stored: true })));
    expect(await amountsOf(stored)).toEqual(['100.00']);
  });

  it('refuses a stored part edited from 100 to 900 with its CRC left stale', async () => {
    const parts = xlsxParts(await oneLineStatement());
    const sheet = parts.find((part) => part.name === 'xl/worksheets/sheet1.xml')!;
    const staleCrc = zlib.crc32(sheet.content);
    const edited = Buffer.from(sheet.content.toString('utf8').replace('<v>100</v>', '<v>900</v>'));
    expect(edited.equals(sheet.content)).toBe(false);
    const file = zipArchive(parts.map((part) => (part === sheet ? { ...part, content: edited, crc: staleCrc, stored: true } : { ...part, stored: true })));
    expect(await refusal(file)).toBe(DAMAGED);
  });

  it('refuses a flipped bit inside a compressed part that still inflates', async () => {
    const file = await oneLineStatement();
    const entry = readCentralDirectory(file).find((e) => e.name === 'xl/worksheets/sheet1.xml')!;
    const start = entry.localOffset + 30 + file.readUInt16LE(entry.localOffset + 26) + file.readUInt16LE(entry.localOffset + 28);
    const original = zlib.inflateRawSync(file.subarray(start, start + entry.compressedSize));
    // The first bit flip that still inflates, to something else: only the CRC can tell.
    let damaged: Buffer | undefined;
    for (let at = start + 10; at < start + entry.compressedSize - 4 && !damaged; at++) {
      for (let bit = 0; bit < 8 && !damaged; bit++) {
        const candidate = Buffer.from(file);
        candidate[at] ^= 1 << bit;
        try {
          const inflated = zlib.inflateRawSync(candidate.subarray(start, start + entry.compressedSize));
          if (inflated.length === original.length && !inflated.equals(original)) damaged = candidate;
        } catch {
          // this flip breaks the deflate stream: refused anyway, but not what this test is about
        }
      }
    }
    expect(damaged).toBeDefined();
    expect(await refusal(damaged!)).toBe(DAMAGED);
  });
});

describe('memory bombs', () => {
  it('refuses a part that inflates more than 100 times past its first 64 MB, even within the byte budget', async () => {
    const sheet = Buffer.alloc(80 * 1024 * 1024, '<c/>');
    const file = zipArchive([
      { name: '[Content_Types].xml', content: Buffer.from('<Types/>') },
      { name: 'xl/workbook.xml', content: Buffer.from('<workbook/>') },
      { name: 'xl/worksheets/sheet1.xml', content: sheet },
    ]);
    expect(file.length).toBeLessThan(200 * 1024);
    expect(await refusal(file)).toMatch(/plus de 100 fois sa taille \(bombe de décompression\)/);
  });

  it('gives the shared strings a budget of their own, declared or not', async () => {
    // Random text compresses about 1.3 times: no ratio rule can catch it, only the part budget.
    const strings = `<sst>${Array.from({ length: 4000 }, () => `<si><t>${crypto.randomBytes(1500).toString('base64')}</t></si>`).join('')}</sst>`;
    const parts = [
      { name: '[Content_Types].xml', content: Buffer.from('<Types/>') },
      { name: 'xl/workbook.xml', content: Buffer.from('<workbook/>') },
      { name: 'xl/sharedStrings.xml', content: Buffer.from(strings) },
    ];
    const small = { ...limits, maxSharedStringsBytes: 4 * 1024 * 1024 };
    expect(await refusal(zipArchive(parts), small)).toMatch(/« xl\/sharedStrings\.xml » dépasse 4 Mo/);
    const lying = zipArchive(parts.map((part) => (part.name === 'xl/sharedStrings.xml' ? { ...part, declaredSize: 100 } : part)));
    expect(await refusal(lying, small)).toMatch(/« xl\/sharedStrings\.xml » dépasse 4 Mo/);
  });

  it('refuses one cell holding megabytes of text', async () => {
    const cell = crypto.randomBytes(1536 * 1024).toString('base64');
    const file = zipArchive([
      { name: '[Content_Types].xml', content: Buffer.from('<Types/>') },
      { name: 'xl/workbook.xml', content: Buffer.from('<workbook/>') },
      { name: 'xl/sharedStrings.xml', content: Buffer.from(`<sst><si><t>${cell}</t></si></sst>`) },
    ]);
    expect(await refusal(file)).toMatch(/une de ses cellules contient un texte démesuré/);
  });

  it('accepts long but legitimate cells (Excel caps a cell at 32,767 characters)', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Bordereau');
    sheet.addRow(['N° client', 'Nom', 'N° de contrat', 'Date', 'Montant', 'Libellé']);
    sheet.addRow(['CL-1', 'Dupont', 'CT-1', '01/10/2026', 100, '&<>"é'.repeat(32_767 / 5)]);
    const opened = await openFile(Buffer.from(await workbook.xlsx.writeBuffer()), limits);
    expect(opened.sheets).toEqual([{ name: 'Bordereau', hidden: false, rows: 2 }]);
  });
});
