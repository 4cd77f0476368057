import crypto from 'node:crypto';
import type { Request, Response } from 'express';
import multer from 'multer';
import { HttpError, badRequest, parseOrThrow } from '../http/httpError';
import { parseIdParam } from '../http/simpleRest';
import { nulCharacterRefused, nulPathOf } from '../http/textInput';
import { columnMappingSchema, proposeMapping, type ColumnMapping } from '../../worker/columnMapping';
import { tooManyRows, type ImportLimits } from '../../worker/statementImportProcessor';
import { analyseStatement } from '../../worker/statementReader';
import { inspectWorkbookArchive, StatementFileError } from '../../worker/workbookArchive';
import type { StatementImportService } from './statementImportService';

/** What the preview and the upload routes share: receiving the file, reading its layout, choosing the mapping. */

export interface ImportRouterOptions extends ImportLimits {
  maxFileBytes: number;
  /** Data rows shown in the preview. */
  previewRows?: number;
}

export const sha256Of = (content: Buffer) => crypto.createHash('sha256').update(content).digest('hex');

/** Receives the multipart upload, turning multer's errors into French 4xx answers. */
export function fileReceiver(options: Pick<ImportRouterOptions, 'maxFileBytes'>) {
  const upload = multer({
    storage: multer.memoryStorage(),
    // Browsers send file names in UTF-8 ("Bordereau Générali.xlsx"), not latin1.
    defParamCharset: 'utf8',
    limits: { fileSize: options.maxFileBytes, files: 1, fields: 10, fieldSize: 256 * 1024 },
  }).single('file');

  return (req: Request, res: Response) =>
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
}

/** Reads what the upload says about the file; unreadable files are a 422 with the reason. */
export async function readLayout(file: Express.Multer.File, options: ImportRouterOptions) {
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
}

/** The mapping the request names (a saved one, or one sent as JSON), else the one proposed from the headers. */
export async function mappingFrom(imports: StatementImportService, req: Request, columns: string[]): Promise<ColumnMapping> {
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
}
