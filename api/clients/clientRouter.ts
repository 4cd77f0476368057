import { Router } from 'express';
import type { Actor } from '../../shared/actor';
import { actorOf } from '../auth/accessPolicy';
import { badRequest, parseOrThrow } from '../http/httpError';
import { listRoute, parseIdParam, parseListQuery } from '../http/simpleRest';
import { CLIENT_SORTABLE } from '../../shared/clientList';
import { clientFilterSchema, clientInputSchema, clientUpdateSchema, similarClientsQuerySchema } from './clientSchemas';
import { bulkReferentSchema } from './clientBulkActions';
import type { ClientService } from './clientService';

export interface ClientRouterOptions {
  /** Writes a 'view' to the access log (recordClientAccess); absent, nothing is logged. */
  recordView?: (actor: Actor, clientId: number) => Promise<void>;
}

export function clientRouter(clients: ClientService, options: ClientRouterOptions = {}) {
  const router = Router();

  router.get(
    '/',
    listRoute('clients', { sortable: CLIENT_SORTABLE, defaultSort: ['lastName', 'ASC'], filter: clientFilterSchema }, (query) => clients.list(query)),
  );

  // Likely duplicates of the client being typed in the create form.
  router.get('/similar', async (req, res) => {
    res.json(await clients.findSimilar(parseOrThrow(similarClientsQuerySchema, req.query)));
  });

  // What a delete of these clients would unlink: GET /api/clients/unlink-summary?filter={"id":[1,2]}.
  router.get('/unlink-summary', async (req, res) => {
    res.json(await clients.unlinkSummary(selectedIds(req.query, 'client.selectToDelete')));
  });

  // Opening a client's page is written to the access log (the list, getMany and search
  // are not). A failed log write is logged as a warning and never fails the page.
  router.get('/:id', async (req, res) => {
    const id = parseIdParam(req.params.id);
    const client = await clients.get(id);
    if (options.recordView) {
      const actor = actorOf(req);
      await options.recordView(actor, id).catch((err) => req.log.warn({ err, clientId: id, userId: actor.userId }, 'access log: client view not recorded'));
    }
    res.json(client);
  });

  // The client's advisors: the referent, then those holding its contracts, with their active contracts.
  router.get('/:id/advisors', async (req, res) => {
    res.json(await clients.advisorsOf(parseIdParam(req.params.id)));
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
    res.json(await clients.deleteMany(selectedIds(req.query, 'client.selectToDelete'), actorOf(req)));
  });

  // Atomic bulk change of referent: PUT /api/clients?filter={"id":[1,2,3]} with {"advisorId": N}
  // changes all of them or none, and answers the ids.
  router.put('/', async (req, res) => {
    const ids = selectedIds(req.query, 'client.selectToChange');
    const { advisorId } = parseOrThrow(bulkReferentSchema, req.body ?? {}, { code: 'client.referentRequired' });
    res.json(await clients.setReferentMany(ids, advisorId, actorOf(req)));
  });

  return router;
}

/** The `filter={"id":[...]}` of a bulk action, and nothing else. */
function selectedIds(query: Record<string, unknown>, refusal: 'client.selectToDelete' | 'client.selectToChange'): number[] {
  const { filter } = parseListQuery(query, { sortable: ['id'], defaultSort: ['id', 'ASC'], filter: clientFilterSchema });
  if (!filter.id?.length || Object.keys(filter).length !== 1) {
    throw badRequest({ code: refusal }, { filter: { code: 'list.idsExpected' } });
  }
  return filter.id;
}
