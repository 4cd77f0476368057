import { bufferSource } from '../../statements/archive/archiveSource';
import { chooseSheet, surveySheets } from '../../statements/layout/statementLayout';
import { DEFAULT_MAX_WHOLE_FILE_BYTES, openStatementWorkbook, type ReaderLimits } from '../../statements/readers/openStatement';
import type { StatementRowCells } from '../../statements/readers/statementWorkbook';
import { StatementFileError } from '../../statements/statementFileError';

/** Reading a statement in memory as the upload does, for the tests. */

export const testReaderLimits: ReaderLimits = { maxUncompressedBytes: 512 * 1024 * 1024, maxWholeFileBytes: DEFAULT_MAX_WHOLE_FILE_BYTES };

export function openFile(file: Buffer, limits: Partial<ReaderLimits> = {}) {
  return openStatementWorkbook(bufferSource(file), { ...testReaderLimits, ...limits });
}

/** The workbook, its surveyed tabs and the layout of the tab chosen by default (or `sheet`). */
export async function layoutOf(file: Buffer, options: { sheet?: string; sampleRows?: number; limits?: Partial<ReaderLimits> } = {}) {
  const workbook = await openFile(file, options.limits);
  const surveys = await surveySheets(workbook, { sampleRows: options.sampleRows ?? 20 });
  const survey = chooseSheet(surveys, { sheet: options.sheet });
  return { workbook, surveys, survey, layout: survey.layout!, sample: survey.sample };
}

/** Every row of a tab (the first one by default), holding a value. */
export async function rowsOf(file: Buffer, sheet?: string): Promise<StatementRowCells[]> {
  const workbook = await openFile(file);
  const rows: StatementRowCells[] = [];
  for await (const row of workbook.rows(sheet ?? workbook.sheets[0].name)) rows.push(row);
  return rows;
}

/** The French message a file is refused with (fails when it is not refused as a file error). */
export async function refusalOf(file: Buffer, limits: Partial<ReaderLimits> = {}): Promise<string> {
  const error = await layoutOf(file, { limits }).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof StatementFileError)) throw new Error(`expected a StatementFileError, got ${error instanceof Error ? error.stack : String(error)}`);
  return error.message;
}
