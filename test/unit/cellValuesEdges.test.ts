import { describe, expect, it } from 'vitest';
import { cellText, formatFrenchDate, parseAmount, parseContractStatus, parseStatementDate, primitiveOf, reportValue } from '../../statements/cellValues';

/**
 * Boundaries of the cell readers, written from the mutation-testing report (npm run mutation):
 * each case pins a rule a small change of the code would break (a bound, an anchor of a
 * pattern, a branch order).
 */
const ok = <T>(value: T) => ({ ok: true, value });

describe('primitiveOf', () => {
  it('passes primitives and Dates through, and nothing for empty cells', () => {
    const date = new Date(Date.UTC(2026, 0, 2));
    expect(primitiveOf(null)).toBeNull();
    expect(primitiveOf(undefined)).toBeNull();
    expect(primitiveOf('')).toBe('');
    expect(primitiveOf(0)).toBe(0);
    expect(primitiveOf(false)).toBe(false);
    expect(primitiveOf(date)).toBe(date);
  });

  it('reads nothing from a formula saved without its value, nor from an error value', () => {
    expect(primitiveOf({ formula: 'A1' })).toBeNull();
    expect(primitiveOf({ formula: '' })).toBeNull();
    expect(primitiveOf({ error: '#N/A' })).toBeNull();
    expect(primitiveOf({ something: 'else' } as never)).toBeNull();
  });
});

describe('cellText and reportValue', () => {
  it('writes integers with all their digits and other numbers as JavaScript does', () => {
    expect(cellText(0)).toBe('0');
    expect(cellText(-42)).toBe('-42');
    expect(cellText(123456789012345680000)).toBe('123456789012345683968');
    expect(cellText(1e21)).toBe('1e+21');
    expect(cellText(-1e21)).toBe('-1e+21');
    expect(cellText(12.5)).toBe('12.5');
  });

  it('trims every kind of space at both ends only, and drops NUL characters', () => {
    expect(cellText('\u00a0\u202f  a  b \u00a0')).toBe('a  b');
    expect(cellText('  \u00a0a')).toBe('a');
    expect(cellText('a \u202f ')).toBe('a');
    expect(cellText('a\u0000b')).toBe('ab');
    expect(cellText('\u0000')).toBeNull();
    expect(cellText(new Date(Number.NaN))).toBeNull();
    expect(cellText(true)).toBe('true');
  });

  it('writes booleans in French in reports, and empty cells as nothing', () => {
    expect(reportValue(true)).toBe('VRAI');
    expect(reportValue(false)).toBe('FAUX');
    expect(reportValue(null)).toBeNull();
    expect(reportValue(' texte ')).toBe('texte');
    expect(formatFrenchDate(new Date(Date.UTC(2026, 11, 31)))).toBe('31/12/2026');
  });
});

describe('parseAmount edges', () => {
  it.each([
    ['12 EUR', '12.00'],
    ['12 euro', '12.00'],
    ['12 euros', '12.00'],
    ['EUR 12', '12.00'],
    ['12€', '12.00'],
    ['-12€', '-12.00'],
    ['- 12 €', '-12.00'],
    ['−7,5', '-7.50'],
    ['+7,5', '7.50'],
    ['(-3)', '3.00'],
    ['0,5', '0.50'],
    [',5', '0.50'],
    ['.5', '0.50'],
    ['1.234.567,89', '1234567.89'],
    ['1,234,567.89', '1234567.89'],
    ['999999999999,99', '999999999999.99'],
    ["1'234,50", '1234.50'],
  ])('reads %j', (text, expected) => {
    expect(parseAmount(text)).toEqual(ok(expected));
  });

  it.each(['12 euross', '1,2,3', '1.2.3', '12.34.567', '1234.567.890', '.', ',', '-', '(', '()', '12a', 'a12', '1(2)', '€', '1.234.56', '.5.', '5.', '1 000 000 000 000', '+-5', '(3)-'])(
    'refuses %j',
    (text) => {
      expect(parseAmount(text)).toMatchObject({ ok: false });
    },
  );

  it('names the refused text, and refuses what is neither a number nor text', () => {
    expect(parseAmount('12,3,4')).toMatchObject({ ok: false, message: 'Montant invalide : « 12,3,4 » n’est pas un nombre (exemple : 1 234,56).' });
    expect(parseAmount(true)).toMatchObject({ ok: false, message: 'Montant invalide : « true » n’est pas un nombre.' });
    expect(parseAmount(new Date(Date.UTC(2026, 0, 2)))).toMatchObject({ ok: false, message: 'Montant invalide : « 02/01/2026 » n’est pas un nombre.' });
    expect(parseAmount(Number.NaN)).toMatchObject({ ok: false, message: 'Montant hors limites : « NaN ».' });
  });

  it('stops just below 10^12 in both directions', () => {
    expect(parseAmount(1e12)).toMatchObject({ ok: false });
    expect(parseAmount(-1e12)).toMatchObject({ ok: false });
    expect(parseAmount(999_999_999_999.99)).toEqual(ok('999999999999.99'));
    expect(parseAmount('-1 000 000 000 000,00')).toMatchObject({ ok: false });
  });

  it('never rounds a sub-cent amount, keeps the sign of negatives and of zero amounts positive', () => {
    expect(parseAmount(-0.005)).toMatchObject({ ok: false, error: { code: 'row.amountTooPrecise' } });
    expect(parseAmount(0.004)).toMatchObject({ ok: false, error: { code: 'row.amountTooPrecise' } });
    expect(parseAmount(-2.5)).toEqual(ok('-2.50'));
    expect(parseAmount(-0)).toEqual(ok('0.00'));
    expect(parseAmount('-0')).toEqual(ok('0.00'));
  });
});

