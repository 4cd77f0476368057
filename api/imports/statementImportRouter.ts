import crypto from 'node:crypto';
import type { Request, Response } from 'express';
import { Router } from 'express';
import ExcelJS from 'exceljs';
import multer from 'multer';
import { z } from 'zod';
import { actorOf } from '../auth/accessPolicy';
import { HttpError, badRequest, parseOrThrow } from '../http/httpError';
import { parseIdParam, parseListQuery, sendPage } from '../http/simpleRest';
import { nulCharacterRefused, nulPathOf } from '../http/textInput';
import { neutraliseFormula } from '../../shared/spreadsheetFormulas';
import { reportValue } from '../../worker/cellValues';
import { IMPORT_FIELDS, IMPORT_FIELD_LABELS, columnMappingSchema, proposeMapping, resolveMapping, type ColumnMapping } from '../../worker/columnMapping';
import { QueueUnavailable, type StatementImportQueue } from './statementImportQueue';
import { tooManyRows, type ImportLimits } from '../../worker/statementImportProcessor';
import { IMPORT_SORTABLE, StatementImportService, duplicateImport, importFilterSchema, savedMappingSchema } from './statementImportService';
import { analyseStatement } from '../../worker/statementReader';
import { readStatementRow } from '../../worker/statementRow';
import { inspectWorkbookArchive, StatementFileError } from '../../worker/workbookArchive';

export interface ImportRouterOptions extends ImportLimits {
  maxFileBytes: number;
  /** Data rows shown in the preview. */
  previewRows?: number;
}

const sha256Of = (content: Buffer) => crypto.createHash('sha256').update(content).digest('hex');

const FIELDS = IMPORT_FIELDS.map((field) => ({ field, label: IMPORT_FIELD_LABELS[field] }));

/**
 * /api/imports: preview an insurer's statement, confirm it (the file is stored and a job
 * queued), follow its progress, read and download its rejected rows, manage saved mappings.
 */
