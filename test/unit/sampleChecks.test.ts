import { describe, expect, it } from 'vitest';
import { implausibleDateColumns, uncomputedFormulaColumn } from '../../statements/verdicts/sampleChecks';
import type { StatementCell } from '../../statements/readers/statementWorkbook';

/**
 * What the preview's first rows say about the whole file: a mapped column of formulas saved
 * without values, and a date column whose every date is implausible, with the cause to suspect.
 */
const columns = ['N° client', 'Date', 'Début', 'Montant'];
const sample = (...rows: StatementCell[][]) => rows.map((cells, i) => ({ rowNumber: i + 2, cells }));
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const context = { today: '2026-06-15' };

describe('uncomputed formulas in the sample', () => {
  it('a mapped column whose every filled cell is a formula without value is named', () => {
    const rows = sample(['C1', null, null, { formula: 'B2*2' }], ['C2', null, null, null], ['C3', null, null, { formula: 'B4*2' }]);
    expect(uncomputedFormulaColumn(rows, { clientNumber: 0, amount: 3 }, columns)).toBe('Montant');
  });

  it('one computed value in the column clears it', () => {
    const rows = sample(['C1', null, null, { formula: 'B2*2' }], ['C2', null, null, 12.5]);
    expect(uncomputedFormulaColumn(rows, { clientNumber: 0, amount: 3 }, columns)).toBeUndefined();
  });

  it('cells past the end of a short row are not filled cells', () => {
    const rows = sample(['C1', null, null, { formula: 'B2*2' }], ['C2']);
    expect(uncomputedFormulaColumn(rows, { clientNumber: 0, amount: 3 }, columns)).toBe('Montant');
  });

  it('a column without any filled cell is not a formula column', () => {
    const rows = sample(['C1', null, null, null], ['C2', null, null, undefined as never]);
    expect(uncomputedFormulaColumn(rows, { clientNumber: 0, amount: 3 }, columns)).toBeUndefined();
  });

  it('unmapped fields are skipped, and only mapped columns are looked at', () => {
    const rows = sample([{ formula: 'A1' }, null, null, { formula: 'B2*2' }]);
    expect(uncomputedFormulaColumn(rows, { clientNumber: undefined, amount: 3 }, columns)).toBe('Montant');
    expect(uncomputedFormulaColumn(rows, { amount: undefined, date: 1 }, columns)).toBeUndefined();
  });
});

describe('implausible date columns in the sample', () => {
  it('commission dates all before 1990 are a warning naming the column and the first date, in French order', () => {
    const rows = sample(['C1', day('1950-03-01')], ['C2', day('1951-04-02')]);
    expect(implausibleDateColumns(rows, { date: 1 }, columns, context)).toEqual([
      { code: 'dates.implausibleColumn', params: { column: 'Date', example: '01/03/1950', cause: { code: 'dates.cause.unknown' } } },
    ]);
  });

  it('one plausible date in the column clears it', () => {
    const rows = sample(['C1', day('1950-03-01')], ['C2', day('2026-04-02')]);
    expect(implausibleDateColumns(rows, { date: 1 }, columns, context)).toEqual([]);
  });

  it('a column without any date is no warning', () => {
    expect(implausibleDateColumns(sample(['C1', null], ['C2', '']), { date: 1 }, columns, context)).toEqual([]);
    expect(implausibleDateColumns(sample(['C1', 'pas une date']), { date: 1 }, columns, context)).toEqual([]);
  });

  it('an unmapped date field is not looked at', () => {
    expect(implausibleDateColumns(sample(['C1', day('1950-03-01')]), { clientNumber: 0 }, columns, context)).toEqual([]);
  });

  it('years read as day numbers (dates in 1900 to 1905) suspect ISO cells the reader did not know', () => {
    const rows = sample(['C1', day('1905-07-18')], ['C2', day('1900-01-01')]);
    expect(implausibleDateColumns(rows, { date: 1 }, columns, context)[0].params!.cause).toEqual({ code: 'dates.cause.iso' });
  });

  it('years read as day numbers must be every date of the column, not some', () => {
    const rows = sample(['C1', day('1905-07-18')], ['C2', day('1950-01-01')]);
    expect(implausibleDateColumns(rows, { date: 1 }, columns, context)[0].params!.cause).toEqual({ code: 'dates.cause.unknown' });
  });

  it('the 1904 shift is of 1,462 days, not twice that: 1982 dates stay implausible once shifted', () => {
    const rows = sample(['C1', day('1982-03-01')]);
    expect(implausibleDateColumns(rows, { date: 1 }, columns, context)[0].params!.cause).toEqual({ code: 'dates.cause.unknown' });
  });

  it('dates from 1906 on are not taken for years read as day numbers', () => {
    const rows = sample(['C1', day('1906-01-01')]);
    expect(implausibleDateColumns(rows, { date: 1 }, columns, context)[0].params!.cause).toEqual({ code: 'dates.cause.unknown' });
  });

  it('dates before 1900 are not taken for years read as day numbers either', () => {
    const rows = sample(['C1', day('1899-12-31')]);
    expect(implausibleDateColumns(rows, { date: 1 }, columns, context)[0].params!.cause).toEqual({ code: 'dates.cause.unknown' });
  });

  it('dates all 1,462 days early become plausible in the 1904 system: a 1904 workbook read in the 1900 one', () => {
    const rows = sample(['C1', day('1987-06-01')], ['C2', day('1988-01-15')]);
    expect(implausibleDateColumns(rows, { date: 1 }, columns, context)[0].params!.cause).toEqual({ code: 'dates.cause.1904' });
  });

  it('the 1904 cause needs every shifted date plausible', () => {
    const rows = sample(['C1', day('1987-06-01')], ['C2', day('1960-01-15')]);
    expect(implausibleDateColumns(rows, { date: 1 }, columns, context)[0].params!.cause).toEqual({ code: 'dates.cause.unknown' });
  });

  it('commission dates more than two years ahead are implausible too', () => {
    const rows = sample(['C1', day('2029-01-01')]);
    expect(implausibleDateColumns(rows, { date: 1 }, columns, context)).toHaveLength(1);
    expect(implausibleDateColumns(sample(['C1', day('2028-06-15')]), { date: 1 }, columns, context)).toEqual([]);
  });

  it('start dates are implausible only before 1900; a 1950 start date is fine', () => {
    const rows = sample(['C1', null, day('1850-06-01')]);
    expect(implausibleDateColumns(rows, { startDate: 2 }, columns, context)).toEqual([
      { code: 'dates.implausibleColumn', params: { column: 'Début', example: '01/06/1850', cause: { code: 'dates.cause.unknown' } } },
    ]);
    expect(implausibleDateColumns(sample(['C1', null, day('1899-06-01')]), { startDate: 2 }, columns, context)[0].params!.cause).toEqual({ code: 'dates.cause.1904' });
    expect(implausibleDateColumns(sample(['C1', null, day('1950-06-01')]), { startDate: 2 }, columns, context)).toEqual([]);
    expect(implausibleDateColumns(sample(['C1', null, day('1900-01-01')]), { startDate: 2 }, columns, context)).toEqual([]);
  });

  it('each implausible date column gets its own warning', () => {
    const rows = sample(['C1', day('1950-03-01'), day('1899-06-01')]);
    expect(implausibleDateColumns(rows, { date: 1, startDate: 2 }, columns, context).map((w) => w.params!.column)).toEqual(['Date', 'Début']);
  });
});
