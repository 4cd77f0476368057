import { Router } from 'express';
import type { Knex } from 'knex';
import { listRoute } from '../http/simpleRest';
import { ACCESS_LOG_SORTABLE, accessLogFilterSchema, listAccessLog } from './accessLogService';

/** Read-only, admins only (mounted behind adminOnly): entries are written by the client page and the export. */
export function accessLogRouter(knex: Knex) {
  const router = Router();
  router.get(
    '/',
    listRoute('access-log', { sortable: ACCESS_LOG_SORTABLE, defaultSort: ['occurredAt', 'DESC'], filter: accessLogFilterSchema }, (query) => listAccessLog(knex, query)),
  );
  return router;
}