export function statementImportRouter(imports: StatementImportService, queue: StatementImportQueue, options: ImportRouterOptions) {
  const router = Router();
  const upload = multer({
    storage: multer.memoryStorage(),
    // Browsers send file names in UTF-8 ("Bordereau Générali.xlsx"), not latin1.
    defParamCharset: 'utf8',
    limits: { fileSize: options.maxFileBytes, files: 1, fields: 10, fieldSize: 256 * 1024 },
  }).single('file');

  /** Receives the multipart upload, turning multer's errors into French 4xx answers. */
  const receiveFile = (req: Request, res: Response) =>
    new Promise<Express.Multer.File>((resolve, reject) => {
      upload(req, res, (error: unknown) => {
        // The rest of a refused body is never read: the connection must not be reused.
        if (error) res.set('Connection', 'close');
        if (error instanceof multer.MulterError) {
          if (error.code === 'LIMIT_FILE_SIZE') {
            reject(new HttpError(413, `Le fichier dépasse la taille maximale autorisée (${Math.round(options.maxFileBytes / 1024 / 1024)} Mo).`, { file: 'Fichier trop volumineux' }));
          } else {
            reject(badRequest('Envoi invalide : joignez un seul fichier dans le champ « file ».', { file: error.message }));
          }
          return;
        }
        if (error) {
          reject(badRequest('Envoi invalide : le formulaire doit être en multipart/form-data.', { file: 'Envoi invalide' }));
          return;
        }
        // Multipart fields and the file name skip the JSON guard (refuseNulCharacters): checked here.
        const nulAt = req.file?.originalname.includes('\u0000') ? 'file' : nulPathOf(req.body);
        if (nulAt !== undefined) {
          reject(nulCharacterRefused(nulAt));
          return;
        }
        if (!req.file || req.file.size === 0) {
          reject(badRequest(req.file ? 'Le fichier est vide.' : 'Choisissez un fichier Excel (.xlsx) à importer.', { file: 'Fichier manquant ou vide' }));
          return;
        }
        resolve(req.file);
      });
    });

  /** Reads what the upload says about the file; unreadable files are a 422 with the reason. */
  const readLayout = async (file: Express.Multer.File) => {
    try {
      const archive = await inspectWorkbookArchive(file.buffer, options);
      const layout = await analyseStatement(archive.workbook, { sampleRows: options.previewRows ?? 20 });
      const totalRows = Math.max(0, (archive.rowsPerSheet.get(layout.sheetId) ?? 0) - layout.rowsThroughHeader);
      if (totalRows > options.maxRows) throw tooManyRows(options.maxRows);
      return { ...layout, totalRows };
    } catch (error) {
      if (error instanceof StatementFileError) throw new HttpError(422, error.message, { file: error.message });
      throw error;
    }
  };

  const mappingFrom = async (req: Request, columns: string[]): Promise<ColumnMapping> => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (body.mappingId !== undefined && body.mappingId !== '') {
      return (await imports.getMapping(parseIdParam(body.mappingId))).mapping;
    }
    if (body.mapping === undefined || body.mapping === '') return proposeMapping(columns);
    let raw: unknown = body.mapping;
    if (typeof raw === 'string') {
      try {
        raw = JSON.parse(raw);
      } catch {
        throw badRequest('La correspondance de colonnes n’est pas un JSON valide.', { mapping: 'JSON invalide' });
      }
    }
    return parseOrThrow(columnMappingSchema, raw, 'La correspondance de colonnes est invalide.');
  };

  router.post('/preview', async (req, res) => {
    const file = await receiveFile(req, res);
    const layout = await readLayout(file);
    const mapping = await mappingFrom(req, layout.columns);
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
  });

  /**
   * The early, friendly 409 (before the file is parsed). The database has the last word in
   * create(); this only spares the parsing, and retires an earlier upload the queue lost.
   */
  const refuseSameFile = async (sha256: string) => {
    const earlier = await imports.findSameFile(sha256);
    if (!earlier) return;
    if (earlier.status === 'queued' && !earlier.startedAt) {
      const lost = await queue.isLost(earlier.id).catch((error) => {
        if (error instanceof QueueUnavailable) return false; // it will run once the queue is back
        throw error;
      });
      if (lost && (await imports.supersedeLost(earlier.id))) return;
    }
    throw duplicateImport(earlier);
  };

  router.post('/', async (req, res) => {
    const file = await receiveFile(req, res);
    const force = ['true', '1', 'on', 'yes'].includes(String((req.body ?? {}).force ?? '').toLowerCase());
    const sha256 = sha256Of(file.buffer);
    if (!force) await refuseSameFile(sha256);
    const layout = await readLayout(file);
    const mapping = await mappingFrom(req, layout.columns);
    const check = resolveMapping(mapping, layout.columns);
    if (!check.ok) throw badRequest('La correspondance de colonnes est incomplète ou invalide.', check.errors);

    const created = await imports.create({
      fileName: file.originalname,
      content: file.buffer,
      sha256,
      mapping,
      sheetId: layout.sheetId,
      sheetName: layout.sheetName,
      headerRow: layout.headerRow,
      columns: layout.columns,
      totalRows: layout.totalRows,
      forced: force,
      actor: actorOf(req),
    });
    try {
      await queue.enqueue(created.id);
    } catch (error) {
      // The import and its file are kept, queued: the reconciler hands it to the queue once
      // the queue is back (statementImportReconciler). The user is told, not left waiting.
      req.log?.error({ err: error, importId: created.id }, 'could not enqueue statement import');
      res.set('Retry-After', '30');
      throw new HttpError(
        503,
        `La file d’attente des imports est momentanément indisponible. Le fichier est conservé (import n° ${created.id}) et l’import démarrera automatiquement dès son retour.`,
        { file: `Import n° ${created.id} en attente de la file` },
      );
    }
    res.status(202).json(created);
  });

  router.get('/', async (req, res) => {
    const query = parseListQuery(req.query, { sortable: IMPORT_SORTABLE, defaultSort: ['createdAt', 'DESC'], filter: importFilterSchema });
    const { rows, total } = await imports.list(query);
    sendPage(res, 'imports', query.range, rows, total);
  });

  router.get('/mappings', async (_req, res) => {
    const mappings = await imports.listMappings();
    sendPage(res, 'mappings', { start: 0 }, mappings, mappings.length);
  });
  const mappingInput = (body: unknown) => {
    const input = parseOrThrow(savedMappingSchema, body);
    return { input, mapping: parseOrThrow(columnMappingSchema, input.mapping, 'La correspondance de colonnes est invalide.') };
  };
  router.post('/mappings', async (req, res) => {
    const { input, mapping } = mappingInput(req.body);
    res.status(201).json(await imports.saveMapping(input, mapping));
  });
  router.get('/mappings/:id', async (req, res) => {
    res.json(await imports.getMapping(parseIdParam(req.params.id)));
  });
  router.put('/mappings/:id', async (req, res) => {
    await imports.getMapping(parseIdParam(req.params.id));
    const { input, mapping } = mappingInput(req.body);
    res.json(await imports.saveMapping(input, mapping));
  });
  router.delete('/mappings/:id', async (req, res) => {
    res.json(await imports.deleteMapping(parseIdParam(req.params.id)));
  });

  router.get('/:id', async (req, res) => {
    res.json(await imports.get(parseIdParam(req.params.id)));
  });

  router.get('/:id/errors', async (req, res) => {
    const id = parseIdParam(req.params.id);
    const query = parseListQuery(req.query, { sortable: ['row', 'id'], defaultSort: ['row', 'ASC'], filter: z.object({}).passthrough() });
    const { rows, total } = await imports.rejections(id, query.range);
    sendPage(res, 'errors', query.range, rows, total);
  });

  // The rejected rows as they were, plus the reasons: fixed in Excel, the file imports again.
  router.get('/:id/errors.xlsx', async (req, res) => {
    const id = parseIdParam(req.params.id);
    const source = await imports.reportSource(id);
    const baseName = source.fileName.replace(/\.xlsx$/i, '');
    res.attachment(`${baseName} - lignes rejetées.xlsx`);
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useSharedStrings: false, useStyles: false });
    try {
      const sheet = workbook.addWorksheet('Lignes rejetées');
      // Every text comes from the uploaded file: the shared CSV-injection rule applies (exceljs
      // writes strings as text, the apostrophe keeps them text once edited in a spreadsheet).
      sheet.addRow([...source.columns, 'Erreur', 'Ligne d’origine'].map(neutraliseFormula)).commit();
      for await (const rejected of source.rows()) {
        const cells = source.columns.map((_, index) => rejected.cells[index] ?? null);
        const reasons = rejected.errors.map((error) => (error.column ? `${error.column} : ${error.message}` : error.message)).join(' ; ');
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
