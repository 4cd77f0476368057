import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { type PersonalDataExport } from '../../api/personalData/personalDataExport';
import { personalDataWorkbook } from '../../api/personalData/personalDataWorkbook';
import { xlsxParts } from '../support/xlsxPart';

/**
 * The personal-data export's spreadsheet is sent to the client and opened on their computer:
 * no cell of it may ever start a formula, whichever sheet and column a hostile value (a name typed
 * as `=HYPERLINK(…)`, a file name, a label an insurer wrote) lands in. Numbers and dates stay
 * numbers and dates.
 */
const TRIGGERS = ['=', '+', '-', '@', '\t', '\r'];
/**
 * OWASP's characters, written here apart from the product's rule so that a change to that rule is
 * seen; a line feed too, since XML reads an unguarded carriage return back as one. A negative
 * number alone is data.
 */
const startsLikeFormula = (text: string) => /^[=+\-@\t\r\n]/.test(text) && !/^-\d+(?:[.,]\d+)?$/.test(text);
let next = 0;
/** A different formula-like text each time, cycling through every trigger character. */
const hostile = (what: string) => `${TRIGGERS[next++ % TRIGGERS.length]}HYPERLINK("http://evil.example/${what}")`;

function exportData(): PersonalDataExport {
  const when = new Date(Date.UTC(2026, 2, 1, 10));
  return {
    exportedAt: when.toISOString(),
    client: {
      id: 7,
      clientNumber: hostile('number'),
      lastName: hostile('last'),
      firstName: hostile('first'),
      email: hostile('email'),
      phone: hostile('phone'),
      address: `${hostile('address')}\n2e ligne`,
      advisor: hostile('advisor'),
      formerNumbers: [hostile('alias1'), hostile('alias2')],
      createdAt: when,
      updatedAt: when,
      anonymisedAt: null,
    },
    contracts: [1, 2].map((id) => ({
      id,
      contractNumber: hostile(`contract${id}`),
      product: hostile('product'),
      insurer: hostile('insurer'),
      status: 'active',
      startDate: hostile('start'),
      endDate: hostile('end'),
      advisor: hostile('contractAdvisor'),
    })),
    commissions: [-12.5, 100].map((amount, id) => ({
      id,
      date: hostile('date'),
      amount,
      label: hostile('label'),
      contractNumber: hostile('commissionContract'),
      source: 'import',
      importId: 3,
      clientNumber: hostile('snapshotNumber'),
      clientName: hostile('snapshotName'),
    })),
    imports: [{ id: 3, fileName: hostile('file.xlsx'), insurer: hostile('importInsurer'), period: hostile('period'), importedAt: when, outcome: 'updated' }],
    history: [
      {
        id: 1,
        occurredAt: when,
        userLabel: hostile('user'),
        action: 'update',
        recordType: 'client',
        recordId: 7,
        recordLabel: hostile('label'),
        changes: { lastName: { before: hostile('before'), after: hostile('after') } },
      },
      // An action the export does not know is written as it is: still guarded.
      { id: 2, occurredAt: when, userLabel: 'Anne', action: hostile('action'), recordType: hostile('type'), recordId: 7, recordLabel: 'x', changes: { [hostile('field')]: { before: 1, after: 2 } } },
    ],
  };
}

async function cellsOf(file: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file as never);
  const cells: Array<{ at: string; value: unknown; type: ExcelJS.ValueType }> = [];
  for (const sheet of workbook.worksheets) {
    // Rich text is read as its text: a spreadsheet shows it, and edits it, as any other text.
    sheet.eachRow((row) => row.eachCell((cell) => cells.push({ at: `${sheet.name}!${cell.address}`, value: cell.type === ExcelJS.ValueType.RichText ? cell.text : cell.value, type: cell.type })));
  }
  return cells;
}

describe('the personal-data export’s spreadsheet', () => {
  it('never holds a cell that starts a formula, in any sheet or column', async () => {
    const file = await personalDataWorkbook(exportData());
    const cells = await cellsOf(file);
    const texts = cells.filter((cell) => typeof cell.value === 'string');
    // Every hostile value above reached a cell: the check below is not vacuous.
    expect(texts.filter((cell) => (cell.value as string).includes('evil.example')).length).toBeGreaterThanOrEqual(30);
    for (const cell of texts) {
      expect(startsLikeFormula(cell.value as string), `${cell.at}: ${JSON.stringify(cell.value)}`).toBe(false);
      // The guard is one apostrophe before the value, which is kept whole (XML reads a carriage return back as a line feed).
      if ((cell.value as string).startsWith("'")) expect(cell.value, cell.at).toMatch(/^'[=+\-@\t\r\n]/);
    }
    expect(cells.filter((cell) => cell.type === ExcelJS.ValueType.Formula)).toEqual([]);
    // Read as the spreadsheet program reads it: no formula element anywhere in the package.
    for (const part of xlsxParts(file)) expect(part.content.toString('utf8'), part.name).not.toMatch(/<(\w+:)?f[ >]/);
  });

  it('keeps numbers and dates as they are: amounts, ids and times are data, never guarded text', async () => {
    const cells = await cellsOf(await personalDataWorkbook(exportData()));
    const sheet = (name: string) => cells.filter((cell) => cell.at.startsWith(`${name}!`));
    expect(
      sheet('Commissions')
        .filter((cell) => cell.at.startsWith('Commissions!B') && cell.at !== 'Commissions!B1')
        .map((cell) => cell.value),
    ).toEqual([-12.5, 100]);
    expect(sheet('Imports').find((cell) => cell.at === 'Imports!A2')?.value).toBe(3);
    // Times are written as the firm reads them, in Paris and in French (10:00 UTC is 11:00 in March).
    expect(sheet('Client').some((cell) => typeof cell.value === 'string' && /^01\/03\/2026 (à )?11:00/.test(cell.value))).toBe(true);
    expect(String(sheet('Historique').find((cell) => cell.at === 'Historique!A2')?.value)).toMatch(/^01\/03\/2026 (à )?11:00/);
  });

  it('writes harmless texts exactly, a negative amount written as text included', async () => {
    const data = exportData();
    data.client.lastName = 'Dupont';
    data.client.firstName = 'Jean-Pierre';
    data.commissions[0].label = '-12,50';
    const cells = await cellsOf(await personalDataWorkbook(data));
    const values = cells.map((cell) => cell.value);
    expect(values).toContain('Dupont');
    expect(values).toContain('Jean-Pierre');
    expect(values).toContain('-12,50');
  });
});
