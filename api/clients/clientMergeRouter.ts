import { Router } from 'express';
import { actorOf } from '../auth/accessPolicy';
import { parseOrThrow } from '../http/httpError';
import { parseIdParam } from '../http/simpleRest';
import { clientMergeSchema, type ClientMergeService } from './clientMerge';

/** `POST /api/clients/:id/merge`, mounted beside the clients router (admins only: a write). */
export function clientMergeRouter(merges: ClientMergeService) {
  const router = Router();
  router.post('/:id/merge', async (req, res) => {
    const id = parseIdParam(req.params.id);
    res.json(await merges.merge(id, parseOrThrow(clientMergeSchema, req.body ?? {}, { code: 'merge.invalid' }), actorOf(req)));
  });
  return router;
}
