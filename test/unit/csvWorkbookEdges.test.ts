import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { bufferSource } from '../../statements/archive/archiveSource';
import { CSV_SHEET, detectSeparator, openCsvWorkbook } from '../../statements/readers/csv/csvWorkbook';
import type { StatementRowCells } from '../../statements/readers/statementWorkbook';
import { StatementFileError } from '../../statements/statementFileError';

/**
 * The CSV reader's own rules: the separator, Excel's sep= line, row numbers as a spreadsheet
 * program shows them, blank cells and rows, the column cap, undecodable characters, malformed
 * files, and files larger than the pieces they are decoded in.
 */
async function read(file: Buffer | string): Promise<{ sheets: Array<{ name: string; rows: number }>; rows: StatementRowCells[] }> {
  const workbook = await openCsvWorkbook(bufferSource(Buffer.isBuffer(file) ? file : Buffer.from(file)));
  const rows: StatementRowCells[] = [];
  for await (const row of workbook.rows(CSV_SHEET)) rows.push(row);
  return { sheets: workbook.sheets, rows };
}
async function refusal(file: Buffer | string): Promise<StatementFileError> {
  const error = await read(file).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof StatementFileError)) throw new Error(`expected a StatementFileError, got ${String(error)}`);
  return error;
}

describe('CSV: the separator', () => {
  it('the separator giving the most rows of one same width wins', () => {
    expect(detectSeparator('a;b;c\n1;2;3\n4;5;6\n')).toBe(';');
    expect(detectSeparator('a,b,c\n1,2,3\n4,5,6\n')).toBe(',');
    expect(detectSeparator('a\tb\tc\n1\t2\t3\n')).toBe('\t');
    expect(detectSeparator('a|b|c\n1|2|3\n')).toBe('|');
  });

  it('commas inside amounts do not outvote the semicolons', () => {
    expect(detectSeparator('Nom;Montant\nDupont;12,50\nMartin;3,10\nDurand;1,5\n')).toBe(';');
  });

  it('on a tie of rows, the wider split wins', () => {
    // Two rows each way: by comma 3 columns, by semicolon 2.
    expect(detectSeparator('a;b,c,d\ne;f,g,h\n')).toBe(',');
    expect(detectSeparator('a,b;c;d\ne,f;g;h\n')).toBe(';');
  });

  it('a score is the count of rows of the most frequent width, not of the first row width', () => {
    // By semicolon: one row of 3, two of 2 (score 2); by comma: two rows of 2 (score 2, tie kept by the first).
    expect(detectSeparator('a;b;c\n1;2\n3;4\nx,y\nz,w\n')).toBe(';');
  });

  it('of two widths as frequent, the wider one is the score width', () => {
    // By semicolon: widths 2 and 3 twice each, so (3, 2); by comma: (3, 2) too, and the first keeps the tie.
    expect(detectSeparator('a;b\nc;d\na;b;c\nd;e;f\nx,y,z\nu,v,w\n')).toBe(';');
  });

  it('a wider split never outvotes more rows', () => {
    expect(detectSeparator('a;b\nc;d\ne;f\n1,2,3,4,5\n')).toBe(';');
  });

  it('rows of uneven widths and stray quotes do not disqualify a separator', () => {
    expect(detectSeparator('a;b;c\n1;2\n3;4;5\n')).toBe(';');
    expect(detectSeparator('Nom;Surnom\nDupont;Le "Grand"\nMartin;x\n')).toBe(';');
  });

  it('rows of one column are no evidence: a single column is read with the semicolon', () => {
    expect(detectSeparator('Nom\nDupont\nMartin\n')).toBe(';');
    expect(detectSeparator('')).toBe(';');
  });

  it('only the first 50 lines are looked at', () => {
    const sample = 'a;b\n'.repeat(50) + 'a,b,c\n'.repeat(60);
    expect(detectSeparator(sample)).toBe(';');
  });
});

