import { describe, expect, it } from 'vitest';
import { rowsOf } from '../support/statementReading';
import { row, xlsxPackage } from '../support/xlsxPackage';
import { StatementFileError } from '../../statements/statementFileError';

/**
 * The cells of an .xlsx worksheet, one rule at a time: addresses (given, missing, wrong), the
 * cell types, styles that make a number a date, formulas without values, shared strings, inline
 * strings, the column cap, and text damaged by decoding.
 */
const cell = (xml: string) => ({ xml });
const sheetOf = (rows: string, options: { sharedStrings?: string[]; styles?: number[]; date1904?: string } = {}) => xlsxPackage({ ...options, sheets: [{ name: 'S', rows }] });
const cells = async (rows: string, options?: Parameters<typeof sheetOf>[1]) => (await rowsOf(sheetOf(rows, options))).map((r) => r.cells);
const refusal = async (file: Buffer) => {
  const error = await rowsOf(file).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof StatementFileError)) throw new Error(`expected a StatementFileError, got ${String(error)}`);
  return error.detail;
};

describe('xlsx cells: addresses', () => {
  it('a cell address puts the cell in its column, lower case too, gaps as null', async () => {
    expect(await cells('<row r="1"><c r="C1"><v>3</v></c><c r="aa1"><v>27</v></c></row>')).toEqual([[null, null, 3, ...Array(23).fill(null), 27]]);
  });

  it('a cell without letters in its address follows the previous cell', async () => {
    expect(await cells('<row r="1"><c r="B1"><v>2</v></c><c r="12"><v>3</v></c><c><v>4</v></c></row>')).toEqual([[null, 2, 3, 4]]);
  });

  it('columns past 256 are ignored, the row still counts', async () => {
    expect(await cells('<row r="1"><c r="IV1"><v>1</v></c><c r="IW1"><v>2</v></c></row><row r="2"><c r="IW2"><v>3</v></c></row>')).toEqual([[...Array(255).fill(null), 1], []]);
  });

  it('a row without a valid number is the one after the previous row', async () => {
    const file = sheetOf('<row r="3"><c><v>1</v></c></row><row r="x"><c><v>2</v></c></row><row r="0"><c><v>3</v></c></row><row r="2.5"><c><v>4</v></c></row><row><c><v>5</v></c></row>');
    expect((await rowsOf(file)).map((r) => r.rowNumber)).toEqual([3, 4, 5, 6, 7]);
  });

  it('a row of cells without any value is not given, and is still numbered', async () => {
    const file = sheetOf('<row r="1"><c r="A1"><v>1</v></c></row><row><c r="A2" s="1"/></row><row><c r="A3"><v>3</v></c></row>');
    expect((await rowsOf(file)).map((r) => r.rowNumber)).toEqual([1, 3]);
  });
});

