import { Router } from 'express';
import { parseOrThrow } from '../http/httpError';
import { parseIdParam, parseListQuery, sendPage } from '../http/simpleRest';
import { ADVISOR_SORTABLE, advisorFilterSchema, advisorInputSchema, type AdvisorService } from './advisorService';

export function advisorRouter(advisors: AdvisorService) {
  const router = Router();
  router.get('/', async (req, res) => {
    const query = parseListQuery(req.query, { sortable: ADVISOR_SORTABLE, defaultSort: ['lastName', 'ASC'], filter: advisorFilterSchema });
    const { rows, total, capped } = await advisors.list(query);
    sendPage(res, 'advisors', query.range, rows, total, capped);
  });
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
