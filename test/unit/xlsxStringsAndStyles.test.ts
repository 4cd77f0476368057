import { describe, expect, it } from 'vitest';
import { unescapeOoxml } from '../../statements/readers/xlsx/sharedStrings';
import { rowsOf } from '../support/statementReading';
import { row, xlsxPackage } from '../support/xlsxPackage';

/**
 * The shared strings table and the date styles of an .xlsx, as producers write them: rich
 * text, phonetic guides, escapes, no table at all; built-in and custom number formats.
 */
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const sharedPart = (items: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}">${items}</sst>`);
const stylesPart = (body: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${MAIN}">${body}</styleSheet>`);
const sharedCells = (count: number) =>
  row(
    1,
    Array.from({ length: count }, (_, i) => ({ xml: `<c t="s"><v>${i}</v></c>` })),
  );
const styledCells = (count: number) =>
  row(
    1,
    Array.from({ length: count }, (_, i) => ({ xml: `<c s="${i}"><v>46300</v></c>` })),
  );
const DAY = new Date(Date.UTC(2026, 9, 5));

describe('shared strings', () => {
  it('rich text runs are joined; phonetic guides, even nested, are left out', async () => {
    const items = '<si><r><t>Le </t></r><r><rPr><b/></rPr><t>Gall</t></r></si><si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si><si><rPh><rPh><t>x</t></rPh><t>y</t></rPh><t>z</t></si>';
    const file = xlsxPackage({ sheets: [{ name: 'S', rows: sharedCells(3) }], parts: { 'xl/sharedStrings.xml': sharedPart(items) } });
    expect((await rowsOf(file))[0].cells).toEqual(['Le Gall', '東京', 'z']);
  });

  it('an item with an empty or self-closing <t> is an empty text, and the next item is not affected', async () => {
    const file = xlsxPackage({ sheets: [{ name: 'S', rows: sharedCells(3) }], parts: { 'xl/sharedStrings.xml': sharedPart('<si><t/></si><si><t></t></si><si><t>c</t></si>') } });
    expect((await rowsOf(file))[0].cells).toEqual(['', '', 'c']);
  });

  it('text outside <t> (between runs) is not part of the item', async () => {
    const file = xlsxPackage({ sheets: [{ name: 'S', rows: sharedCells(1) }], parts: { 'xl/sharedStrings.xml': sharedPart('<si>\n  <r><t>a</t></r>\n  <r><t>b</t></r>\n</si>') } });
    expect((await rowsOf(file))[0].cells).toEqual(['ab']);
  });

  it('characters escaped as _xHHHH_ are restored, in either case; other underscores stay', () => {
    expect(unescapeOoxml('a_x000D_b_x005F_c_x00e9_')).toBe('a\rb_cé');
    expect(unescapeOoxml('_x12_ and _xZZZZ_ and x000D_')).toBe('_x12_ and _xZZZZ_ and x000D_');
    expect(unescapeOoxml('plain')).toBe('plain');
  });
});

describe('date styles', () => {
  it('built-in date and time formats make dates, others numbers', async () => {
    const ids = [0, 14, 22, 45, 47, 58, 1, 2, 13, 23, 44, 49];
    const file = xlsxPackage({ styles: ids, sheets: [{ name: 'S', rows: styledCells(ids.length) }] });
    const [first] = await rowsOf(file);
    expect(first.cells.map((cell) => cell instanceof Date)).toEqual([false, true, true, true, true, true, false, false, false, false, false, false]);
  });

  it('custom formats are judged by their code: quoted text and colours are not dates', async () => {
    const styles = stylesPart(
      '<numFmts><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="&quot;d&quot;0.00"/><numFmt numFmtId="166" formatCode="[Red]0.00"/><numFmt numFmtId="14" formatCode="0.00"/></numFmts><cellXfs count="5"><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="14"/><xf/></cellXfs>',
    );
    const file = xlsxPackage({ sheets: [{ name: 'S', rows: styledCells(5) }], parts: { 'xl/styles.xml': styles } });
    expect((await rowsOf(file))[0].cells).toEqual([DAY, 46300, 46300, 46300, 46300]);
  });

  it('only the xf of cellXfs count: cellStyleXfs before them are not cell styles', async () => {
    const styles = stylesPart('<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs><dxfs><xf numFmtId="14"/></dxfs>');
    const file = xlsxPackage({ sheets: [{ name: 'S', rows: styledCells(3) }], parts: { 'xl/styles.xml': styles } });
    expect((await rowsOf(file))[0].cells).toEqual([46300, DAY, 46300]);
  });

  it('an empty, self-closing cellXfs holds no style', async () => {
    const styles = stylesPart('<cellXfs/><xf numFmtId="14"/>');
    const file = xlsxPackage({ sheets: [{ name: 'S', rows: styledCells(1) }], parts: { 'xl/styles.xml': styles } });
    expect((await rowsOf(file))[0].cells).toEqual([46300]);
  });

  it('a style sheet without cellXfs reads numbers as numbers', async () => {
    const file = xlsxPackage({ sheets: [{ name: 'S', rows: styledCells(2) }], parts: { 'xl/styles.xml': stylesPart('') } });
    expect((await rowsOf(file))[0].cells).toEqual([46300, 46300]);
  });
});
