import { Router } from 'express';
import { z } from 'zod';
import { actorOf, adminOnly } from '../auth/accessPolicy';
import { badRequest, parseOrThrow } from '../http/httpError';
import { preferredLanguage } from '../http/language';
import { idList, parseIdParam, parseListQuery } from '../http/simpleRest';
import { codedIssue } from '../../shared/messages/zodIssues';
import type { PersonalDataService } from './personalDataService';

const exportQuerySchema = z.object({ format: z.enum(['xlsx', 'json'], { error: codedIssue('personalData.formatExpected') }).default('xlsx') }).strict();
const bulkFilterSchema = z.object({ id: idList.optional() }).strict();

/**
 * Mounted under /api/clients. Admins only, by the access policy (ADMIN_ONLY_PATTERNS) and again
 * here on the matched route, whatever the spelling of the URL.
 */
export function personalDataRouter(personalData: PersonalDataService) {
  const router = Router();

  // HEAD answers the headers a GET would, and exports nothing: no file is sent, so nothing is
  // traced (Express would otherwise run the GET handler for it, audit and access log included).
  router.head('/:id/personal-data', adminOnly(), async (req, res) => {
    const id = parseIdParam(req.params.id);
    const { format } = parseOrThrow(exportQuerySchema, req.query, { code: 'personalData.exportInvalid' });
    const file = await personalData.describeExport(id, format);
    res.setHeader('Content-Disposition', attachmentHeader(file.fileName));
    res.type(file.contentType);
    res.end();
  });

  // GET /api/clients/:id/personal-data?format=xlsx|json: the file to send to the client.
  router.get('/:id/personal-data', adminOnly(), async (req, res) => {
    const id = parseIdParam(req.params.id);
    const { format } = parseOrThrow(exportQuerySchema, req.query, { code: 'personalData.exportInvalid' });
    const file = await personalData.export(id, format, actorOf(req), preferredLanguage(req));
    res.vary('Accept-Language');
    res.setHeader('Content-Disposition', attachmentHeader(file.fileName));
    res.type(file.contentType);
    res.send(file.body);
  });

  // Bulk, all or none: POST /api/clients/anonymise?filter={"id":[1,2,3]} answers the ids.
  router.post('/anonymise', adminOnly(), async (req, res) => {
    const { filter } = parseListQuery(req.query, { sortable: ['id'], defaultSort: ['id', 'ASC'], filter: bulkFilterSchema });
    if (!filter.id?.length) throw badRequest({ code: 'client.selectToAnonymise' }, { filter: { code: 'list.idsExpected' } });
    const records = await personalData.anonymise(filter.id, actorOf(req));
    res.json(records.map((record) => record.id));
  });

  router.post('/:id/anonymise', adminOnly(), async (req, res) => {
    const [record] = await personalData.anonymise([parseIdParam(req.params.id)], actorOf(req));
    res.json(record);
  });

  return router;
}

/** `attachment; filename="…"` always quoted; a number outside plain ASCII also travels as filename*. */
function attachmentHeader(fileName: string): string {
  const ascii = fileName.replace(/[^A-Za-z0-9._-]/g, '_');
  return ascii === fileName ? `attachment; filename="${fileName}"` : `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
