import type { Knex } from 'knex';
import type { Actor } from '../audit/auditTrail';

export type ClientAccessKind = 'view' | 'export';

/**
 * Opening a client page asks for GET /api/clients/:id more than once (show, then edit, and
 * react-admin refetches on focus or after a save): one 'view' per user, client and minute says
 * who looked at whom without flooding the log. Exports are always written: each one is a file
 * that left the firm.
 */
export const VIEW_DEDUP_SECONDS = 60;

/**
 * Writes one entry of the access log, through the caller's connection or transaction. Throws
 * when the write fails; the client page catches and logs a warning (the page must not fail
 * because of its log), an export may choose to fail with it.
 */
export async function recordClientAccess(knex: Knex, actor: Actor, clientId: number, kind: ClientAccessKind): Promise<void> {
  const row = { user_id: actor.userId, user_label: actor.label, client_id: clientId, kind };
  if (kind === 'export') {
    await knex('client_access_log').insert(row);
    return;
  }
  // Two simultaneous first views may both insert: harmless, and cheaper than a lock.
  await knex.raw(
    `INSERT INTO client_access_log (user_id, user_label, client_id, kind)
     SELECT ?::integer, ?, ?, 'view'
     WHERE NOT EXISTS (
       SELECT 1 FROM client_access_log
       WHERE client_id = ? AND kind = 'view' AND user_id IS NOT DISTINCT FROM ?::integer
         AND user_label IS NOT DISTINCT FROM ?
         AND occurred_at > now() - make_interval(secs => ?)
     )`,
    [row.user_id, row.user_label, clientId, clientId, row.user_id, row.user_label, VIEW_DEDUP_SECONDS],
  );
}
