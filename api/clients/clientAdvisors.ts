import type { Knex } from 'knex';
import { contractIsActive } from '../contracts/contractActivity';
import { ADVISOR_FIELDS, type AdvisorFields } from '../../shared/entities/advisor';
import { columnName, fieldsOfRow, type Row } from '../../shared/entities/fieldNames';

/**
 * The spec's "chaque client peut être associé à un ou plusieurs conseillers via les contrats":
 * the referent first, then every advisor holding one of the client's contracts, with the number
 * of contracts and of active contracts each holds (counted by the database, same rule as the lists).
 */
export async function advisorsOfClient(knex: Knex, clientId: number, referentId: number | null) {
  const { rows } = await knex.raw<{ rows: Array<Row<AdvisorFields> & { referent: boolean | null; contracts: number; active_contracts: number }> }>(
    `SELECT ${ADVISOR_FIELDS.map((field) => `a.${columnName(field)}`).join(', ')}, coalesce(a.id = ?::int, false) AS referent,
            count(k.id)::int AS contracts, count(k.id) FILTER (WHERE ${contractIsActive('k')})::int AS active_contracts
       FROM advisors a
       LEFT JOIN contracts k ON k.advisor_id = a.id AND k.client_id = ?
      WHERE a.id = ?::int OR k.id IS NOT NULL
      GROUP BY a.id
      ORDER BY coalesce(a.id = ?::int, false) DESC, active_contracts DESC, a.last_name, a.first_name, a.id`,
    [referentId, clientId, referentId, referentId],
  );
  return rows.map((row) => ({ ...fieldsOfRow<AdvisorFields>(ADVISOR_FIELDS, row), referent: Boolean(row.referent), contracts: row.contracts, activeContracts: row.active_contracts }));
}
