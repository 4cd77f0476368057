import fs from 'node:fs';
import path from 'node:path';
import type { StatementLine } from '../../statements/verdicts/statementRow';

/** The corpus of statements written by real software (test/fixtures/statements, scripts/statementCorpus) and what each file holds. */
export const CORPUS = path.resolve(import.meta.dirname, '../fixtures/statements');

export interface CorpusFile {
  file: string;
  producer: string;
  format: string;
  statement: string | null;
  sheet: string | null;
  sheets: Array<{ name: string | null; rows: number }>;
  date1904: boolean;
  expect: 'import' | { refused: string };
}

export interface ExpectedStatement {
  headerRow: number;
  totals: { clients: number; contracts: number; lines: number; amountCents: number; skippedRows: number };
  fields: Array<keyof StatementLine>;
  lines: Array<Array<string | null>>;
}

export const manifest = JSON.parse(fs.readFileSync(path.join(CORPUS, 'manifest.json'), 'utf8')) as { statements: Record<string, string>; files: CorpusFile[] };
export const expectedOf = (statement: string): ExpectedStatement => JSON.parse(fs.readFileSync(path.join(CORPUS, manifest.statements[statement]), 'utf8'));
export const imported = manifest.files.filter((entry) => entry.expect === 'import');
export const refused = manifest.files.filter((entry) => entry.expect !== 'import');

/** A line as the expected files write it: every field as text (amounts are already their two-decimal text). */
export function lineAsExpected(line: StatementLine, fields: Array<keyof StatementLine>): Array<string | null> {
  return fields.map((field) => {
    const value = line[field];
    return value === null ? null : String(value);
  });
}
