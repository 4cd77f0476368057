import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MONEY, WHOLE_NUMBER, formatDecimal, parseDecimal, spreadsheetAmount } from '../../shared/decimalText';

const read = (text: string) => parseDecimal(text, MONEY);
const value = (text: string) => ({ ok: true, value: text });
const problem = (name: string) => ({ ok: false, problem: name });

describe('parseDecimal, amounts', () => {
  it.each([
    ['1234,56', '1234.56'],
    ['1234.56', '1234.56'],
    ['1 234,56', '1234.56'],
    ['1\u00a0234,56', '1234.56'],
    ['1\u202f234,56', '1234.56'],
    ['12\u202f345\u202f678,9', '12345678.9'],
    ['1 234.56', '1234.56'],
    ['  1234,5  ', '1234.5'],
    ['-12,50', '-12.50'],
    ['\u221212,50', '-12.50'],
    ['- 12,50', '-12.50'],
    ['+12,50', '12.50'],
    ['0,05', '0.05'],
    [',5', '0.5'],
    ['12,', '12'],
    ['007', '7'],
    ['-0,00', '0.00'],
    ['1 234,56 €', '1234.56'],
    ['1\u202f234,56\u00a0€', '1234.56'],
    ['-1 234,56 €', '-1234.56'],
    ['12 EUR', '12'],
    ['999999999999,99', '999999999999.99'],
  ])('reads %j as %s', (text, expected) => {
    expect(read(text)).toEqual(value(expected));
  });

  it('reads an empty text as no value', () => {
    expect(read('')).toEqual({ ok: true, value: null });
    expect(read('   ')).toEqual({ ok: true, value: null });
  });

  it('refuses marks that mean thousands in one language and decimals in the other', () => {
    for (const text of ['1.234,56', '1,234.56', '1.234.567', '1,234,567', '12,3.4']) expect(read(text), text).toEqual(problem('mixedMarks'));
  });

  it('refuses more decimals than an amount keeps, counted as typed, never rounding', () => {
    for (const text of ['12,3456', '1234,567', '0,001', '12,500', '1.234']) expect(read(text), text).toEqual(problem('tooManyDecimals'));
  });

  it('refuses what is not a number as a person writes it', () => {
    for (const text of ['(12,50)', 'abc', '12a', '1e3', '0x10', 'Infinity', 'NaN', '-', '+', ',', '.', '--12', '12-', '12 34', '1 2345', '1  234', '1234 567', '१२३', '１２', '12,5 $', '€ 12'])
      expect(read(text), text).toEqual(problem('notNumber'));
  });

  it('refuses amounts past numeric(14,2)', () => {
    expect(read('1000000000000')).toEqual(problem('tooLarge'));
    expect(read('-1 000 000 000 000,00')).toEqual(problem('tooLarge'));
    expect(read('0000000000001,5')).toEqual(value('1.5'));
  });

  it('refuses very long texts', () => {
    expect(read('1'.repeat(61))).toEqual(problem('notNumber'));
  });

  it('reads back every amount as French and English formatting write it', () => {
    const french = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const frenchMoney = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
    const english = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false });
    fc.assert(
      fc.property(fc.integer({ min: -99_999_999_999_999, max: 99_999_999_999_999 }), (cents) => {
        const amount = cents / 100;
        const sign = cents < 0 ? '-' : '';
        const abs = Math.abs(cents).toString().padStart(3, '0');
        const exact = `${sign}${abs.slice(0, -2)}.${abs.slice(-2)}`;
        const expected = cents === 0 ? '0.00' : exact;
        expect(read(french.format(amount))).toEqual(value(expected));
        expect(read(frenchMoney.format(amount))).toEqual(value(expected));
        expect(read(english.format(amount))).toEqual(value(expected));
      }),
    );
  });
});

describe('parseDecimal, whole numbers', () => {
  const whole = (text: string) => parseDecimal(text, WHOLE_NUMBER);
  it('reads whole numbers and refuses decimals and currency', () => {
    expect(whole('12')).toEqual(value('12'));
    expect(whole(' 1 000 ')).toEqual(value('1000'));
    expect(whole('12,5')).toEqual(problem('notWhole'));
    expect(whole('12,0')).toEqual(problem('notWhole'));
    expect(whole('12 €')).toEqual(problem('notNumber'));
    expect(whole('1234567890')).toEqual(problem('tooLarge'));
  });
});

describe('formatDecimal', () => {
  it('shows exact decimal text in the language of the page', () => {
    expect(formatDecimal('1234.56', 'fr')).toBe('1\u202f234,56');
    expect(formatDecimal('-1234567.5', 'fr')).toBe('-1\u202f234\u202f567,5');
    expect(formatDecimal('123', 'fr')).toBe('123');
    expect(formatDecimal(1234.5, 'fr')).toBe('1\u202f234,5');
    expect(formatDecimal('1234.56', 'en')).toBe('1234.56');
    expect(formatDecimal('12,5 oops', 'fr')).toBe('12,5 oops');
  });

  it('is read back as the same value, in both languages', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 14n) + 1n, max: 10n ** 14n - 1n }), fc.integer({ min: 0, max: 2 }), (units, scale) => {
        const digits = (units < 0n ? -units : units).toString().padStart(scale + 1, '0');
        const exact = `${units < 0n ? '-' : ''}${scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits}`;
        if (exact.replace(/^-/, '').split('.')[0].length > 12) return;
        const expected = parseDecimal(exact, MONEY);
        for (const language of ['fr', 'en'] as const) expect(parseDecimal(formatDecimal(exact, language), MONEY)).toEqual(expected);
      }),
    );
  });
});

describe('spreadsheetAmount', () => {
  it('gives a spreadsheet the number of an amount’s text, and nothing for no amount', () => {
    expect(spreadsheetAmount('1234.50')).toBe(1234.5);
    expect(spreadsheetAmount('-12.00')).toBe(-12);
    expect(spreadsheetAmount('0.00')).toBe(0);
    expect(spreadsheetAmount(null)).toBeNull();
    expect(spreadsheetAmount(undefined)).toBeNull();
    expect(spreadsheetAmount('')).toBeNull();
  });

  it('is the number whose two-decimal text is the amount, to 12 digits and 2 decimals', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 14n) + 1n, max: 10n ** 14n - 1n }), (cents) => {
        const digits = (cents < 0n ? -cents : cents).toString().padStart(3, '0');
        const exact = `${cents < 0n ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
        expect(spreadsheetAmount(exact)!.toFixed(2)).toBe(exact);
      }),
    );
  });
});
