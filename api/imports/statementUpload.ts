import crypto from 'node:crypto';
import type { Request, Response } from 'express';
import multer from 'multer';
import pLimit from 'p-limit';
import { HttpError, badRequest, parseOrThrow } from '../http/httpError';
import { parseIdParam } from '../http/simpleRest';
import { nulCharacterRefused, nulPathOf } from '../http/textInput';
import { cleanText } from '../../shared/contactDetails';
import { z } from 'zod';
import { codedIssue, fieldIssue } from '../../shared/messages/zodIssues';
import type { MessageCode } from '../../shared/messages/message';
import { checkMapping, columnMappingSchema, mappingForColumns, proposeMapping, type ColumnMapping } from '../../statements/mapping/columnMapping';
import type { VerdictSetup } from '../../statements/verdicts/rowVerdicts';
import { readerLimitsOf, tooManyRows, type ImportLimits } from './statementImportProcessor';
import { isStatementPeriod, proposePeriod } from '../../statements/mapping/statementPeriod';
import { headerFingerprint } from '../../statements/mapping/columnMapping';
import { chooseSheet, surveySheets, type SheetSurvey } from '../../statements/layout/statementLayout';
import { openStatementWorkbook } from './statementReaders';
import { bufferSource } from '../../statements/archive/archiveSource';
import { StatementFileError } from '../../statements/statementFileError';
import { uncomputedFormulaColumn } from '../../statements/verdicts/sampleChecks';
import type { SavedMapping } from './importMappingService';
import type { StatementImportService } from './statementImportService';

/** What the preview and the upload routes share: receiving the file, reading its layout, choosing the mapping. */

export interface ImportRouterOptions extends ImportLimits {
  maxFileBytes: number;
  /** Data rows shown in the preview. */
  previewRows?: number;
  /** Time the preview spends counting the verdicts of the whole file (default 8 s). */
  previewCountMs?: number;
}

/**
 * Reading a statement costs memory in proportion to its content (whole-read formats, the shared
 * strings): large files are read one at a time in a process, the others wait their turn.
 */
export const LARGE_STATEMENT_BYTES = 2 * 1024 * 1024;
const largeStatementTurn = pLimit(1);
export function inTurn<T>(file: { size: number }, read: () => Promise<T>): Promise<T> {
  return file.size >= LARGE_STATEMENT_BYTES ? largeStatementTurn(read) : read();
}

export const sha256Of = (content: Buffer) => crypto.createHash('sha256').update(content).digest('hex');

/** What each of multer's refusals says under the file input (multer's own messages are English only). */
const MULTER_REFUSALS: Partial<Record<string, MessageCode>> = {
  LIMIT_PART_COUNT: 'upload.tooManyParts',
  LIMIT_FILE_COUNT: 'upload.tooManyFiles',
  LIMIT_FIELD_KEY: 'upload.fieldNameTooLong',
  LIMIT_FIELD_VALUE: 'upload.fieldValueTooLong',
  LIMIT_FIELD_COUNT: 'upload.tooManyFields',
  LIMIT_UNEXPECTED_FILE: 'upload.unexpectedFile',
};

/** Receives the multipart upload, turning multer's errors into 4xx answers. */
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
            reject(new HttpError(413, { code: 'upload.tooLarge', params: { megabytes: String(Math.round(options.maxFileBytes / 1024 / 1024)) } }, { file: { code: 'upload.tooLargeField' } }));
          } else {
            reject(badRequest({ code: 'upload.oneFile' }, { file: { code: MULTER_REFUSALS[error.code] ?? 'upload.invalidField' } }));
          }
          return;
        }
        if (error) {
          reject(multipartRefusal(error));
          return;
        }
        // Multipart fields and the file name skip the JSON guard (refuseUnsafeInput): checked here.
        const nulAt = req.file?.originalname.includes('\u0000') ? 'file' : nulPathOf(req.body);
        if (nulAt !== undefined) {
          reject(nulCharacterRefused(nulAt));
          return;
        }
        if (req.file) {
          // Invisible characters go (a U+202E turned "…‮txt.exe.xlsx" around on screen); nothing left is no name.
          req.file.originalname = cleanText(req.file.originalname);
          if (!req.file.originalname) {
            reject(badRequest({ code: 'upload.nameEmpty' }, { file: { code: 'upload.nameInvalidField' } }));
            return;
          }
        }
        if (!req.file || req.file.size === 0) {
          reject(badRequest({ code: req.file ? 'file.empty' : 'upload.fileMissing' }, { file: { code: 'upload.fileMissingField' } }));
          return;
        }
        resolve(req.file);
      });
    });
}

/**
 * What the multipart parser (busboy) refused, named: a part header it cannot read (a file or
 * field name holding a NUL or another control character), a body cut short, or no multipart at all.
 */
function multipartRefusal(error: unknown) {
  const message = error instanceof Error ? error.message : '';
  if (/Malformed part header/i.test(message)) {
    return badRequest(
      { code: 'upload.forbiddenCharacter' },
      {
        file: { code: 'upload.nameInvalidField' },
      },
    );
  }
  if (/Unexpected end of form|Unexpected end of multipart data/i.test(message)) {
    return badRequest({ code: 'upload.incomplete' }, { file: { code: 'upload.incompleteField' } });
  }
  return badRequest({ code: 'upload.notMultipart' }, { file: { code: 'upload.invalidField' } });
}

