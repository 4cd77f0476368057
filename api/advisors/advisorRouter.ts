import { Router } from 'express';
import { parseOrThrow } from '../http/httpError';
import { listRoute, parseIdParam } from '../http/simpleRest';
import { ADVISOR_SORTABLE, advisorFilterSchema, advisorInputSchema, type AdvisorService } from './advisorService';

export function advisorRouter(advisors: AdvisorService) {
  const router = Router();
  router.get(
    '/',
    listRoute('advisors', { sortable: ADVISOR_SORTABLE, defaultSort: ['lastName', 'ASC'], filter: advisorFilterSchema }, (query) => advisors.list(query)),
  );
  router.get('/:id', async (req, res) => {
    res.json(await advisors.get(parseIdParam(req.params.id)));
  });
  router.post('/', async (req, res) => {
    res.status(201).json(await advisors.create(parseOrThrow(advisorInputSchema, req.body)));
  });
  router.put('/:id', async (req, res) => {
    res.json(await advisors.update(parseIdParam(req.params.id), parseOrThrow(advisorInputSchema.partial(), req.body)));
  });
  router.delete('/:id', async (req, res) => {
    res.json(await advisors.delete(parseIdParam(req.params.id)));
  });
  return router;
}
