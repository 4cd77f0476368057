import { Router } from 'express';
import { parseIdParam, parseListQuery, sendPage } from '../http/simpleRest';
import { COMMISSION_SORTABLE, commissionFilterSchema, type CommissionService } from './commissionService';

/** Commission lines are written by statement imports; the API reads them. */
export function commissionRouter(commissions: CommissionService) {
  const router = Router();
  const listQuery = (query: Record<string, unknown>) =>
    parseListQuery(query, { sortable: COMMISSION_SORTABLE, defaultSort: ['date', 'DESC'], filter: commissionFilterSchema });

  router.get('/', async (req, res) => {
    const query = listQuery(req.query);
    const { rows, total, estimated } = await commissions.list(query);
    sendPage(res, 'commissions', query.range, rows, total, estimated);
  });
  // Count and total of the filtered lines, e.g. filter={"clientId":5} for a client's page.
  router.get('/summary', async (req, res) => {
    res.json(await commissions.summary(listQuery(req.query).filter));
  });
  router.get('/:id', async (req, res) => {
    res.json(await commissions.get(parseIdParam(req.params.id)));
  });
  return router;
}
