import { Router } from 'express';
import { actorOf } from '../auth/accessPolicy';
import { badRequest } from '../http/httpError';
import { listRoute, parseListQuery } from '../http/simpleRest';
import { DUPLICATE_SORTABLE, duplicateFilterSchema, parseGroupId } from './duplicateSchemas';
import type { DuplicateService } from './duplicateService';

/** Groups of probable duplicate clients ("Doublons potentiels"); writes are admins' (access policy). */
export function duplicateRouter(duplicates: DuplicateService) {
  const router = Router();

  router.get(
    '/',
    listRoute('duplicates', { sortable: DUPLICATE_SORTABLE, defaultSort: ['score', 'DESC'], filter: duplicateFilterSchema }, (query) => duplicates.list(query)),
  );

  // The import summary's "n nouveaux clients ressemblent à des clients existants".
  router.get('/summary', async (req, res) => {
    const { filter } = parseListQuery(req.query, { sortable: DUPLICATE_SORTABLE, defaultSort: ['score', 'DESC'], filter: duplicateFilterSchema });
    if (filter.importId === undefined) throw badRequest({ code: 'duplicates.importRequired' }, { filter: { code: 'duplicates.importRequiredField' } });
    res.json(await duplicates.importSummary(filter.importId));
  });

  router.get('/:id', async (req, res) => {
    res.json(await duplicates.get(parseGroupId(req.params.id)));
  });

  // "Pas un doublon": the group's pairs are never proposed again.
  router.post('/:id/dismiss', async (req, res) => {
    res.json(await duplicates.dismiss(parseGroupId(req.params.id), actorOf(req)));
  });

  return router;
}