/** Opens the uploaded file and surveys its visible tabs; unreadable files are a 422 with the reason. */
export async function readStatement(file: Express.Multer.File, options: ImportRouterOptions) {
  try {
    const workbook = await openStatementWorkbook(bufferSource(file.buffer), readerLimitsOf(options));
    const surveys = await surveySheets(workbook, { sampleRows: options.previewRows ?? 20 });
    return { workbook, surveys };
  } catch (error) {
    throw asUnprocessable(error);
  }
}

export type StatementRead = Awaited<ReturnType<typeof readStatement>>;

/** A file's problem found while reading it is a 422 naming it, never a 500. */
export function asUnprocessable(error: unknown) {
  return error instanceof StatementFileError ? HttpError.coded(422, error.detail, { file: error.detail }) : error;
}

/**
 * Everything besides the file that decides how its rows are read, chosen the same way for the
 * preview and the upload (so that a preview shown is the import started):
 * - the tab: the `sheet` field when sent, else the tab of the saved mapping named by `mappingId`,
 *   else the first visible tab whose header a saved mapping knows, else the one whose header is
 *   recognised best;
 * - the mapping: a saved one named by `mappingId`, else the one sent as `mapping`, else the saved
 *   mapping made on a file with the same headers (`appliedMapping`), else the one proposed;
 * - the insurer of the file: the `insurer` field when sent (empty: none), else the applied mapping's;
 * - the period: when no column gives a commission date, the `period` field, else the month the
 *   title rows (or the tab's or file's name) name.
 */
export async function statementSettings(imports: StatementImportService, req: Request, read: StatementRead, fileName: string, limits: Pick<ImportLimits, 'maxRows'>) {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const fields = parseOrThrow(settingsSchema, { insurer: body.insurer, period: body.period, sheet: body.sheet }, { code: 'upload.settingsInvalid' });
  let mapping: ColumnMapping;
  let applied: SavedMapping | undefined;
  const named = body.mappingId !== undefined && body.mappingId !== '' ? await imports.mappings.getMapping(parseIdParam(body.mappingId)) : undefined;
  const known = new Set((await imports.mappings.listMappings()).flatMap((saved) => (saved.columns ? [headerFingerprint(saved.columns)] : [])));
  const namedSheet = named?.sheet && read.surveys.some((survey) => survey.name === named.sheet && survey.layout) ? named.sheet : undefined;
  const survey = chooseSurvey(read.surveys, { sheet: fields.sheet ?? namedSheet, prefer: (candidate) => known.has(headerFingerprint(candidate.layout!.columns)) });
  const layout = survey.layout!;
  if (layout.dataRows > limits.maxRows) throw asUnprocessable(tooManyRows(limits.maxRows));
  if (named) {
    applied = named;
    mapping = mappingForColumns(named.mapping, layout.columns);
  } else if (body.mapping !== undefined && body.mapping !== '') {
    mapping = parseMappingField(body.mapping);
  } else {
    applied = await imports.mappings.mappingForHeaders(layout.columns);
    mapping = applied ? mappingForColumns(applied.mapping, layout.columns) : proposeMapping(layout.columns);
  }
  const insurer = fields.insurer === undefined ? (applied?.insurer ?? null) : fields.insurer;
  const periodFound = proposePeriod({ titleRows: layout.titleRows, sheetName: layout.sheet, fileName });
  const period = mapping.date ? null : (fields.period ?? periodFound?.period ?? null);
  const check = checkMapping(mapping, layout.columns, { period });
  const setup = check.ok ? ({ mapping: check.resolved, columns: layout.columns, context: { period, insurer, date1904: read.workbook.date1904 } } satisfies VerdictSetup) : undefined;
  // Formulas saved without values would reject every row: the file itself must be fixed.
  const uncomputed = setup ? uncomputedFormulaColumn(survey.sample, setup.mapping, layout.columns) : undefined;
  if (uncomputed) throw asUnprocessable(new StatementFileError('file.uncomputedFormulas', { column: uncomputed }));
  return {
    survey,
    layout,
    mapping,
    appliedMapping: applied ? { id: applied.id, name: applied.name } : null,
    insurer,
    period,
    periodFound,
    check,
    setup,
  };
}

function chooseSurvey(surveys: SheetSurvey[], choice: Parameters<typeof chooseSheet>[1]) {
  try {
    return chooseSheet(surveys, choice);
  } catch (error) {
    throw asUnprocessable(error);
  }
}

const settingsSchema = z.object({
  // Absent: from the applied mapping; sent empty: no insurer for the file.
  insurer: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() || null : v),
    z
      .string({ error: fieldIssue('field.notText', 'label.company') })
      .max(200, fieldIssue('field.tooLong', 'label.company', { max: '200' }))
      .nullable()
      .optional(),
  ),
  sheet: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() || undefined : v),
    z
      .string({ error: codedIssue('upload.sheetNotText') })
      .max(200, fieldIssue('field.tooLong', 'label.sheetName', { max: '200' }))
      .optional(),
  ),
  period: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() || undefined : v),
    z
      .string({ error: codedIssue('upload.periodNotText') })
      .refine(isStatementPeriod, codedIssue('upload.periodInvalid'))
      .optional(),
  ),
});

function parseMappingField(value: unknown): ColumnMapping {
  let raw: unknown = value;
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch {
      throw badRequest({ code: 'mapping.notJson' }, { mapping: { code: 'list.jsonInvalid' } });
    }
  }
  return parseOrThrow(columnMappingSchema, raw, { code: 'mapping.invalid' });
}
