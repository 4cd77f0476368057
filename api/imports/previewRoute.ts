import type { Request, Response } from 'express';
import { reportValue } from '../../statements/cellValues';
import { IMPORT_FIELDS, importFieldLabel, mappingForColumns } from '../../statements/mapping/columnMapping';
import { StatementFileError } from '../../statements/statementFileError';
import { implausibleDateColumns } from '../../statements/verdicts/sampleChecks';
import { renderFields, renderMessage } from '../../shared/messages/message';
import { preferredLanguage } from '../http/language';
import type { StatementImportService } from './statementImportService';
import { asUnprocessable, fileReceiver, inTurn, readStatement, sha256Of, statementSettings, type ImportRouterOptions } from './statementUpload';
import { todayInParis } from '../../shared/intlFormats';

/**
 * POST /api/imports/preview: the layout found, the mapping (applied, sent or proposed), the first
 * rows with the very verdicts the import will give them, and the valid and rejected rows of the
 * whole file.
 */
export function previewRoute(imports: StatementImportService, options: ImportRouterOptions) {
  const receiveFile = fileReceiver(options);
  return async (req: Request, res: Response) => {
    const file = await receiveFile(req, res);
    res.json(await inTurn(file, () => previewOf(req, file)));
  };

  async function previewOf(req: Request, file: Express.Multer.File) {
    const read = await readStatement(file, options);
    const settings = await statementSettings(imports, req, read, file.originalname, options);
    const { layout, survey } = settings;
    const language = preferredLanguage(req);
    const sha256 = sha256Of(file.buffer);
    const earlier = await imports.findSameFile(sha256);
    // Saved mappings whose columns this file has (spelled as the file spells them).
    const saved = (await imports.mappings.listMappings())
      .map((candidate) => ({ ...candidate, mapping: mappingForColumns(candidate.mapping, layout.columns) }))
      .filter((candidate) => Object.values(candidate.mapping).every((column) => !column || layout.columns.includes(column)));
    const { setup } = settings;
    const judged = setup ? await imports.judgeSample(survey.sample, setup) : undefined;
    const counts = setup
      ? await imports.countVerdicts(read.workbook, layout, setup, options.previewCountMs ?? 8000).catch((error: unknown) => {
          // The file's own problem is a 422; anything else only costs the whole-file count, which the import will do anyway.
          if (error instanceof StatementFileError) throw asUnprocessable(error);
          req.log?.warn({ err: error }, 'preview: whole-file count failed');
          return null;
        })
      : null;
    const today = todayInParis();
    const dateWarnings = setup ? implausibleDateColumns(survey.sample, setup.mapping, layout.columns, { ...setup.context, today }) : [];
    return {
      fileName: file.originalname,
      sha256,
      format: read.workbook.format,
      sheet: layout.sheet,
      sheets: read.surveys.map(({ name, rows }) => ({ name, rows })),
      headerRow: layout.headerRow,
      columns: layout.columns,
      fields: IMPORT_FIELDS.map((field) => ({ field, label: renderMessage(importFieldLabel(field), language) })),
      mapping: settings.mapping,
      appliedMapping: settings.appliedMapping,
      mappingErrors: settings.check.ok ? {} : renderFields(settings.check.errors, language),
      insurer: settings.insurer,
      period: settings.period,
      periodFound: settings.periodFound,
      totalRows: layout.dataRows,
      counts,
      dateWarnings: dateWarnings.map((warning) => ({ ...warning, message: renderMessage(warning, language) })),
      rows: survey.sample.map(({ rowNumber, cells }, index) => {
        const verdict = judged?.[index].verdict;
        return {
          row: rowNumber,
          cells: layout.columns.map((_, column) => reportValue(cells[column])),
          status: verdict?.kind ?? 'unmapped',
          values: verdict?.kind === 'line' ? verdict.line : null,
          errors: verdict?.kind === 'rejected' ? verdict.errors.map((error) => ({ ...error, message: renderMessage(error, language) })) : [],
        };
      }),
      duplicateOf: earlier ? { id: earlier.id, fileName: earlier.fileName, createdAt: earlier.createdAt, status: earlier.status } : null,
      savedMappings: saved,
    };
  }
}
