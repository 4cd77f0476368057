import { Parser } from 'htmlparser2';
import iconv from 'iconv-lite';
import { StatementFileError } from '../../statementFileError';
import { byteOrderMark } from '../csv/csvEncoding';
import { MAX_COLUMNS, type StatementCell, type StatementRowCells, type StatementWorkbook } from '../statementWorkbook';
import { refuseDamagedText } from '../xlsx/worksheetRows';
import { cellAddress } from '../../cellAddress';

/**
 * The HTML tables extranets save with an .xls name (and Excel's, LibreOffice's and Gnumeric's
 * "HTML" exports), read with htmlparser2 as a browser would lay them out: entities decoded,
 * `<br>` as a line break, spaces collapsed but for no-break spaces, `colspan` and `rowspan`
 * keeping the columns in place. Every value stays text, as in CSV. Each top-level table is a tab.
 */

/** The page's encoding: its byte order mark, else its `<meta charset>`, else UTF-8 when it decodes as such, else Windows-1252. */
function decodePage(file: Buffer): string {
  const mark = byteOrderMark(file);
  if (mark) return iconv.decode(file.subarray(mark.length), mark.encoding);
  const declared = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(file.subarray(0, 4096).toString('latin1'))?.[1];
  if (declared && iconv.encodingExists(declared) && !/^utf-?8$/i.test(declared)) return iconv.decode(file, declared);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(file);
  } catch {
    return declared && /^utf-?8$/i.test(declared) ? new TextDecoder('utf-8').decode(file) : iconv.decode(file, 'windows-1252');
  }
}

interface Table {
  rows: Array<Array<string | null>>;
  /** Columns still covered by a cell above (rowspan): how many rows more. */
  spans: number[];
}

/** A cell's text as displayed: runs of spaces collapse, no-break spaces stay, lines trimmed. */
function displayed(raw: string): string {
  return raw
    .split('\n')
    .map((line) => line.replace(/[ \t\r\f]+/g, ' ').replace(/^ +| +$/g, ''))
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

function tablesOf(html: string): Table[] {
  const tables: Table[] = [];
  let depth = 0;
  let table: Table | undefined;
  let row: Array<string | null> | undefined;
  let cell: { text: string; colspan: number; rowspan: number } | undefined;
  const place = () => {
    if (!table || !row || !cell) return;
    let column = row.length;
    while ((table.spans[column] ?? 0) > 0) {
      row.push(null);
      column++;
    }
    const text = displayed(cell.text);
    for (let i = 0; i < cell.colspan; i++) {
      row.push(i === 0 && text !== '' ? text : null);
      if (cell.rowspan > 1) table.spans[column + i] = Math.max(table.spans[column + i] ?? 0, cell.rowspan);
    }
    cell = undefined;
  };
  const endRow = () => {
    if (!table || !row) return;
    place();
    // Columns a cell above still covers, after the row's last cell.
    for (let column = row.length; column < table.spans.length; column++) if ((table.spans[column] ?? 0) > 0) row.push(null);
    table.rows.push(row);
    table.spans = table.spans.map((left) => Math.max(0, left - 1));
    row = undefined;
  };
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'table') {
          if (++depth === 1) tables.push((table = { rows: [], spans: [] }));
          return;
        }
        if (depth !== 1 || !table) {
          if (cell && name === 'br') cell.text += '\n';
          return;
        }
        if (name === 'tr') {
          endRow();
          row = [];
        } else if (name === 'td' || name === 'th') {
          row ??= [];
          place();
          const span = (value: string | undefined) => Math.min(Math.max(Number.parseInt(value ?? '1', 10) || 1, 1), MAX_COLUMNS);
          cell = { text: '', colspan: span(attributes.colspan), rowspan: span(attributes.rowspan) };
        } else if (cell && name === 'br') cell.text += '\n';
      },
      ontext(text) {
        if (cell) cell.text += text.replace(/\n/g, ' ');
      },
      onclosetag(name) {
        if (name === 'table') {
          if (depth === 1) endRow();
          depth = Math.max(0, depth - 1);
        } else if (depth === 1 && (name === 'td' || name === 'th')) place();
        else if (depth === 1 && name === 'tr') endRow();
        else if (cell && (name === 'p' || name === 'div')) cell.text += '\n';
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return tables;
}

export function openHtmlWorkbook(file: Buffer): StatementWorkbook {
  const tables = tablesOf(decodePage(file)).filter((table) => table.rows.some((row) => row.some((cell) => cell !== null)));
  if (!tables.length) throw new StatementFileError('file.noHeader');
  const sheets = tables.map((table, index) => {
    const name = tables.length === 1 ? 'Tableau' : `Tableau ${index + 1}`;
    const rows: StatementRowCells[] = [];
    table.rows.forEach((cells, at) => {
      const row: StatementCell[] = cells.slice(0, MAX_COLUMNS).map((text, column) => (text === null ? null : refuseDamagedText(text, name, cellAddress(column, at + 1))));
      if (row.some((value) => value !== null)) rows.push({ rowNumber: at + 1, cells: row });
    });
    return { name, rows };
  });
  return {
    format: 'html',
    date1904: false,
    sheets: sheets.map(({ name, rows }) => ({ name, hidden: false, rows: rows.length })),
    async *rows(sheet) {
      const found = sheets.find((candidate) => candidate.name === sheet);
      if (!found) throw new StatementFileError('file.unknownSheet', { sheet, sheets: sheets.map((s) => `« ${s.name} »`).join(', ') });
      yield* found.rows;
    },
  };
}
