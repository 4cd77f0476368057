import type { Knex } from 'knex';
import { z } from 'zod';
import { clientChanges, type AuditTrail } from '../audit/auditTrail';
import { clientLabel } from '../../shared/clientLabel';
import type { Actor } from '../../shared/actor';
import { HttpError, badRequest } from '../http/httpError';
import { recordIdField } from '../validation/fields';
import { codedIssue } from '../../shared/messages/zodIssues';
import type { ClientRecord } from '../../shared/entities/client';

/** Body of the bulk change of referent: one advisor for every selected client (null removes it). */
export const bulkReferentSchema = z.object({ advisorId: z.union([recordIdField('label.advisorId'), z.null()], { error: codedIssue('client.advisorRequired') }) }).strict();

/**
 * Actions on a selection of clients, each all-or-none in one transaction: the selected rows
 * are locked, a missing one refuses the whole action (404), and every client changed gets its
 * own audit entry.
 */
export async function deleteClients(trx: Knex.Transaction, audit: AuditTrail, actor: Actor, ids: number[], lockClients: LockClients): Promise<number[]> {
  const unique = [...new Set(ids)];
  const records = await lockAll(trx, unique, lockClients, 'Deleted');
  await trx('clients').whereIn('id', unique).delete();
  await audit.record(
    trx,
    actor,
    records.map((record) => ({ action: 'delete', recordType: 'client', recordId: record.id, recordLabel: clientLabel(record), changes: clientChanges(record, null) })),
  );
  return unique;
}

/** "Changer le conseiller référent": answers the ids of the selection (clients already with that advisor included). */
export async function setReferentAdvisor(trx: Knex.Transaction, audit: AuditTrail, actor: Actor, ids: number[], advisorId: number | null, lockClients: LockClients): Promise<number[]> {
  const unique = [...new Set(ids)];
  // FOR SHARE: the advisor cannot be deleted before this transaction commits.
  if (advisorId !== null && !(await trx('advisors').where({ id: advisorId }).forShare().first())) {
    throw badRequest({ code: 'client.noneChangedAdvisorMissing', params: { id: String(advisorId) } }, { advisorId: { code: 'advisor.notFoundField' } });
  }
  const records = await lockAll(trx, unique, lockClients, 'Changed');
  const changed = records.filter((record) => record.advisorId !== advisorId);
  if (changed.length) {
    await trx('clients')
      .whereIn(
        'id',
        changed.map((record) => record.id),
      )
      .update({ advisor_id: advisorId, updated_at: trx.fn.now() });
  }
  // One entry per client whose referent really changed (saving the same advisor is no change).
  await audit.record(
    trx,
    actor,
    changed.map((record) => ({
      action: 'update',
      recordType: 'client',
      recordId: record.id,
      recordLabel: clientLabel(record),
      changes: { advisorId: { before: record.advisorId, after: advisorId } },
    })),
  );
  return unique;
}

/**
 * What deleting these clients would unlink, counted by the database (the delete dialogs show
 * it): their contracts, which stay without client, and their commission lines, kept with the
 * client's name and number as recorded. Unknown ids count for nothing.
 */
export async function unlinkSummary(knex: Knex, ids: number[]) {
  const unique = [...new Set(ids)];
  const row = await knex
    .select({
      clients: knex('clients').count('*').whereIn('id', unique),
      contracts: knex('contracts').count('*').whereIn('client_id', unique),
      activeContracts: knex('contracts').count('*').whereIn('client_id', unique).whereRaw('contract_is_active(status, end_date)'),
      commissions: knex('commissions').count('*').whereIn('client_id', unique),
    })
    .first();
  return { clients: Number(row.clients), contracts: Number(row.contracts), activeContracts: Number(row.activeContracts), commissions: Number(row.commissions) };
}

export type LockClients = (trx: Knex.Transaction, ids: number[]) => Promise<ClientRecord[]>;

async function lockAll(trx: Knex.Transaction, ids: number[], lockClients: LockClients, action: 'Deleted' | 'Changed') {
  const records = await lockClients(trx, ids);
  if (records.length !== ids.length) {
    const found = new Set(records.map((record) => record.id));
    const missing = ids.filter((id) => !found.has(id));
    const plural = missing.length > 1;
    throw new HttpError(404, { code: plural ? `client.none${action}MissingMany` : `client.none${action}Missing`, params: { ids: missing.join(', ') } });
  }
  return records;
}
