import { Router } from 'express';
import { actorOf } from '../auth/accessPolicy';
import { parseOrThrow } from '../http/httpError';
import { listRoute, parseIdParam, parseListQuery } from '../http/simpleRest';
import { commissionInputSchema, commissionUpdateSchema } from './commissionSchemas';
import { COMMISSION_SORTABLE, commissionFilterSchema, type CommissionService } from './commissionService';

/** Commission lines: imported ones are read-only; admins add, correct and delete lines entered by hand. */
export function commissionRouter(commissions: CommissionService) {
  const router = Router();
  const listOptions = { sortable: COMMISSION_SORTABLE, defaultSort: ['date', 'DESC'] as ['date', 'DESC'], filter: commissionFilterSchema };

  router.get(
    '/',
    listRoute('commissions', listOptions, (query) => commissions.list(query)),
  );
  // Count and total of the filtered lines (same filter as the list), summed by the database.
  router.get('/summary', async (req, res) => {
    res.json(await commissions.summary(parseListQuery(req.query, listOptions).filter));
  });
  router.get('/:id', async (req, res) => {
    res.json(await commissions.get(parseIdParam(req.params.id)));
  });
  router.post('/', async (req, res) => {
    res.status(201).json(await commissions.create(parseOrThrow(commissionInputSchema, req.body), actorOf(req)));
  });
  router.put('/:id', async (req, res) => {
    res.json(await commissions.update(parseIdParam(req.params.id), parseOrThrow(commissionUpdateSchema, req.body), actorOf(req)));
  });
  router.delete('/:id', async (req, res) => {
    res.json(await commissions.delete(parseIdParam(req.params.id), actorOf(req)));
  });
  return router;
}
