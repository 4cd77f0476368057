import type { ArchiveSource } from '../../statements/archive/archiveSource';
import type { ReaderLimits } from '../../statements/readers/openStatement';
import type { StatementWorkbook } from '../../statements/readers/statementWorkbook';

/**
 * The statement readers and their libraries (SheetJS, saxes, csv-parse, htmlparser2...) load at
 * the first file read, not at start: about 28 MiB resident and a second or more of every start,
 * for a server that may never receive a statement (a separate chunk of dist/start.js).
 */
export async function openStatementWorkbook(source: ArchiveSource, limits: ReaderLimits): Promise<StatementWorkbook> {
  const readers = await import('../../statements/readers/openStatement');
  return readers.openStatementWorkbook(source, limits);
}
