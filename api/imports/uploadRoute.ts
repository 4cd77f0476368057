import type { Request, Response } from 'express';
import { actorOf } from '../auth/accessPolicy';
import { HttpError, badRequest } from '../http/httpError';
import { QueueUnavailable, type StatementImportQueue } from './statementImportQueue';
import { duplicateImport, type StatementImportService } from './statementImportService';
import { fileReceiver, inTurn, readStatement, sha256Of, statementSettings, type ImportRouterOptions } from './statementUpload';

/** POST /api/imports: the file is stored, the import recorded as queued and its job enqueued (202). */
export function uploadRoute(imports: StatementImportService, queue: StatementImportQueue, options: ImportRouterOptions) {
  const receiveFile = fileReceiver(options);

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

  return async (req: Request, res: Response) => {
    const file = await receiveFile(req, res);
    const force = ['true', '1', 'on', 'yes'].includes(String((req.body ?? {}).force ?? '').toLowerCase());
    const sha256 = sha256Of(file.buffer);
    if (!force) await refuseSameFile(sha256);
    const { read, settings } = await inTurn(file, async () => {
      const read = await readStatement(file, options);
      return { read, settings: await statementSettings(imports, req, read, file.originalname, options) };
    });
    const { layout } = settings;
    if (!settings.check.ok) throw badRequest({ code: 'mapping.incomplete' }, settings.check.errors);

    const created = await imports.create({
      fileName: file.originalname,
      content: file.buffer,
      sha256,
      mapping: settings.mapping,
      format: read.workbook.format,
      sheet: layout.sheet,
      headerRow: layout.headerRow,
      columns: layout.columns,
      totalRows: layout.dataRows,
      rowsThroughHeader: layout.rowsThroughHeader,
      period: settings.period,
      insurer: settings.insurer,
      appliedMappingId: settings.appliedMapping?.id ?? null,
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
      throw new HttpError(503, { code: 'import.queueUnavailable', params: { id: String(created.id) } }, { file: { code: 'import.queueUnavailableField', params: { id: String(created.id) } } });
    }
    res.status(202).json(created);
  };
}
