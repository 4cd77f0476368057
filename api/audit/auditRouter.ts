import { Router } from 'express';
import { parseListQuery, sendPage } from '../http/simpleRest';
import { AUDIT_SORTABLE, auditFilterSchema, type AuditTrail } from './auditTrail';

/** Read-only: entries are written by the services, in the transactions of the changes they trace. */
export function auditRouter(audit: AuditTrail) {
  const router = Router();
  router.get('/', async (req, res) => {
    const query = parseListQuery(req.query, { sortable: AUDIT_SORTABLE, defaultSort: ['id', 'DESC'], filter: auditFilterSchema });
    const { rows, total, capped } = await audit.list(query);
    sendPage(res, 'audit-entries', query.range, rows, total, capped);
  });
  return router;
}
