import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { openHtmlWorkbook } from '../../statements/readers/html/htmlWorkbook';
import type { StatementRowCells } from '../../statements/readers/statementWorkbook';
import { StatementFileError } from '../../statements/statementFileError';

/**
 * HTML tables saved as .xls, read as a browser lays them out: the page's encoding, text as
 * displayed, colspan and rowspan keeping columns in place, one tab per top-level table.
 */
async function rows(file: Buffer | string, sheet?: string): Promise<StatementRowCells[]> {
  const workbook = openHtmlWorkbook(Buffer.isBuffer(file) ? file : Buffer.from(file));
  const read: StatementRowCells[] = [];
  for await (const row of workbook.rows(sheet ?? workbook.sheets[0].name)) read.push(row);
  return read;
}
const cellsOf = async (file: Buffer | string) => (await rows(file)).map((row) => row.cells);
const page = (body: string, head = '') => `<html><head>${head}</head><body>${body}</body></html>`;
const refusal = (file: Buffer | string) => {
  try {
    openHtmlWorkbook(Buffer.isBuffer(file) ? file : Buffer.from(file));
  } catch (error) {
    if (error instanceof StatementFileError) return error.detail;
    throw error;
  }
  throw new Error('not refused');
};

describe('HTML statements: the encoding', () => {
  const text = '<table><tr><td>Lefèvre</td><td>Hélène</td></tr></table>';

  it('UTF-8, with or without a byte order mark', async () => {
    expect(await cellsOf(page(text))).toEqual([['Lefèvre', 'Hélène']]);
    expect(await cellsOf(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(page(text))]))).toEqual([['Lefèvre', 'Hélène']]);
  });

  it('UTF-16 with its mark', async () => {
    expect(await cellsOf(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(page(text), 'utf-16le')]))).toEqual([['Lefèvre', 'Hélène']]);
  });

  it('the encoding a meta tag declares, in any of its spellings', async () => {
    expect(await cellsOf(iconv.encode(page(text, '<meta charset="windows-1252">'), 'windows-1252'))).toEqual([['Lefèvre', 'Hélène']]);
    expect(await cellsOf(iconv.encode(page(text, "<META http-equiv='Content-Type' content='text/html; charset = ISO-8859-15'>"), 'iso-8859-15'))).toEqual([['Lefèvre', 'Hélène']]);
  });

  it('a declared single-byte encoding is used, not guessed: the euro sign of ISO-8859-15', async () => {
    const table = '<table><tr><td>1 234 €</td></tr></table>';
    for (const head of ['<meta charset="ISO-8859-15">', '<meta charset=iso-8859-15>', "<meta http-equiv='Content-Type' content='text/html; charset = iso-8859-15'>"]) {
      expect(await cellsOf(iconv.encode(page(table, head), 'iso-8859-15')), head).toEqual([['1 234 €']]);
    }
  });

  it('a declared encoding that does not exist, on a page that is not UTF-8, leaves Windows-1252', async () => {
    expect(await cellsOf(iconv.encode(page(text, '<meta charset="klingon-1">'), 'windows-1252'))).toEqual([['Lefèvre', 'Hélène']]);
  });

  it('a declared encoding that does not exist is ignored: UTF-8 when the page decodes as such', async () => {
    expect(await cellsOf(page(text, '<meta charset="klingon-1">'))).toEqual([['Lefèvre', 'Hélène']]);
  });

  it('without a declaration, a page that is not UTF-8 is Windows-1252', async () => {
    expect(await cellsOf(iconv.encode(page(text), 'windows-1252'))).toEqual([['Lefèvre', 'Hélène']]);
  });

  it('a page declared UTF-8 that is not is refused for its damaged characters, with the cell', () => {
    const file = iconv.encode(page('<table><tr><td>No</td><td>Lefèvre</td></tr></table>', '<meta charset="utf-8">'), 'windows-1252');
    expect(refusal(file)).toMatchObject({ code: 'file.replacementCharacter', params: { sheet: 'Tableau', cell: 'B1' } });
  });
});

describe('HTML statements: text as displayed', () => {
  it('entities are decoded, runs of spaces collapse, no-break spaces stay, cells trimmed', async () => {
    expect(await cellsOf(page('<table><tr><td>  Le   Gall &amp; fils </td><td>1&nbsp;234,56</td><td>\tA\r\nB </td></tr></table>'))).toEqual([['Le Gall & fils', '1\u00a0234,56', 'A B']]);
  });

  it('<br>, paragraphs and divisions are line breaks, with no blank line around the text', async () => {
    expect(await cellsOf(page('<table><tr><td>12 rue des Lilas<br>44000  Nantes</td><td><p>Ligne 1</p><p>Ligne 2</p></td><td><div>x</div>y</td></tr></table>'))).toEqual([
      ['12 rue des Lilas\n44000 Nantes', 'Ligne 1\nLigne 2', 'x\ny'],
    ]);
  });

  it('line breaks of the source are spaces; leading and trailing line breaks of a cell go, however many', async () => {
    expect(await cellsOf(page('<table><tr><td>A\nB</td><td><br><br>x<br><br></td></tr></table>'))).toEqual([['A B', 'x']]);
  });

  it('a table nested in a cell adds its text, line breaks and what follows it to that cell', async () => {
    expect(await cellsOf(page('<table><tr><td>B<table><tr><td>x<br>y</td></tr></table>C</td><td>D</td></tr></table>'))).toEqual([['Bx\nyC', 'D']]);
  });

  it('tags in capitals are read alike', async () => {
    expect(await cellsOf(page('<TABLE><TR><TH>A</TH><TD>B<BR>C</TD></TR></TABLE>'))).toEqual([['A', 'B\nC']]);
  });

  it('an empty cell is null, and a row of empty cells is no row, though it keeps its number', async () => {
    expect(await rows(page('<table><tr><td>A</td><td> </td></tr><tr><td></td><td>&#32;</td></tr><tr><td>B</td><td>C</td></tr></table>'))).toEqual([
      { rowNumber: 1, cells: ['A', null] },
      { rowNumber: 3, cells: ['B', 'C'] },
    ]);
  });
});