describe('parseStatementDate edges', () => {
  it.each([
    ['01/01/1900', '1900-01-01'],
    ['31/12/9999', '9999-12-31'],
    ['29/02/2024', '2024-02-29'],
    ['1/12/26', '2026-12-01'],
    ['2026-03-15T10:00:00Z', '2026-03-15'],
    ['2026-03-15 10:00', '2026-03-15'],
    ['12/2026', '2026-12-01'],
    ['1-2026', '2026-01-01'],
    ['46082.5', '2026-03-01'],
    [2, '1900-01-02'],
    [61, '1900-03-01'],
    [2958465, '9999-12-31'],
  ])('reads %j', (value, expected) => {
    expect(parseStatementDate(value as never)).toEqual(ok(expected));
  });

  it.each([
    '01/01/10000',
    '00/01/2026',
    '01/00/2026',
    '01/13/2026',
    '29/02/2025',
    '31/04/2026',
    '2026-03-15x',
    'x2026-03-15',
    '13/2026',
    '0/2026',
    '12/2026x',
    'x12/2026',
    '123456',
    '4608',
    '46082.',
    '46082.x',
    'x46082',
    '46082x',
    '2026-3-15',
  ])('refuses %j', (text) => {
    expect(parseStatementDate(text)).toMatchObject({ ok: false, message: `Date invalide : « ${text} » (attendu : jj/mm/aaaa).` });
  });

  it('refuses serials outside Excel’s range, impossible Dates and booleans', () => {
    // Serial 1 is Excel's first day, 01/01/1900; 0 and below are not dates.
    expect(parseStatementDate(1)).toEqual(ok('1900-01-01'));
    expect(parseStatementDate(61)).toEqual(ok('1900-03-01'));
    expect(parseStatementDate(0)).toMatchObject({ ok: false, message: 'Date invalide : « 0 » (attendu : jj/mm/aaaa).' });
    expect(parseStatementDate(0.5)).toMatchObject({ ok: false });
    expect(parseStatementDate(2958466)).toMatchObject({ ok: false });
    expect(parseStatementDate(Number.POSITIVE_INFINITY)).toMatchObject({ ok: false });
    expect(parseStatementDate(new Date(Number.NaN))).toMatchObject({ ok: false });
    // A real date before 1900 is read as written: the row's verdict judges whether it is plausible.
    expect(parseStatementDate(new Date(Date.UTC(1899, 11, 31)))).toEqual(ok('1899-12-31'));
    expect(parseStatementDate(true)).toMatchObject({ ok: false, message: 'Date invalide : « true » (attendu : jj/mm/aaaa).' });
    expect(parseStatementDate('  ')).toBeNull();
    expect(parseStatementDate(' 15/03/2026 ')).toEqual(ok('2026-03-15'));
  });
});

describe('parseContractStatus', () => {
  it.each([
    ['En cours', 'active'],
    ['ACTIF', 'active'],
    ['in force', 'active'],
    ['Résilié', 'terminated'],
    ['Résiliée.', 'terminated'],
    ['sans_effet', 'terminated'],
    ['Sans-effet!', 'terminated'],
    ['Racheté', 'terminated'],
    ['  Terminated ', 'terminated'],
  ])('reads %j', (text, status) => {
    expect(parseContractStatus(text)).toEqual(ok(status));
  });

  it('says nothing about an empty cell and names an unknown status', () => {
    expect(parseContractStatus(null)).toBeNull();
    expect(parseContractStatus('  ')).toBeNull();
    expect(parseContractStatus('Suspendu')).toMatchObject({ ok: false, message: expect.stringMatching(/^Statut de contrat inconnu : « Suspendu »/) });
    expect(parseContractStatus('actif ou pas')).toMatchObject({ ok: false });
    expect(parseContractStatus('pas actif')).toMatchObject({ ok: false });
  });
});
