import { Router } from 'express';
import { z } from 'zod';
import { parseIdParam, parseListQuery, sendPage } from '../http/simpleRest';
import { messageRenderer } from '../http/language';
import type { StatementImportRecord } from '../../shared/entities/statementImport';
import { neutraliseFormula } from '../../shared/spreadsheetFormulas';
import { mappingRoutes } from './mappingRoutes';
import { previewRoute } from './previewRoute';
import type { StatementImportQueue } from './statementImportQueue';
import { IMPORT_SORTABLE, importFilterSchema } from './statementImportRecord';
import { StatementImportService } from './statementImportService';
import { importWorkersState } from './workerHeartbeat';
import type { ImportRouterOptions } from './statementUpload';
import { uploadRoute } from './uploadRoute';

export type { ImportRouterOptions } from './statementUpload';

/**
 * /api/imports: preview an insurer's statement, confirm it (the file is stored and a job
 * queued), follow its progress, read and download its rejected rows, manage saved mappings.
 * The preview, the upload and the mappings live in their own modules.
 */
export function statementImportRouter(imports: StatementImportService, queue: StatementImportQueue, options: ImportRouterOptions) {
  const router = Router();
  router.post('/preview', previewRoute(imports, options));
  router.post('/', uploadRoute(imports, queue, options));
  router.use('/mappings', mappingRoutes(imports));

  /** A record's error in the reader's language. */
  const localised = (render: ReturnType<typeof messageRenderer>) => (record: StatementImportRecord) =>
    record.error ? { ...record, error: render({ ...record.errorDetail, message: record.error }) } : record;

  router.get('/', async (req, res) => {
    const query = parseListQuery(req.query, { sortable: IMPORT_SORTABLE, defaultSort: ['createdAt', 'DESC'], filter: importFilterSchema });
    const { rows, total, capped } = await imports.list(query);
    sendPage(res, 'imports', query.range, rows.map(localised(messageRenderer(req))), total, capped);
  });

  // Whether anything will run the queued imports: the Imports page warns when no worker is alive.
  router.get('/workers', async (_req, res) => {
    res.json(await importWorkersState(imports.knex));
  });

  router.get('/:id', async (req, res) => {
    res.json(localised(messageRenderer(req))(await imports.get(parseIdParam(req.params.id))));
  });

  // The clients whose details the file changed, with the fields: for the firm to review.
  router.get('/:id/changed-clients', async (req, res) => {
    const id = parseIdParam(req.params.id);
    const query = parseListQuery(req.query, { sortable: ['id', 'lastName'], defaultSort: ['lastName', 'ASC'], filter: z.object({}).strict() });
    const { rows, total } = await imports.changedClients(id, query.range);
    sendPage(res, 'changed-clients', query.range, rows, total);
  });

  router.get('/:id/errors', async (req, res) => {
    const id = parseIdParam(req.params.id);
    const query = parseListQuery(req.query, { sortable: ['row', 'id'], defaultSort: ['row', 'ASC'], filter: z.object({}).passthrough() });
    const { rows, total } = await imports.rejections(id, query.range);
    const render = messageRenderer(req);
    sendPage(
      res,
      'errors',
      query.range,
      rows.map(({ code, params, ...row }) => ({ ...row, message: render({ code, params, message: row.message }) })),
      total,
    );
  });

  // The rejected rows as they were, plus the reasons: fixed in Excel, the file imports again.
  router.get('/:id/errors.xlsx', async (req, res) => {
    const id = parseIdParam(req.params.id);
    const source = await imports.reportSource(id);
    const render = messageRenderer(req);
    const baseName = source.fileName.replace(/\.(xlsx|xlsm|xlsb|xls|ods|csv|txt)$/i, '');
    res.attachment(render({ code: 'report.fileName', params: { name: baseName } }));
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    // Loaded on the first report (about 27 MiB), not at every start.
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useSharedStrings: false, useStyles: false });
    try {
      const sheet = workbook.addWorksheet(render({ code: 'report.sheet' }));
      // Every text comes from the uploaded file: the shared CSV-injection rule applies (exceljs
      // writes strings as text, the apostrophe keeps them text once edited in a spreadsheet).
      sheet.addRow([...source.columns, render({ code: 'report.error' }), render({ code: 'report.row' })].map(neutraliseFormula)).commit();
      for await (const rejected of source.rows()) {
        const cells = source.columns.map((_, index) => rejected.cells[index] ?? null);
        const reasons = rejected.errors.map((error) => (error.column ? `${error.column} : ${render(error)}` : render(error))).join(' ; ');
        sheet.addRow([...cells, reasons, rejected.row].map(neutraliseFormula)).commit();
      }
      sheet.commit();
      await workbook.commit();
    } catch (error) {
      // Headers are gone: cut the download short rather than send a JSON error inside a zip.
      req.log?.error({ err: error, importId: id }, 'error report failed mid-stream');
      res.destroy(error as Error);
    }
  });

  return router;
}