describe('xlsx cells: types', () => {
  it('numbers, booleans, errors, plain strings', async () => {
    expect(
      await cells(
        row(1, [1.5, cell('<c t="b"><v>1</v></c>'), cell('<c t="b"><v> TRUE </v></c>'), cell('<c t="b"><v>0</v></c>'), cell('<c t="e"><v>#N/A</v></c>'), cell('<c t="str"><v> texte </v></c>')]),
      ),
    ).toEqual([[1.5, true, true, false, { error: '#N/A' }, ' texte ']]);
  });

  it('a number cell with an empty value is empty; one that is not a number stays text', async () => {
    expect(await cells(row(1, [cell('<c><v> </v></c>'), cell('<c><v>abc</v></c>'), cell('<c><v>Infinity</v></c>'), 'x']))).toEqual([[null, 'abc', 'Infinity', 'x']]);
  });

  it('shared strings by index; a missing index is a damaged file naming the cell', async () => {
    expect(await cells(row(1, [cell('<c t="s"><v>1</v></c>'), cell('<c t="s"><v>0</v></c>')]), { sharedStrings: ['zéro', 'un'] })).toEqual([['un', 'zéro']]);
    const detail = await refusal(sheetOf(row(1, [cell('<c t="s"><v>5</v></c>')]), { sharedStrings: ['zéro'] }));
    expect(detail).toMatchObject({ code: 'file.invalidXml', params: { part: 'S' } });
    expect(String(detail.params!.detail)).toContain('n° 5 absente, cellule A1');
  });

  it('inline strings: rich text runs joined, empty inline strings empty texts', async () => {
    expect(await cells(row(1, [cell('<c t="inlineStr"><is><r><t>Le </t></r><r><t>Gall</t></r></is></c>'), cell('<c t="inlineStr"><is/></c>'), cell('<c><is><t>sans type</t></is></c>')]))).toEqual([
      ['Le Gall', '', 'sans type'],
    ]);
  });

  it('an inline string with a value is read by its type', async () => {
    expect(await cells(row(1, [cell('<c><is><t>ignoré</t></is><v>7</v></c>')]))).toEqual([[7]]);
  });

  it('ISO date cells are dates; an ISO cell that is no date stays text', async () => {
    expect(await cells(row(1, [cell('<c t="d"><v>2026-10-05T14:30:00</v></c>'), cell('<c t="d"><v>bientôt</v></c>')]))).toEqual([[new Date(Date.UTC(2026, 9, 5, 14, 30)), 'bientôt']]);
  });

  it('a number whose style shows a date is a date, in the workbook date system; other styles keep the number', async () => {
    const rows = row(1, [cell('<c s="1"><v>46300</v></c>'), cell('<c s="0"><v>46300</v></c>'), cell('<c s="1"><v>-5</v></c>'), cell('<c><v>46300</v></c>')]);
    expect(await cells(rows, { styles: [0, 14] })).toEqual([[new Date(Date.UTC(2026, 9, 5)), 46300, -5, 46300]]);
    expect((await cells(rows, { styles: [0, 14], date1904: '1' }))[0][0]).toEqual(new Date(Date.UTC(2030, 9, 6)));
  });
});

describe('xlsx cells: formulas', () => {
  it('a formula with its computed value is the value', async () => {
    expect(await cells(row(1, [cell('<c><f>1+1</f><v>2</v></c>'), cell('<c t="str"><f>A1&amp;"x"</f><v>2x</v></c>')]))).toEqual([[2, '2x']]);
  });

  it('a formula saved without value, or with an empty one, is an uncomputed formula', async () => {
    expect(await cells(row(1, [cell('<c><f>SUM(A2:A9)</f></c>'), cell('<c><f>B1*2</f><v></v></c>'), cell('<c><f/></c>'), cell('<c t="s"><f>X</f><v> </v></c>')]))).toEqual([
      [{ formula: 'SUM(A2:A9)' }, { formula: 'B1*2' }, { formula: '' }, { formula: 'X' }],
    ]);
  });

  it('a text formula whose value is empty is an empty text, not an uncomputed formula', async () => {
    expect(await cells(row(1, [cell('<c t="str"><f>""</f><v></v></c>'), 'x']))).toEqual([['', 'x']]);
  });

  it('a self-closing value is an empty value', async () => {
    expect(await cells(row(1, [cell('<c><v/></c>'), 'x']))).toEqual([[null, 'x']]);
  });
});

describe('xlsx cells: damaged text', () => {
  it('a replacement character in a shared, inline or plain string is refused with its sheet and cell', async () => {
    for (const [xml, shared] of [
      ['<c r="B2" t="s"><v>0</v></c>', ['Orl\uFFFDans']],
      ['<c r="B2" t="inlineStr"><is><t>Orl\uFFFDans</t></is></c>', []],
      ['<c r="B2" t="str"><v>Orl\uFFFDans</v></c>', []],
      ['<c r="B2"><v>Orl\uFFFDans</v></c>', []],
    ] as const) {
      const detail = await refusal(sheetOf(`<row r="1"><c r="A1"><v>1</v></c></row><row r="2">${xml}</row>`, { sharedStrings: [...shared] }));
      expect(detail, xml).toMatchObject({ code: 'file.replacementCharacter', params: { sheet: 'S', cell: 'B2', text: 'Orl\uFFFDans' } });
    }
  });

  it('a long damaged text is shortened in the message', async () => {
    const detail = await refusal(sheetOf(`<row r="1"><c t="str"><v>${'a'.repeat(70)}\uFFFD</v></c></row>`));
    expect(detail.params!.text).toBe(`${'a'.repeat(57)}…`);
  });
});
