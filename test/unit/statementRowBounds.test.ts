import { describe, expect, it } from 'vitest';
import { implausibleCommissionDate, latestCommissionDate, readStatementRow } from '../../statements/verdicts/statementRow';

/**
 * The bounds a row's dates are judged by, and the errors a rejected row carries: each test names
 * the rule it protects, with the dates on both sides of each bound.
 */
const columns = ['N° client', 'Nom', 'Contrat', 'Date', 'Montant', 'Début', 'Fin', 'Statut', 'E-mail', 'Tél.'];
const mapping = { clientNumber: 0, lastName: 1, contractNumber: 2, date: 3, amount: 4, startDate: 5, endDate: 6, status: 7, email: 8, phone: 9 };
const TODAY = '2026-06-15';
const row = (cells: unknown[], context: { today?: string; period?: string } = { today: TODAY }) => readStatementRow(cells as never, mapping, columns, context);
const base = ['C-1', 'Martin', 'K-1', '2026-03-01', '10,00', null, null, null, null, null];
const withCells = (changes: Record<number, unknown>) => base.map((cell, index) => (index in changes ? changes[index] : cell));
const errorsOf = (result: ReturnType<typeof row>) => (result.kind === 'rejected' ? result.errors.map((error) => ({ column: error.column, code: error.code, params: error.params })) : []);

describe('the plausible commission dates', () => {
  it('end two years after today, on the same day; a 29 February becomes the 28th only in February', () => {
    expect(latestCommissionDate('2026-06-15')).toBe('2028-06-15');
    expect(latestCommissionDate('2024-02-29')).toBe('2026-02-28');
    expect(latestCommissionDate('2026-03-29')).toBe('2028-03-29');
    expect(latestCommissionDate('2026-02-28')).toBe('2028-02-28');
    expect(latestCommissionDate('2025-12-29')).toBe('2027-12-29');
  });

  it('start on 1 January 1990 and end on the latest date, both included', () => {
    expect(implausibleCommissionDate('1990-01-01', TODAY)).toBe(false);
    expect(implausibleCommissionDate('1989-12-31', TODAY)).toBe(true);
    expect(implausibleCommissionDate('2028-06-15', TODAY)).toBe(false);
    expect(implausibleCommissionDate('2028-06-16', TODAY)).toBe(true);
  });

  it('refuses a row dated outside them, saying the date the French way and the last year allowed', () => {
    expect(errorsOf(row(withCells({ 3: '1989-12-31' })))).toEqual([{ column: 'Date', code: 'row.commissionDateImplausible', params: { date: '31/12/1989', maxYear: 2028 } }]);
    expect(row(withCells({ 3: '1990-01-01' })).kind).toBe('line');
  });
});

describe('the contract terms of a row', () => {
  it('take a start date from 1 January 1900 on, and refuse an earlier one without also comparing it to the end', () => {
    const accepted = row(withCells({ 5: '1900-01-01', 6: '1950-01-01' }));
    expect(accepted).toMatchObject({ kind: 'line', line: { startDate: '1900-01-01', endDate: '1950-01-01' } });
    expect(errorsOf(row(withCells({ 5: '1899-12-31', 6: '1899-01-01' })))).toEqual([{ column: 'Début', code: 'row.startDateImplausible', params: { date: '31/12/1899' } }]);
  });

  it('refuse an end before the start, accept an end on the start day, and keep a start or an end alone', () => {
    expect(errorsOf(row(withCells({ 5: '2020-05-02', 6: '2020-05-01' })))).toEqual([{ column: 'Fin', code: 'row.endBeforeStart', params: undefined }]);
    expect(row(withCells({ 5: '2020-05-01', 6: '2020-05-01' })).kind).toBe('line');
    expect(row(withCells({ 6: '2020-05-01' }))).toMatchObject({ kind: 'line', line: { startDate: null, endDate: '2020-05-01' } });
    expect(row(withCells({ 5: '2020-05-01' }))).toMatchObject({ kind: 'line', line: { startDate: '2020-05-01', endDate: null } });
  });

  it('name the column of an unreadable start date, end date or status', () => {
    const errors = errorsOf(row(withCells({ 5: 'demain', 6: 'jamais', 7: 'Peut-être' })));
    expect(errors.map((error) => [error.column, error.code])).toEqual([
      ['Début', 'row.startDateInvalid'],
      ['Fin', 'row.endDateInvalid'],
      ['Statut', expect.stringMatching(/^row\./)],
    ]);
  });
});

describe('a rejected row', () => {
  it('gathers every reason in one go: amount, date, email and phone, each under its column', () => {
    const errors = errorsOf(row(withCells({ 3: 'hier', 4: 'beaucoup', 8: 'pas-un-email', 9: '12' })));
    expect(errors.map((error) => [error.column, error.code])).toEqual([
      ['Montant', 'row.amountInvalid'],
      ['Date', expect.stringMatching(/^row\.date/)],
      ['E-mail', 'row.emailInvalid'],
      ['Tél.', 'row.phoneInvalid'],
    ]);
  });

  it('says a missing amount and a missing date, and with no date column dates the line with its period', () => {
    expect(errorsOf(row(withCells({ 3: null, 4: null }))).map((error) => error.code)).toEqual(['row.amountMissing', 'row.dateMissing']);
    const noDateColumn = { ...mapping, date: undefined } as never;
    expect(readStatementRow(base as never, noDateColumn, columns, { today: TODAY, period: '2026-04' } as never)).toMatchObject({ kind: 'line', line: { date: '2026-04-01' } });
    expect(errorsOf(readStatementRow(base as never, noDateColumn, columns, { today: TODAY }))).toEqual([{ column: null, code: 'row.dateMissing', params: undefined }]);
  });

  it('counts a field too long by its own limit: a client number up to 100 characters, a name up to 200', () => {
    expect(row(withCells({ 0: 'N'.repeat(100), 1: 'M'.repeat(200) })).kind).toBe('line');
    expect(errorsOf(row(withCells({ 0: 'N'.repeat(101), 1: 'M'.repeat(201) })))).toEqual([
      { column: 'N° client', code: 'row.tooLong', params: { max: 100 } },
      { column: 'Nom', code: 'row.tooLong', params: { max: 200 } },
    ]);
  });

  it('takes the insurer named for the whole file when the row has none', () => {
    expect(readStatementRow(base as never, mapping, columns, { today: TODAY, insurer: 'Generali Vie' })).toMatchObject({ kind: 'line', line: { insurer: 'Generali Vie' } });
    expect(row(base)).toMatchObject({ kind: 'line', line: { insurer: null } });
  });
});
