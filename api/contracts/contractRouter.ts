import { Router } from 'express';
import { actorOf } from '../auth/accessPolicy';
import { parseOrThrow } from '../http/httpError';
import { listRoute, parseIdParam } from '../http/simpleRest';
import { CONTRACT_SORTABLE, contractFilterSchema, contractInputSchema, contractUpdateSchema, terminateSchema } from './contractSchemas';
import type { ContractService } from './contractService';

/** Contracts, simple-rest style; writes are admins' (accessPolicy: support staff only read). */
export function contractRouter(contracts: ContractService) {
  const router = Router();
  router.get(
    '/',
    listRoute('contracts', { sortable: CONTRACT_SORTABLE, defaultSort: ['contractNumber', 'ASC'], filter: contractFilterSchema }, (query) => contracts.list(query)),
  );
  // The insurers named on contracts: choices of the lists' insurer filter.
  router.get('/insurers', async (_req, res) => {
    res.json(await contracts.insurers());
  });
  router.get('/:id', async (req, res) => {
    res.json(await contracts.get(parseIdParam(req.params.id)));
  });
  router.post('/', async (req, res) => {
    res.status(201).json(await contracts.create(parseOrThrow(contractInputSchema, req.body), actorOf(req)));
  });
  router.put('/:id', async (req, res) => {
    res.json(await contracts.update(parseIdParam(req.params.id), parseOrThrow(contractUpdateSchema, req.body), actorOf(req)));
  });
  // "Résilier": body { endDate?: "YYYY-MM-DD" }, today by default.
  router.post('/:id/terminate', async (req, res) => {
    const id = parseIdParam(req.params.id);
    res.json(await contracts.terminate(id, parseOrThrow(terminateSchema, req.body ?? {}).endDate, actorOf(req)));
  });
  router.delete('/:id', async (req, res) => {
    res.json(await contracts.delete(parseIdParam(req.params.id), actorOf(req)));
  });
  return router;
}
