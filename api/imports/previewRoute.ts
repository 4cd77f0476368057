import type { Request, Response } from 'express';
import { reportValue } from '../../worker/cellValues';
import { IMPORT_FIELDS, IMPORT_FIELD_LABELS, resolveMapping } from '../../worker/columnMapping';
import { readStatementRow } from '../../worker/statementRow';
import type { StatementImportService } from './statementImportService';
import { fileReceiver, mappingFrom, readLayout, sha256Of, type ImportRouterOptions } from './statementUpload';

const FIELDS = IMPORT_FIELDS.map((field) => ({ field, label: IMPORT_FIELD_LABELS[field] }));

/** POST /api/imports/preview: the layout found, the mapping proposed, and the first rows as they will be imported. */
export function previewRoute(imports: StatementImportService, options: ImportRouterOptions) {
  const receiveFile = fileReceiver(options);
  return async (req: Request, res: Response) => {
    const file = await receiveFile(req, res);
    const layout = await readLayout(file, options);
    const mapping = await mappingFrom(imports, req, layout.columns);
    const check = resolveMapping(mapping, layout.columns);
    const sha256 = sha256Of(file.buffer);
    const earlier = await imports.findSameFile(sha256);
    const saved = (await imports.listMappings()).filter((candidate) => Object.values(candidate.mapping).every((column) => !column || layout.columns.includes(column)));
    res.json({
      fileName: file.originalname,
      sha256,
      sheetName: layout.sheetName,
      headerRow: layout.headerRow,
      columns: layout.columns,
      fields: FIELDS,
      mapping,
      mappingErrors: check.ok ? {} : check.errors,
      totalRows: layout.totalRows,
      rows: layout.sample.map(({ rowNumber, cells }) => {
        const result = check.ok ? readStatementRow(cells, check.resolved, layout.columns) : undefined;
        return {
          row: rowNumber,
          cells: layout.columns.map((_, index) => reportValue(cells[index])),
          status: result?.kind ?? 'unmapped',
          values: result?.kind === 'line' ? result.line : null,
          errors: result?.kind === 'rejected' ? result.errors : [],
        };
      }),
      duplicateOf: earlier ? { id: earlier.id, fileName: earlier.fileName, createdAt: earlier.createdAt, status: earlier.status } : null,
      savedMappings: saved,
    });
  };
}
