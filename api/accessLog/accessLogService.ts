import type { Knex } from 'knex';
import { z } from 'zod';
import type { Actor } from '../../shared/actor';
import { fetchPage } from '../listing/listPage';
import { idList, optionalId, type ListQuery } from '../http/simpleRest';
import { isIsoDate } from '../validation/fields';
import { codedIssue, fieldIssue, type LabelCode } from '../../shared/messages/zodIssues';
import type { Row } from '../../shared/entities/fieldNames';

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

const filterDate = (label: LabelCode) => z.string().refine(isIsoDate, fieldIssue('field.realDate', label)).optional();

export const accessLogFilterSchema = z
  .object({
    id: idList.optional(),
    clientId: optionalId,
    userId: optionalId,
    kind: z.enum(['view', 'export'], { error: codedIssue('accessLog.kindExpected') }).optional(),
    // The period, both days included, in Paris time.
    occurredFrom: filterDate('label.fromDate'),
    occurredTo: filterDate('label.endDate'),
  })
  .strict();
export type AccessLogFilter = z.infer<typeof accessLogFilterSchema>;
export const ACCESS_LOG_SORTABLE = ['id', 'occurredAt'] as const;

export interface AccessLogRecord {
  id: number;
  occurredAt: string;
  userId: number | null;
  userLabel: string | null;
  clientId: number;
  /** Read from the client as it is now: the anonymised label after erasure, "Client supprimé n° <id>" once deleted. */
  clientLabel: string;
  kind: ClientAccessKind;
}

/**
 * The client's label as the audit trail writes it (clientLabel in auditTrail.ts): "Dupont Jean (C-12)".
 * The log itself holds no name, so an erased client is shown by its neutral label, a deleted one by its id.
 */
const CLIENT_LABEL_SQL = `CASE WHEN c.id IS NULL THEN 'Client supprimé n° ' || l.client_id
  ELSE concat_ws(' ', c.last_name, nullif(c.first_name, '')) || coalesce(' (' || nullif(c.client_number, '') || ')', '') END`;

export async function listAccessLog(knex: Knex, { sort, range, filter }: ListQuery<AccessLogFilter>) {
  const filtered = knex('client_access_log as l').modify((q) => {
    if (filter.id) q.whereIn('l.id', filter.id);
    if (filter.clientId) q.where('l.client_id', filter.clientId);
    if (filter.userId) q.where('l.user_id', filter.userId);
    if (filter.kind) q.where('l.kind', filter.kind);
    if (filter.occurredFrom) q.whereRaw(`l.occurred_at >= (?::date)::timestamp AT TIME ZONE 'Europe/Paris'`, [filter.occurredFrom]);
    if (filter.occurredTo) q.whereRaw(`l.occurred_at < (?::date + 1)::timestamp AT TIME ZONE 'Europe/Paris'`, [filter.occurredTo]);
  });
  const page = await fetchPage<Row<AccessLogRecord>>(filtered, {
    counter: 'client_access_log',
    select: (q) => q.leftJoin('clients as c', 'c.id', 'l.client_id').select('l.*', knex.raw(`${CLIENT_LABEL_SQL} AS client_label`)),
    orderBy: sort.field === 'id' ? 'l.id' : 'l.occurred_at',
    order: sort.order,
    tieBreaker: 'l.id',
    range,
  });
  return {
    ...page,
    rows: page.rows.map((row): AccessLogRecord => ({
      id: row.id,
      occurredAt: row.occurred_at,
      userId: row.user_id,
      userLabel: row.user_label,
      clientId: row.client_id,
      clientLabel: row.client_label,
      kind: row.kind,
    })),
  };
}
