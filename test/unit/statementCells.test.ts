import { describe, expect, it } from 'vitest';
import { cellText, parseAmount, parseStatementDate, reportValue } from '../../statements/cellValues';

const NBSP = '\u00a0';
const NNBSP = '\u202f';

describe('cellText', () => {
  it('keeps identifiers as typed: leading zeros, numbers without decimals, trimmed', () => {
    expect(cellText(' 004567 ')).toBe('004567');
    expect(cellText(4567)).toBe('4567');
    expect(cellText(12345678901234)).toBe('12345678901234');
    expect(cellText(`${NBSP}AB 12${NBSP}`)).toBe('AB 12');
    expect(cellText('   ')).toBeNull();
    expect(cellText(null)).toBeNull();
  });

  it('reads nothing from a formula without computed value or an error value', () => {
    expect(cellText({ formula: '"00"&"789"' })).toBeNull();
    expect(cellText({ error: '#N/A' })).toBeNull();
    expect(cellText(true)).toBe('true');
  });

  it('writes dates back as dd/mm/yyyy in reports, numbers as numbers', () => {
    expect(cellText(new Date(Date.UTC(2026, 2, 1)))).toBe('01/03/2026');
    expect(reportValue(new Date(Date.UTC(2026, 2, 1)))).toBe('01/03/2026');
    expect(reportValue(12.5)).toBe(12.5);
    expect(reportValue({ formula: 'SUM(A1:A2)' })).toBeNull();
    expect(reportValue(false)).toBe('FAUX');
  });
});

describe('cellText on a rejected-rows workbook sent back', () => {
  it('takes off the apostrophe the formula guard added, and nothing else', () => {
    expect(cellText("'=Martin+cmd")).toBe('=Martin+cmd');
    expect(cellText("'+33 6 12 34 56 78")).toBe('+33 6 12 34 56 78');
    expect(cellText("'@dupont")).toBe('@dupont');
    expect(cellText("l'Hermite")).toBe("l'Hermite");
    expect(cellText("'Dupont")).toBe("'Dupont");
  });
});

describe('parseAmount', () => {
  it.each([
    [`1${NBSP}234,56`, '1234.56'],
    [`1${NBSP}234,56${NBSP}€`, '1234.56'],
    [`1${NNBSP}234,56 €`, '1234.56'],
    ['1 234,56', '1234.56'],
    ['-12,50', '-12.50'],
    ['(12,50)', '-12.50'],
    ['12,50-', '-12.50'],
    ['1.234,56', '1234.56'],
    ['1,234.56', '1234.56'],
    ['1.234.567', '1234567.00'],
    ['12.5', '12.50'],
    ['€ 3', '3.00'],
    ['0,5', '0.50'],
    ['.5', '0.50'],
    ['999 999 999 999,99', '999999999999.99'],
    ['-0,00', '0.00'],
  ])('reads %j as %s', (text, expected) => {
    expect(parseAmount(text)).toEqual({ ok: true, value: expected });
  });

  it('reads numbers and formulas to the cent, setting aside only the binary noise of a computed value', () => {
    expect(parseAmount(100.5)).toEqual({ ok: true, value: '100.50' });
    expect(parseAmount(0.1 + 0.2)).toEqual({ ok: true, value: '0.30' });
    expect(parseAmount(123456789.12)).toEqual({ ok: true, value: '123456789.12' });
    expect(parseAmount({ formula: '10*2' })).toBeNull();
  });

  it('refuses an amount with more than two decimals rather than rounding it, text or number', () => {
    for (const tooPrecise of ['0,125', '1,005', '1.234', '12,3456', '(0,001)', 12.345, 0.125, 1 / 3]) {
      const result = parseAmount(tooPrecise);
      expect(result, String(tooPrecise)).toMatchObject({ ok: false, error: { code: 'row.amountTooPrecise' } });
      expect(result && !result.ok && result.message).toMatch(/plus de deux décimales/);
    }
  });

  it('says nothing about empty cells and rejects what is not an amount, in French', () => {
    expect(parseAmount(null)).toBeNull();
    expect(parseAmount('  ')).toBeNull();
    for (const bad of ['abc', '12,3,4', '1 2a', '--3', new Date()]) {
      const result = parseAmount(bad);
      expect(result?.ok).toBe(false);
      expect(result && !result.ok && result.message).toMatch(/^Montant invalide/);
    }
    expect(parseAmount('1e15')?.ok).toBe(false);
    expect(parseAmount(1e13)).toMatchObject({ ok: false, message: expect.stringMatching(/hors limites/) });
  });
});

describe('parseStatementDate', () => {
  it.each([
    [new Date(Date.UTC(2026, 2, 1)), '2026-03-01'],
    [46082, '2026-03-01'],
    [46082.75, '2026-03-01'],
    ['15/03/2026', '2026-03-15'],
    ['5/3/2026', '2026-03-05'],
    ['15-03-2026', '2026-03-15'],
    ['15.03.26', '2026-03-15'],
    ['2026-03-15', '2026-03-15'],
    ['03/2026', '2026-03-01'],
    ['46082', '2026-03-01'],
  ])('reads %j', (value, expected) => {
    expect(parseStatementDate(value as never)).toEqual({ ok: true, value: expected });
  });

  it('rejects impossible or malformed dates', () => {
    for (const bad of ['31/02/2026', '2026-13-01', 'mars', '12/13/2026', -5, 9_999_999]) {
      const result = parseStatementDate(bad);
      expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/^Date invalide/) });
    }
    expect(parseStatementDate(null)).toBeNull();
  });
});
