import { Router } from 'express';
import type { Knex } from 'knex';
import { parseListQuery, sendPage } from '../http/simpleRest';
import { ACCESS_LOG_SORTABLE, accessLogFilterSchema, listAccessLog } from './accessLogService';

/** Read-only, admins only (mounted behind adminOnly): entries are written by the client page and the export. */
export function accessLogRouter(knex: Knex) {
  const router = Router();
  router.get('/', async (req, res) => {
    const query = parseListQuery(req.query, { sortable: ACCESS_LOG_SORTABLE, defaultSort: ['occurredAt', 'DESC'], filter: accessLogFilterSchema });
    const { rows, total, capped } = await listAccessLog(knex, query);
    sendPage(res, 'access-log', query.range, rows, total, capped);
  });
  return router;
}
