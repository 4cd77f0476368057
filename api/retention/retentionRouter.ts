import { Router } from 'express';
import type { Knex } from 'knex';
import { purgeAccessLog } from '../accessLog/accessLogPurge';
import { actorOf } from '../auth/accessPolicy';
import { parseOrThrow } from '../http/httpError';
import { listRoute } from '../http/simpleRest';
import { personalDataSettingsInputSchema, readPersonalDataSettings, writePersonalDataSettings } from '../personalData/personalDataSettings';
import { RETENTION_SORTABLE, listRetentionExpiredClients, retentionFilterSchema } from './retentionService';

/** GET/PUT /api/settings/personal-data (mounted behind adminOnly). */
export function personalDataSettingsRouter(knex: Knex) {
  const router = Router();
  router.get('/', async (_req, res) => {
    res.json(await readPersonalDataSettings(knex));
  });
  router.put('/', async (req, res) => {
    const input = parseOrThrow(personalDataSettingsInputSchema, req.body ?? {}, { code: 'settings.invalid' });
    const before = await readPersonalDataSettings(knex);
    const after = await writePersonalDataSettings(knex, input);
    // The audit trail records clients, contracts and commissions; a settings change goes to the logs.
    req.log.info({ before, after, userId: actorOf(req).userId }, 'personal-data settings changed');
    // A shorter access-log period applies now rather than at the next hourly purge. The settings
    // are saved either way: a failed purge is logged and the hourly one catches up.
    if (after.accessLogMonths < before.accessLogMonths) {
      await purgeAccessLog(knex).catch((err) => req.log.warn({ err }, 'access log purge after a settings change failed'));
    }
    res.json(after);
  });
  return router;
}

/** GET /api/retention-expired-clients (mounted behind adminOnly). */
export function retentionRouter(knex: Knex) {
  const router = Router();
  router.get(
    '/',
    listRoute('retention-expired-clients', { sortable: RETENTION_SORTABLE, defaultSort: ['relationshipEndedOn', 'ASC'], filter: retentionFilterSchema }, (query) =>
      listRetentionExpiredClients(knex, query),
    ),
  );
  return router;
}
