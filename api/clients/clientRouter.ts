import { Router } from 'express';
import { actorOf } from '../auth/accessPolicy';
import { badRequest, parseOrThrow } from '../http/httpError';
import { parseIdParam, parseListQuery, sendPage } from '../http/simpleRest';
import { CLIENT_SORTABLE, clientFilterSchema, clientInputSchema, clientUpdateSchema, similarClientsQuerySchema } from './clientSchemas';
import type { ClientService } from './clientService';

export function clientRouter(clients: ClientService) {
  const router = Router();

  router.get('/', async (req, res) => {
    const query = parseListQuery(req.query, { sortable: CLIENT_SORTABLE, defaultSort: ['lastName', 'ASC'], filter: clientFilterSchema });
    const { rows, total, estimated } = await clients.list(query);
    sendPage(res, 'clients', query.range, rows, total, estimated);
  });

  // Likely duplicates of the client being typed in the create form.
  router.get('/similar', async (req, res) => {
    res.json(await clients.findSimilar(parseOrThrow(similarClientsQuerySchema, req.query)));
  });

  router.get('/:id', async (req, res) => {
    res.json(await clients.get(parseIdParam(req.params.id)));
  });

  router.post('/', async (req, res) => {
    res.status(201).json(await clients.create(parseOrThrow(clientInputSchema, req.body), actorOf(req)));
  });

  router.put('/:id', async (req, res) => {
    res.json(await clients.update(parseIdParam(req.params.id), parseOrThrow(clientUpdateSchema, req.body), actorOf(req)));
  });

  router.delete('/:id', async (req, res) => {
    res.json(await clients.delete(parseIdParam(req.params.id), actorOf(req)));
  });

  // Atomic bulk delete: DELETE /api/clients?filter={"id":[1,2,3]} removes all of them or none.
  router.delete('/', async (req, res) => {
    const { filter } = parseListQuery(req.query, { sortable: ['id'], defaultSort: ['id', 'ASC'], filter: clientFilterSchema });
    if (!filter.id?.length || Object.keys(filter).length !== 1) {
      throw badRequest('Précisez les clients à supprimer : filter={"id":[...]}.', { filter: 'Liste d’identifiants attendue' });
    }
    res.json(await clients.deleteMany(filter.id, actorOf(req)));
  });

  return router;
}
