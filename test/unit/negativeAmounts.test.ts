import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAmount } from '../../statements/cellValues';
import { resolveMapping } from '../../statements/mapping/columnMapping';
import { dataRowsOf } from '../../statements/layout/statementLayout';
import { readStatementRow } from '../../statements/verdicts/statementRow';
import { layoutOf } from '../support/statementReading';

/**
 * A negative commission (a reversal, a clawback) as insurers write it: in accounting parentheses
 * `(12,50) €`, after a currency code `EUR (1 234,56)`, with a leading or trailing minus, the
 * currency inside or outside the sign, thousands grouped by spaces of any kind. Each spelling is
 * read as exactly minus its cents; a positive amount is never read as negative, and no spelling
 * is read as some other amount.
 */
const NBSP = '\u00a0';
const NNBSP = '\u202f';
const ok = (value: string) => ({ ok: true, value });

describe('a negative amount in any spelling is read as exactly minus its value', () => {
  it.each([
    ['(12,50) €', '-12.50'],
    [`(12,50)${NBSP}€`, '-12.50'],
    ['(12,50)€', '-12.50'],
    ['(12,50 €)', '-12.50'],
    ['(€ 12,50)', '-12.50'],
    ['(€12.50)', '-12.50'],
    ['€ (12,50)', '-12.50'],
    ['EUR (1 234,56)', '-1234.56'],
    [`EUR${NBSP}(1${NBSP}234,56)`, '-1234.56'],
    [`EUR (1${NNBSP}234,56)`, '-1234.56'],
    ['eur (1.234,56)', '-1234.56'],
    ['(1 234,56) EUR', '-1234.56'],
    ['(1 234,56 EUR)', '-1234.56'],
    ['(1 234,56) euros', '-1234.56'],
    ['(1,234.56)', '-1234.56'],
    ['(1.234.567)', '-1234567.00'],
    ['(0,01) €', '-0.01'],
    ['(999 999 999 999,99) €', '-999999999999.99'],
    ['-12,50 €', '-12.50'],
    ['- 12,50 €', '-12.50'],
    ['−12,50 €', '-12.50'],
    ['12,50- €', '-12.50'],
    ['12,50 €-', '-12.50'],
    ['EUR -1 234,56', '-1234.56'],
    ['-EUR 1 234,56', '-1234.56'],
    ['-€12,50', '-12.50'],
    ['€-12,50', '-12.50'],
  ])('reads %j as %s', (text, expected) => {
    expect(parseAmount(text)).toEqual(ok(expected));
  });

  it('reads the same amounts without parentheses as positive', () => {
    for (const [text, expected] of [
      ['12,50 €', '12.50'],
      ['EUR 1 234,56', '1234.56'],
      ['€ 12,50', '12.50'],
      ['1 234,56 EUR', '1234.56'],
      ['+12,50 €', '12.50'],
    ] as const) {
      expect(parseAmount(text), text).toEqual(ok(expected));
    }
  });

  it('refuses a parenthesis left open or closed alone, and a sign or currency inside the digits', () => {
    for (const text of ['(12,50 €', '12,50) €', 'EUR (1 234,56', '((12,50))', '(12,50)(3)', '(12,(50)', '12 € 50', '(1 2€34,56)', '()', '( ) €', 'EUR ()', '(-) €', '(€)']) {
      expect(parseAmount(text), text).toMatchObject({ ok: false });
    }
  });

  it('refuses more than two decimals in parentheses too, rather than rounding', () => {
    for (const text of ['(12,505) €', 'EUR (1 234,567)', '(0,001)']) {
      expect(parseAmount(text), text).toMatchObject({ ok: false, error: { code: 'row.amountTooPrecise' } });
    }
  });

  it('reads any amount written in accounting parentheses with a currency as exactly minus its cents', () => {
    const grouped = (units: string, separator: string) => units.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 99_999_999_999_999 }),
        fc.constantFrom(' ', NBSP, NNBSP, '', '.'),
        fc.constantFrom('(x)', '(x) €', '(x)€', '(x €)', 'EUR (x)', '€ (x)', '(€ x)', '(x) EUR', 'EUR(x)', '-x €', 'x- €', '−x', 'EUR -x', '-€x'),
        (totalCents, separator, shape) => {
          const units = String(Math.floor(totalCents / 100));
          const decimals = String(totalCents % 100).padStart(2, '0');
          // A dot groups thousands only with a comma as the decimal mark.
          const text = shape.replace('x', `${grouped(units, separator)},${decimals}`);
          expect(parseAmount(text), text).toEqual(ok(`-${units}.${decimals}`));
          expect(parseAmount(text.replace(/[()\-−]/g, '')), text).toEqual(ok(`${units}.${decimals}`));
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('a statement file with negative amounts', () => {
  const AMOUNTS: Array<[string, string]> = [
    ['(12,50) €', '-12.50'],
    ['EUR (1 234,56)', '-1234.56'],
    ['(0,01)', '-0.01'],
    ['-7,00 €', '-7.00'],
    ['12,50 €', '12.50'],
  ];

  /** Every line of the file, read by the real reader and the row reader, as the import reads them. */
  async function linesOf(file: Buffer) {
    const { workbook, layout } = await layoutOf(file);
    const check = resolveMapping({ contractNumber: 'Police', date: 'Date de valeur', amount: 'Montant' }, layout.columns);
    if (!check.ok) throw new Error(JSON.stringify(check.errors));
    const amounts: string[] = [];
    for await (const row of dataRowsOf(workbook, layout)) {
      const verdict = readStatementRow(row.cells, check.resolved, layout.columns, { today: '2026-11-01' });
      if (verdict.kind !== 'line') throw new Error(`row ${row.rowNumber}: ${JSON.stringify(verdict)}`);
      amounts.push(verdict.line.amount);
    }
    return amounts;
  }

  it('imports each one with its sign, from a CSV', async () => {
    const csv = ['Police;Date de valeur;Montant', ...AMOUNTS.map(([text], i) => `K-${i};01/10/2026;"${text}"`)].join('\r\n');
    expect(await linesOf(Buffer.from(csv, 'utf8'))).toEqual(AMOUNTS.map(([, value]) => value));
  });

  it('imports each one with its sign, from text cells of an xlsx', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Bordereau');
    sheet.addRow(['Police', 'Date de valeur', 'Montant']);
    AMOUNTS.forEach(([text], i) => sheet.addRow([`K-${i}`, '01/10/2026', text]));
    expect(await linesOf(Buffer.from(await workbook.xlsx.writeBuffer()))).toEqual(AMOUNTS.map(([, value]) => value));
  });
});
