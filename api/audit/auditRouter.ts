import { Router } from 'express';
import { listRoute } from '../http/simpleRest';
import { AUDIT_SORTABLE, auditFilterSchema, type AuditTrail } from './auditTrail';

/** Read-only: entries are written by the services, in the transactions of the changes they trace. */
export function auditRouter(audit: AuditTrail) {
  const router = Router();
  router.get(
    '/',
    listRoute('audit-entries', { sortable: AUDIT_SORTABLE, defaultSort: ['id', 'DESC'], filter: auditFilterSchema }, (query) => audit.list(query)),
  );
  return router;
}
