import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { proposeMapping, resolveMapping } from '../../statements/mapping/columnMapping';
import { dataRowsOf } from '../../statements/layout/statementLayout';
import { readStatementRow } from '../../statements/verdicts/statementRow';
import { CSV_SHEET } from '../../statements/readers/csv/csvWorkbook';
import { layoutOf, refusalOf } from '../support/statementReading';
import { CORPUS, expectedOf, imported, lineAsExpected, refused } from '../support/statementCorpus';
import { StatementFileError } from '../../statements/statementFileError';
import { uncomputedFormulaColumn } from '../../statements/verdicts/sampleChecks';

/**
 * The corpus written by real software (test/fixtures/statements, scripts/statementCorpus): every
 * file read by the product's readers gives the known statement's tabs, rows and lines exactly,
 * or is refused saying why. The same files go through the API in test/imports/statementCorpus.
 */
const TODAY = '2026-12-02';

/** Why a file is refused: when opening it, or, as the preview and upload do, when its mapped cells are formulas without value. */
async function corpusRefusal(file: Buffer): Promise<string> {
  const read = await layoutOf(file).catch(() => undefined);
  if (!read) return refusalOf(file);
  const check = resolveMapping(proposeMapping(read.layout.columns), read.layout.columns);
  const column = check.ok ? uncomputedFormulaColumn(read.sample, check.resolved, read.layout.columns) : undefined;
  return column ? new StatementFileError('file.uncomputedFormulas', { column }).message : 'accepted';
}

describe('the statement corpus, read', () => {
  it.each(imported.map((entry) => [entry.file, entry] as const))('%s', async (_name, entry) => {
    const file = fs.readFileSync(path.join(CORPUS, entry.file));
    const { workbook, layout, surveys } = await layoutOf(file);
    const expected = expectedOf(entry.statement!);
    // A format without tabs (CSV, an HTML table) has one, named by its reader.
    const sheetName = (name: string | null) => name ?? (workbook.format === 'csv' ? CSV_SHEET : workbook.sheets[0].name);
    expect(workbook.date1904).toBe(entry.date1904);
    expect(surveys.map(({ name, rows }) => ({ name, rows }))).toEqual(entry.sheets.map(({ name, rows }) => ({ name: sheetName(name), rows })));
    expect(layout.sheet).toBe(sheetName(entry.sheet));
    expect(layout.headerRow).toBe(expected.headerRow);
    const check = resolveMapping(proposeMapping(layout.columns), layout.columns);
    if (!check.ok) throw new Error(JSON.stringify(check.errors));
    const lines: Array<Array<string | null>> = [];
    const problems: unknown[] = [];
    let skipped = 0;
    for await (const { rowNumber, cells } of dataRowsOf(workbook, layout)) {
      const verdict = readStatementRow(cells, check.resolved, layout.columns, { date1904: workbook.date1904, today: TODAY });
      if (verdict.kind === 'line') lines.push(lineAsExpected(verdict.line, expected.fields));
      else if (verdict.kind === 'rejected') problems.push({ rowNumber, errors: verdict.errors.map((error) => error.message), cells });
      else skipped++;
    }
    expect(problems).toEqual([]);
    expect(skipped).toBe(expected.totals.skippedRows);
    expect(lines).toEqual(expected.lines);
  });

  it.each(refused.map((entry) => [entry.file, entry] as const))('%s is refused, saying why', async (_name, entry) => {
    const reason = (entry.expect as { refused: string }).refused;
    expect((await corpusRefusal(fs.readFileSync(path.join(CORPUS, entry.file)))).toLowerCase()).toContain(reason.toLowerCase());
  });
});
