import type { Knex } from 'knex';
import { describeAuditEntry, historyText } from '../../shared/history/auditDescription';
import type { Language } from '../../shared/messages/message';
import { historyNames } from '../audit/historyNames';
import { clientColumns, toClientRecord } from '../clients/clientRecord';
import { notFound } from '../http/httpError';

/**
 * What the firm holds about one client (RGPD articles 15 and 20): its details, contracts,
 * commissions, the imports that touched it and the history of changes (its own entries, those
 * of the clients it absorbed, those of its contracts and commissions), opened as the readable
 * audit view shows them (erased values read '[donnée effacée]'). Each history entry keeps its
 * recorded changes and says them as the admin's history does (`description`), in the reader's language.
 */
export interface PersonalDataExport {
  exportedAt: string;
  client: Record<string, unknown>;
  contracts: Array<Record<string, unknown>>;
  commissions: Array<Record<string, unknown>>;
  imports: Array<Record<string, unknown>>;
  history: Array<Record<string, unknown>>;
}

export async function gatherPersonalData(knex: Knex | Knex.Transaction, clientId: number, language: Language = 'fr'): Promise<PersonalDataExport> {
  const row = await knex('clients as c')
    .leftJoin('advisors as a', 'a.id', 'c.advisor_id')
    // One array: Knex's select() keeps only its first argument when that one is an array.
    .select([...clientColumns(knex as Knex), knex.raw(`nullif(concat_ws(' ', a.first_name, a.last_name), '') AS advisor_name`)])
    .where('c.id', clientId)
    .first();
  if (!row) throw notFound({ code: 'client.notFound', params: { id: String(clientId) } });
  const record = toClientRecord(row);
  const client = {
    id: record.id,
    clientNumber: record.clientNumber,
    lastName: record.lastName,
    firstName: record.firstName,
    email: record.email,
    phone: record.phone,
    address: record.address,
    advisor: row.advisor_name ?? null,
    formerNumbers: record.aliases,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    anonymisedAt: record.anonymisedAt,
  };

  const contracts = await knex('contracts as k')
    .leftJoin('advisors as a', 'a.id', 'k.advisor_id')
    .where('k.client_id', clientId)
    .orderBy('k.id')
    .select(
      'k.id',
      'k.contract_number as contractNumber',
      'k.product',
      'k.insurer',
      'k.status',
      knex.raw(`to_char(k.start_date, 'YYYY-MM-DD') AS "startDate"`),
      knex.raw(`to_char(k.end_date, 'YYYY-MM-DD') AS "endDate"`),
      knex.raw(`nullif(concat_ws(' ', a.first_name, a.last_name), '') AS advisor`),
    );
  const commissions = await knex('commissions as m')
    .leftJoin('contracts as k', 'k.id', 'm.contract_id')
    .where('m.client_id', clientId)
    .orderBy([{ column: 'm.date' }, { column: 'm.id' }])
    .select(
      'm.id',
      knex.raw(`to_char(m.date, 'YYYY-MM-DD') AS date`),
      knex.raw('m.amount::text AS amount'),
      'm.label',
      'k.contract_number as contractNumber',
      'm.source',
      'm.import_id as importId',
      'm.client_number as clientNumber',
      'm.client_name as clientName',
    );
  const imports = await knex('statement_import_clients as t')
    .join('statement_imports as i', 'i.id', 't.import_id')
    .where('t.client_id', clientId)
    .orderBy('i.id')
    .select('i.id', 'i.file_name as fileName', 'i.insurer', 'i.period', 'i.created_at as importedAt', 't.outcome');

  const history = await knex('audit_entries_readable as e')
    .where((w) =>
      w
        .where((q) =>
          q.where('e.record_type', 'client').where((ids) => ids.where('e.record_id', clientId).orWhereIn('e.record_id', knex('client_merges').select('absorbed_id').where('kept_id', clientId))),
        )
        .orWhere((q) => q.where('e.record_type', 'contract').whereIn('e.record_id', knex('contracts').select('id').where('client_id', clientId)))
        .orWhere((q) => q.where('e.record_type', 'commission').whereIn('e.record_id', knex('commissions').select('id').where('client_id', clientId))),
    )
    .orderBy('e.id')
    .select(
      'e.id',
      'e.occurred_at as occurredAt',
      'e.user_label as userLabel',
      'e.action',
      'e.record_type as recordType',
      'e.record_id as recordId',
      'e.record_label as recordLabel',
      'e.import_id as importId',
      'e.changes',
    );

  const names = await historyNames(knex, history);
  const described = history.map((entry) => ({ ...entry, description: historyText(describeAuditEntry(entry, language, names), language) }));
  return { exportedAt: new Date().toISOString(), client, contracts, commissions, imports, history: described };
}
