import ExcelJS from 'exceljs';
import type { Knex } from 'knex';
import { neutraliseFormula } from '../../shared/spreadsheetFormulas';
import { clientColumns, toClientRecord } from '../clients/clientRecord';
import { notFound } from '../http/httpError';

/**
 * What the firm holds about one client (RGPD articles 15 and 20): its details, contracts,
 * commissions, the imports that touched it and the history of changes (its own entries, those
 * of the clients it absorbed, those of its contracts and commissions), opened as the readable
 * audit view shows them (erased values read '[donnée effacée]').
 */
export interface PersonalDataExport {
  exportedAt: string;
  client: Record<string, unknown>;
  contracts: Array<Record<string, unknown>>;
  commissions: Array<Record<string, unknown>>;
  imports: Array<Record<string, unknown>>;
  history: Array<Record<string, unknown>>;
}

export async function gatherPersonalData(knex: Knex | Knex.Transaction, clientId: number): Promise<PersonalDataExport> {
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
      'k.id', 'k.contract_number as contractNumber', 'k.product', 'k.insurer', 'k.status',
      knex.raw(`to_char(k.start_date, 'YYYY-MM-DD') AS "startDate"`), knex.raw(`to_char(k.end_date, 'YYYY-MM-DD') AS "endDate"`),
      knex.raw(`nullif(concat_ws(' ', a.first_name, a.last_name), '') AS advisor`),
    );
  const commissions = await knex('commissions as m')
    .leftJoin('contracts as k', 'k.id', 'm.contract_id')
    .where('m.client_id', clientId)
    .orderBy([{ column: 'm.date' }, { column: 'm.id' }])
    .select(
      'm.id', knex.raw(`to_char(m.date, 'YYYY-MM-DD') AS date`), knex.raw('m.amount::text AS amount'), 'm.label',
      'k.contract_number as contractNumber', 'm.source', 'm.import_id as importId', 'm.client_number as clientNumber', 'm.client_name as clientName',
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
          q.where('e.record_type', 'client').where((ids) =>
            ids.where('e.record_id', clientId).orWhereIn('e.record_id', knex('client_merges').select('absorbed_id').where('kept_id', clientId)),
          ),
        )
        .orWhere((q) => q.where('e.record_type', 'contract').whereIn('e.record_id', knex('contracts').select('id').where('client_id', clientId)))
        .orWhere((q) => q.where('e.record_type', 'commission').whereIn('e.record_id', knex('commissions').select('id').where('client_id', clientId))),
    )
    .orderBy('e.id')
    .select('e.id', 'e.occurred_at as occurredAt', 'e.user_label as userLabel', 'e.action', 'e.record_type as recordType', 'e.record_id as recordId', 'e.record_label as recordLabel', 'e.import_id as importId', 'e.changes');

  return { exportedAt: new Date().toISOString(), client, contracts, commissions: commissions.map((c) => ({ ...c, amount: Number(c.amount) })), imports, history };
}

const CLIENT_LABELS: Record<string, string> = {
  id: 'Identifiant', clientNumber: 'N° client', lastName: 'Nom', firstName: 'Prénom', email: 'E-mail', phone: 'Téléphone', address: 'Adresse',
  advisor: 'Conseiller référent', formerNumbers: 'Anciens numéros', createdAt: 'Créé le', updatedAt: 'Modifié le', anonymisedAt: 'Anonymisé le',
};
const ACTION_LABELS: Record<string, string> = {
  create: 'Création', update: 'Modification', delete: 'Suppression', merge: 'Fusion', import: 'Import', export: 'Export', anonymise: 'Anonymisation',
};

const text = (value: unknown): string | number | Date | null => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || value instanceof Date) return value;
  if (Array.isArray(value)) return neutraliseFormula(value.join(', '));
  if (typeof value === 'object') return neutraliseFormula(JSON.stringify(value));
  return neutraliseFormula(String(value));
};
const changesText = (changes: Record<string, { before?: unknown; after?: unknown }> | null) =>
  Object.entries(changes ?? {})
    .map(([field, change]) => `${field} : ${JSON.stringify(change?.before ?? null)} → ${JSON.stringify(change?.after ?? null)}`)
    .join('\n');

/** The same content as a workbook: one sheet per kind of data, headers in French. */
export async function personalDataWorkbook(data: PersonalDataExport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.created = new Date(data.exportedAt);
  const sheet = (name: string, headers: string[], rows: unknown[][]) => {
    const ws = workbook.addWorksheet(name);
    ws.addRow(headers).font = { bold: true };
    for (const row of rows) ws.addRow(row.map(text));
    ws.columns.forEach((column) => (column.width = 22));
  };
  sheet('Client', ['Champ', 'Valeur'], Object.entries(CLIENT_LABELS).map(([key, label]) => [label, data.client[key]]));
  sheet(
    'Contrats',
    ['N° contrat', 'Produit', 'Assureur', 'Statut', 'Début', 'Fin', 'Conseiller'],
    data.contracts.map((c) => [c.contractNumber, c.product, c.insurer, c.status === 'active' ? 'Actif' : 'Résilié', c.startDate, c.endDate, c.advisor]),
  );
  sheet(
    'Commissions',
    ['Date', 'Montant', 'Libellé', 'N° contrat', 'Origine', 'Import n°', 'N° client (à la saisie)', 'Nom (à la saisie)'],
    data.commissions.map((c) => [c.date, c.amount, c.label, c.contractNumber, c.source === 'manual' ? 'Saisie' : 'Import', c.importId, c.clientNumber, c.clientName]),
  );
  sheet(
    'Imports',
    ['Import n°', 'Fichier', 'Assureur', 'Période', 'Importé le', 'Effet'],
    data.imports.map((i) => [i.id, i.fileName, i.insurer, i.period, i.importedAt, ({ created: 'Création', updated: 'Mise à jour', unchanged: 'Sans changement' } as Record<string, string>)[i.outcome as string]]),
  );
  sheet(
    'Historique',
    ['Date', 'Par', 'Action', 'Sur', 'Fiche', 'Changements'],
    data.history.map((h) => [h.occurredAt, h.userLabel, ACTION_LABELS[h.action as string] ?? h.action, h.recordType, h.recordLabel, changesText(h.changes as never)]),
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
