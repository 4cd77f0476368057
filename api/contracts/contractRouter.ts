import { Router } from 'express';
import { parseIdParam, parseListQuery, sendPage } from '../http/simpleRest';
import { CONTRACT_SORTABLE, contractFilterSchema, type ContractService } from './contractService';

/** Contracts are written by statement imports; the API reads them. */
export function contractRouter(contracts: ContractService) {
  const router = Router();
  router.get('/', async (req, res) => {
    const query = parseListQuery(req.query, { sortable: CONTRACT_SORTABLE, defaultSort: ['contractNumber', 'ASC'], filter: contractFilterSchema });
    const { rows, total, estimated } = await contracts.list(query);
    sendPage(res, 'contracts', query.range, rows, total, estimated);
  });
  router.get('/:id', async (req, res) => {
    res.json(await contracts.get(parseIdParam(req.params.id)));
  });
  return router;
}
