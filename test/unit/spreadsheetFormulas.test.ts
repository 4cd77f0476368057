import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { FORMULA_TRIGGER, neutraliseFormula, startsLikeFormula, withoutFormulaGuard } from '../../shared/spreadsheetFormulas';

/** The one CSV-injection rule every export applies (OWASP: = + - @ tab CR). */
describe('formula-injection rule', () => {
  it('flags exactly the texts starting with = + - @ tab or CR', () => {
    for (const text of ['=1+1', "+1+cmd|' /C calc'!A0", '-2+cmd|x', '-1\n=2', '+2', '-', '@SUM(A1)', '\tx', '\rx', '=\nmulti-line']) expect(startsLikeFormula(text), JSON.stringify(text)).toBe(true);
    for (const text of ['', 'Dupont', ' =1+1', 'a=b', "'=1", '\n=1', '0612345678', '€-12']) expect(startsLikeFormula(text), JSON.stringify(text)).toBe(false);
  });

  it('leaves a negative decimal number alone, or a total would read it as text', () => {
    for (const text of ['-2', '-12,50', '-1234.5']) expect(startsLikeFormula(text), text).toBe(false);
    for (const text of ['-12,50 €', '-1 234,56', '-12,5,0', '-,5']) expect(startsLikeFormula(text), text).toBe(true);
  });

  it('takes the guard off a text read back, and only the guard', () => {
    expect(withoutFormulaGuard("'=1+1")).toBe('=1+1');
    expect(withoutFormulaGuard("'+33 6 12")).toBe('+33 6 12');
    expect(withoutFormulaGuard("'Dupont")).toBe("'Dupont");
    expect(withoutFormulaGuard("'-12,50")).toBe("'-12,50");
    // Exact for every text but those that already start with an apostrophe and a trigger
    // character, which cannot be told from a guarded one (and no name or number looks like that).
    fc.assert(
      fc.property(
        fc.string().filter((text) => !/^'[=+\-@\t\r]/.test(text)),
        (text) => {
          expect(withoutFormulaGuard(neutraliseFormula(text) as string)).toBe(text);
        },
      ),
    );
  });

  it('prefixes an apostrophe to those texts only, and leaves other values alone', () => {
    expect(neutraliseFormula('=1+1')).toBe("'=1+1");
    expect(neutraliseFormula('+33 6 12')).toBe("'+33 6 12");
    expect(neutraliseFormula('Dupont')).toBe('Dupont');
    expect(neutraliseFormula(-12.5)).toBe(-12.5);
    expect(neutraliseFormula(null)).toBeNull();
    const date = new Date('2026-03-01');
    expect(neutraliseFormula(date)).toBe(date);
  });

  it('a negative number is data: written as it is, never prefixed like the text "-3"', () => {
    expect(neutraliseFormula(-3)).toBe(-3);
    expect(neutraliseFormula(-0.5)).toBe(-0.5);
  });

  it('the guard is taken off only when it leads the text: "x=1" is kept whole', () => {
    expect(withoutFormulaGuard('x=1')).toBe('x=1');
    expect(withoutFormulaGuard("'=1")).toBe('=1');
  });

  it('holds for any text (property)', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const safe = neutraliseFormula(text) as string;
        // Never starts a formula unless it is the apostrophe-prefixed original; the original is kept.
        expect(safe === text || safe === `'${text}`).toBe(true);
        expect(safe.startsWith("'") && safe !== text ? startsLikeFormula(text) : !startsLikeFormula(safe)).toBe(true);
      }),
    );
  });

  it('is the rule Papa Parse applies to the CSV, multi-line cells included', () => {
    const csv = Papa.unparse([['=1+1\nLyon', 'Dupont', '-3']], { delimiter: ';', escapeFormulae: FORMULA_TRIGGER });
    expect(Papa.parse<string[]>(csv, { delimiter: ';' }).data[0]).toEqual(["'=1+1\nLyon", 'Dupont', '-3']);
    // Papa's own default pattern misses it, which is why the shared one is passed.
    const defaultRule = Papa.unparse([['=1+1\nLyon']], { delimiter: ';', escapeFormulae: true });
    expect(Papa.parse<string[]>(defaultRule, { delimiter: ';' }).data[0]).toEqual(['=1+1\nLyon']);
  });
});