describe('CSV: rows', () => {
  it('one tab named CSV, with the count of rows holding a value', async () => {
    const { sheets } = await read('a;b\n1;2\n\n;\n3;4\n');
    expect(sheets).toEqual([{ name: 'CSV', hidden: false, rows: 3 }]);
  });

  it('blank lines and rows of blank cells are skipped, and still counted in the row numbers', async () => {
    const { rows } = await read('a;b\n\n ; \n1;2\n');
    expect(rows).toEqual([
      { rowNumber: 1, cells: ['a', 'b'] },
      { rowNumber: 4, cells: ['1', '2'] },
    ]);
  });

  it('a blank cell is null, a cell with text keeps its spaces', async () => {
    const { rows } = await read('a;  ;\t; b \n');
    expect(rows[0].cells).toEqual(['a', null, null, ' b ']);
  });

  it("Excel's sep= line names the separator (any case, CRLF too) and is not a row", async () => {
    expect((await read('sep=,\na,b;c\n1,2;3\n')).rows).toEqual([
      { rowNumber: 1, cells: ['a', 'b;c'] },
      { rowNumber: 2, cells: ['1', '2;3'] },
    ]);
    expect((await read('SEP=|\r\na|b\r\n')).rows).toEqual([{ rowNumber: 1, cells: ['a', 'b'] }]);
  });

  it('a sep= line must be the first line to count', async () => {
    expect((await read('a;b\nsep=,\n')).rows[1].cells).toEqual(['sep=,']);
  });

  it('a byte order mark is not part of the first cell', async () => {
    expect((await read(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('sep=;\nN° client;Nom\n')]))).rows[0].cells).toEqual(['N° client', 'Nom']);
  });

  it('columns past 256 are ignored', async () => {
    const wide = Array.from({ length: 300 }, (_, i) => `c${i}`).join(';');
    const { rows } = await read(`${wide}\n`);
    expect(rows[0].cells).toHaveLength(256);
    expect(rows[0].cells[255]).toBe('c255');
  });

  it('quoted fields keep their separators and line breaks, the record keeps its first line number', async () => {
    const { rows } = await read('a;"b;\nc";d\n1;2;3\n');
    expect(rows).toEqual([
      { rowNumber: 1, cells: ['a', 'b;\nc', 'd'] },
      { rowNumber: 2, cells: ['1', '2', '3'] },
    ]);
  });

  it('a file much larger than the pieces it is decoded in loses and splits no character', async () => {
    const line = 'Lefèvre;Hélène;12,50\n';
    const text = line.repeat(20_000);
    const { rows, sheets } = await read(text);
    expect(sheets[0].rows).toBe(20_000);
    expect(rows).toHaveLength(20_000);
    expect(rows.every((row) => row.cells.join(';') === 'Lefèvre;Hélène;12,50')).toBe(true);
    expect(rows[19_999].rowNumber).toBe(20_000);
  });

  it('Windows-1252 files are decoded as such', async () => {
    expect((await read(iconv.encode('Nom;Prénom\nLefèvre;Hélène\n', 'windows-1252'))).rows[1].cells).toEqual(['Lefèvre', 'Hélène']);
  });

  it('a reader that stops after a few rows ends cleanly', async () => {
    const workbook = await openCsvWorkbook(bufferSource(Buffer.from('a;b\n'.repeat(50_000))));
    const seen: number[] = [];
    for await (const row of workbook.rows(CSV_SHEET)) {
      seen.push(row.rowNumber);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual([1, 2, 3]);
  });
});

describe('CSV: refusals', () => {
  it('a character that could not be decoded is refused with its line and column', async () => {
    const error = await refusal(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a;b\n1;Orl'), Buffer.from([0xe9]), Buffer.from('ans\n')]));
    expect(error.detail).toEqual({ code: 'file.csvEncoding', params: { line: 2, column: 2 } });
  });

  it('a character truncated at the very end of a marked UTF-8 file is refused too', async () => {
    const error = await refusal(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a;b\n1;2'), Buffer.from([0xc3])]));
    expect(error.detail).toEqual({ code: 'file.csvEncoding', params: { line: 2, column: 2 } });
  });

  it('a malformed file is refused with the parser detail, its "Invalid …:" prefix removed', async () => {
    const error = await refusal('a;b\n1;x"y\n');
    expect(error.detail).toEqual({ code: 'file.csvMalformed', params: { line: 2, detail: 'a quote is found on field 1 at line 2, value is "x"' } });
  });

  it('an unclosed quote is refused as malformed, with its line and the parser detail', async () => {
    const error = await refusal('a;b\n1;2\n3;"4\n');
    expect(error.detail.code).toBe('file.csvMalformed');
    expect(error.detail.params).toMatchObject({ line: 3 });
    expect(String(error.detail.params!.detail)).not.toMatch(/^Invalid/);
    expect(String(error.detail.params!.detail).length).toBeLessThanOrEqual(120);
  });

  it('the only tab is CSV: another name is refused, naming it', async () => {
    const workbook = await openCsvWorkbook(bufferSource(Buffer.from('a;b\n')));
    const rows = workbook.rows('Feuil1');
    await expect(rows.next()).rejects.toMatchObject({ detail: { code: 'file.unknownSheet', params: { sheet: 'Feuil1', sheets: '« CSV »' } } });
  });
});