describe('HTML statements: spans', () => {
  it('colspan leaves its other columns empty, and keeps the next cell in its column', async () => {
    expect(await cellsOf(page('<table><tr><td colspan="2">A</td><td>B</td></tr><tr><td>1</td><td>2</td><td>3</td></tr></table>'))).toEqual([
      ['A', null, 'B'],
      ['1', '2', '3'],
    ]);
  });

  it('rowspan covers the columns of the rows below, in the middle or at the end of a row', async () => {
    const html = '<table><tr><td rowspan="2">A</td><td>B</td><td rowspan="3">C</td></tr><tr><td>D</td></tr><tr><td>E</td><td>F</td></tr><tr><td>G</td><td>H</td></tr></table>';
    expect(await cellsOf(page(html))).toEqual([
      ['A', 'B', 'C'],
      [null, 'D', null],
      ['E', 'F', null],
      ['G', 'H'],
    ]);
  });

  it('a cell spanning rows and columns covers them all', async () => {
    expect(await cellsOf(page('<table><tr><td colspan="2" rowspan="2">A</td><td>B</td></tr><tr><td>C</td></tr></table>'))).toEqual([
      ['A', null, 'B'],
      [null, null, 'C'],
    ]);
  });

  it('spans that are not numbers, zero or negative are one; huge ones stop at 256 columns', async () => {
    expect(await cellsOf(page('<table><tr><td colspan="x">A</td><td colspan="0">B</td><td colspan="-3" rowspan="0">C</td></tr><tr><td>D</td></tr></table>'))).toEqual([['A', 'B', 'C'], ['D']]);
    const [wide] = await cellsOf(page('<table><tr><td colspan="100000">A</td><td>B</td></tr></table>'));
    expect(wide).toHaveLength(256);
    expect(wide[0]).toBe('A');
  });

  it('cells written before any <tr> form a row', async () => {
    expect(await cellsOf(page('<table><td>A</td><td>B</td></table>'))).toEqual([['A', 'B']]);
  });

  it('a row left open is closed by the next row or the end of the table', async () => {
    expect(await cellsOf(page('<table><tr><td>A<td>B<tr><td>C</table>'))).toEqual([['A', 'B'], ['C']]);
  });
});

describe('HTML statements: tables as tabs', () => {
  it('a single table is the tab « Tableau », with its count of rows holding a value', () => {
    const workbook = openHtmlWorkbook(Buffer.from(page('<table><tr><td>A</td></tr><tr><td></td></tr><tr><td>B</td></tr></table>')));
    expect(workbook).toMatchObject({ format: 'html', date1904: false, sheets: [{ name: 'Tableau', hidden: false, rows: 2 }] });
  });

  it('several tables are numbered tabs; empty tables are none; a table inside a cell adds its text to that cell', async () => {
    const html = page('<table><tr><td>A</td></tr></table><table><tr><td> </td></tr></table><table><tr><td>B<table><tr><td>inner</td></tr></table></td><td>C</td></tr></table>');
    const workbook = openHtmlWorkbook(Buffer.from(html));
    expect(workbook.sheets.map((sheet) => sheet.name)).toEqual(['Tableau 1', 'Tableau 2']);
    expect((await rows(html, 'Tableau 2')).map((row) => row.cells)).toEqual([['Binner', 'C']]);
  });

  it('columns past 256 are ignored', async () => {
    const cells = Array.from({ length: 300 }, (_, i) => `<td>c${i}</td>`).join('');
    const [row] = await cellsOf(page(`<table><tr>${cells}</tr></table>`));
    expect(row).toHaveLength(256);
    expect(row[255]).toBe('c255');
  });

  it('a page without any table holding a value is refused as having no header', () => {
    expect(refusal(page('<p>Rien</p><table><tr><td></td></tr></table>'))).toEqual({ code: 'file.noHeader' });
  });

  it('an unknown tab is refused, naming the tabs there are', async () => {
    const workbook = openHtmlWorkbook(Buffer.from(page('<table><tr><td>A</td></tr></table><table><tr><td>B</td></tr></table>')));
    await expect(workbook.rows('Feuil1').next()).rejects.toMatchObject({ detail: { code: 'file.unknownSheet', params: { sheet: 'Feuil1', sheets: '« Tableau 1 », « Tableau 2 »' } } });
  });
});
