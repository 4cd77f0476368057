import { parse as parseSync } from 'csv-parse/sync';
import { CsvError, parse } from 'csv-parse';
import type { ArchiveSource } from '../../archive/archiveSource';
import { StatementFileError } from '../../statementFileError';
import { MAX_COLUMNS, type StatementRowCells, type StatementWorkbook } from '../statementWorkbook';
import { csvDecoder, detectCsvEncoding, type CsvEncoding } from './csvEncoding';

/**
 * A CSV statement as one tab named « CSV ». Every value stays text, so "007100234" keeps its
 * zeros; amounts and dates are then read by the same French rules as any other cell. The
 * separator is detected (`;`, `,`, tab or `|`), quoted fields may hold separators and line breaks.
 * The file is read once when opened, streaming (it is validated whole and its rows counted
 * before anything is imported), then streamed again for the rows.
 */

export const CSV_SHEET = 'CSV';
const SEPARATORS = [';', '\t', ',', '|'] as const;

/** The separator that splits the first lines into the most rows of one same width (above one column). */
export function detectSeparator(sample: string): string {
  let best: { separator: string; score: number; width: number } = { separator: ';', score: -1, width: 0 };
  for (const separator of SEPARATORS) {
    let records: string[][];
    try {
      records = parseSync(sample, { delimiter: separator, relax_column_count: true, relax_quotes: true, to_line: 50, skip_empty_lines: true });
    } catch {
      continue;
    }
    const widths = new Map<number, number>();
    for (const record of records) if (record.length > 1) widths.set(record.length, (widths.get(record.length) ?? 0) + 1);
    const [width, score] = [...widths.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0] ?? [0, 0];
    if (score > best.score || (score === best.score && width > best.width)) best = { separator, score, width };
  }
  return best.separator;
}

interface CsvDialect {
  encoding: CsvEncoding;
  skip: number;
  separator: string;
  /** Excel's `sep=;` first line, which names the separator and is not a row. */
  separatorLine: boolean;
}

async function* decodedText(source: ArchiveSource, dialect: Pick<CsvDialect, 'encoding' | 'skip'>): AsyncGenerator<string> {
  const decoder = csvDecoder(dialect.encoding);
  for await (const slice of source.slices(dialect.skip, source.size - dialect.skip)) {
    // In small pieces, so that a reader that stops after a few rows has parsed only those.
    for (let at = 0; at < slice.length; at += 64 * 1024) {
      const text = decoder.write(slice.subarray(at, at + 64 * 1024));
      if (text) yield text;
    }
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

function drainedOrClosed(parser: NodeJS.EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      parser.off('drain', done);
      parser.off('close', done);
      resolve();
    };
    parser.on('drain', done);
    parser.on('close', done);
  });
}

/** Every record of the file with its 1-based number (its row once opened in a spreadsheet program). */
async function* records(source: ArchiveSource, dialect: CsvDialect): AsyncGenerator<{ number: number; fields: string[] }> {
  const parser = parse({ delimiter: dialect.separator, relax_column_count: true, skip_empty_lines: false, bom: false });
  const feeding = (async () => {
    try {
      for await (const text of decodedText(source, dialect)) {
        if (parser.destroyed) return;
        // Backpressure: the rows are read as they are consumed; a parser that stopped never drains.
        if (!parser.write(text)) await drainedOrClosed(parser);
      }
      parser.end();
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();
  let number = 0;
  let first = dialect.separatorLine;
  try {
    for await (const fields of parser) {
      if (first) {
        first = false;
        continue;
      }
      yield { number: ++number, fields: fields as string[] };
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines ?? number + 1;
      throw new StatementFileError('file.csvMalformed', { line, detail: error.message.replace(/^Invalid [^:]*: /, '').slice(0, 120) });
    }
    throw error;
  } finally {
    parser.destroy();
    await feeding.catch(() => undefined);
  }
}

function rowOf(record: { number: number; fields: string[] }): StatementRowCells | undefined {
  const cells = record.fields.slice(0, MAX_COLUMNS).map((field) => (field.trim() === '' ? null : field));
  if (cells.every((cell) => cell === null)) return undefined;
  cells.forEach((cell, index) => {
    if (cell?.includes('\uFFFD')) throw new StatementFileError('file.csvEncoding', { line: record.number, column: index + 1 });
  });
  return { rowNumber: record.number, cells };
}

export async function openCsvWorkbook(source: ArchiveSource): Promise<StatementWorkbook> {
  const encoding = await detectCsvEncoding(source);
  const sample = csvDecoder(encoding.encoding).write(await source.read(encoding.skip, Math.min(source.size - encoding.skip, 64 * 1024)));
  const declared = /^sep=(.)\r?\n/i.exec(sample)?.[1];
  const dialect: CsvDialect = { ...encoding, separator: declared ?? detectSeparator(sample), separatorLine: declared !== undefined };
  let rows = 0;
  for await (const record of records(source, dialect)) if (rowOf(record)) rows++;
  return {
    format: 'csv',
    date1904: false,
    sheets: [{ name: CSV_SHEET, hidden: false, rows }],
    async *rows(sheet) {
      if (sheet !== CSV_SHEET) throw new StatementFileError('file.unknownSheet', { sheet, sheets: `« ${CSV_SHEET} »` });
      for await (const record of records(source, dialect)) {
        const row = rowOf(record);
        if (row) yield row;
      }
    },
  };
}
