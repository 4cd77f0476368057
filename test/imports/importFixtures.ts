import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { proposeMapping, type ColumnMapping } from '../../statements/mapping/columnMapping';
import { StatementImportService } from '../../api/imports/statementImportService';
import { proposePeriod } from '../../statements/mapping/statementPeriod';
import { layoutOf } from '../support/statementReading';

/** Records an import as POST /api/imports does (without the queue), for the processor tests. */
export async function recordImport(knex: Knex, file: Buffer, options: { mapping?: ColumnMapping; userId?: number | null; fileName?: string; period?: string | null; insurer?: string | null } = {}) {
  const { workbook, layout } = await layoutOf(file, { sampleRows: 1 });
  const service = new StatementImportService(knex);
  const mapping = options.mapping ?? proposeMapping(layout.columns);
  // As the upload does: without a commission-date column, the month the title rows name.
  const period = options.period !== undefined ? options.period : mapping.date ? null : (proposePeriod({ titleRows: layout.titleRows, sheetName: layout.sheet })?.period ?? null);
  return service.create({
    fileName: options.fileName ?? 'bordereau.xlsx',
    content: file,
    sha256: crypto.createHash('sha256').update(file).digest('hex') + crypto.randomBytes(4).toString('hex'),
    mapping,
    format: workbook.format,
    sheet: layout.sheet,
    headerRow: layout.headerRow,
    columns: layout.columns,
    totalRows: null,
    rowsThroughHeader: layout.rowsThroughHeader,
    period,
    insurer: options.insurer ?? null,
    appliedMappingId: null,
    forced: false,
    actor: { userId: options.userId ?? null, label: 'Anne Admin <admin@test.fr>' },
  });
}

export const importLimits = { maxRows: 2_000_000, maxUncompressedBytes: 512 * 1024 * 1024 };
