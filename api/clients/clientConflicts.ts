import type { Knex } from 'knex';
import { databaseErrorOf } from '../database/databaseError';
import { HttpError, badRequest } from '../http/httpError';
import { numberKey } from '../../shared/contactDetails';
import type { Message } from '../../shared/messages/message';
import type { ClientRecord } from '../../shared/entities/client';

/**
 * The refusals of a client write that name what the user collides with: a client number held
 * by someone else, a client changed by someone else since the form was opened, a missing advisor.
 */

/** How a client is named to staff: "DUPONT Jean, CL-0042" (the number when there is one, never the internal id). */
export function clientDesignation(client: { lastName?: string | null; firstName?: string | null; clientNumber?: string | null }): string {
  const name = [client.lastName?.toLocaleUpperCase('fr-FR'), client.firstName].filter(Boolean).join(' ');
  return client.clientNumber ? `${name}, ${client.clientNumber}` : name;
}

/** Turns the database's verdict on a create or update into a 4xx the form can show, or rethrows. */
export async function clientWriteError(knex: Knex, error: unknown, clientNumber: string | null | undefined): Promise<never> {
  const pgError = databaseErrorOf(error);
  if (pgError.code === '23505' && pgError.constraint === 'clients_client_number_key' && clientNumber) {
    const holder = await knex('clients').select('last_name', 'first_name', 'client_number').where('client_number_key', numberKey(clientNumber)).first();
    const holderName = holder && clientDesignation({ lastName: holder.last_name, firstName: holder.first_name, clientNumber: holder.client_number });
    throw new HttpError(409, holderName ? { code: 'client.numberTakenBy', params: { number: clientNumber, holder: holderName } } : { code: 'client.numberTaken', params: { number: clientNumber } }, {
      clientNumber: holderName ? { code: 'record.numberUsedBy', params: { holder: holderName } } : { code: 'record.numberUsed' },
    });
  }
  // A number absorbed by a merge stays its holder's (client_aliases).
  if (pgError.code === '23505' && pgError.constraint === 'client_aliases_client_number_key' && clientNumber) {
    const holder = await knex('client_aliases as a')
      .join('clients as c', 'c.id', 'a.client_id')
      .select('c.last_name', 'c.first_name', 'c.client_number')
      .where('a.client_number_key', numberKey(clientNumber))
      .first();
    const holderName = holder && clientDesignation({ lastName: holder.last_name, firstName: holder.first_name, clientNumber: holder.client_number });
    throw new HttpError(409, holderName ? { code: 'client.formerNumberOf', params: { number: clientNumber, holder: holderName } } : { code: 'client.formerNumber', params: { number: clientNumber } }, {
      clientNumber: holderName ? { code: 'client.formerNumberFieldOf', params: { holder: holderName } } : { code: 'client.formerNumberField' },
    });
  }
  if (pgError.code === '23503' && pgError.constraint?.includes('advisor')) {
    throw badRequest({ code: 'advisor.chosenMissing' }, { advisorId: { code: 'advisor.notFoundField' } });
  }
  throw error;
}

/**
 * A client that was not found once its row lock was granted: absorbed by a merge meanwhile (a
 * 409 that names the client it lives on in), or simply absent (404).
 */
export async function missingClient(knex: Knex, id: number): Promise<HttpError> {
  const merged = await knex('client_merges').select('kept_id').where('absorbed_id', id).first();
  if (merged) return new HttpError(409, { code: 'client.mergedInto', params: { id: String(id), keptId: String(merged.kept_id) } });
  return new HttpError(404, { code: 'client.notFound', params: { id: String(id) } });
}

/**
 * 409 for an update that started from an older version of the client: who made the last
 * change and when, read from the audit trail (written in the same transaction as each change).
 */
export async function staleClientUpdate(trx: Knex.Transaction, current: ClientRecord): Promise<HttpError> {
  const last = await trx('audit_entries')
    .select('user_label', 'import_id', 'occurred_at')
    .where({ record_type: 'client', record_id: current.id })
    .orderBy([
      { column: 'occurred_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .first();
  const who: Message = last?.user_label
    ? { code: 'client.changedByUser', params: { name: last.user_label } }
    : last?.import_id
      ? { code: 'client.changedByImport', params: { importId: String(last.import_id) } }
      : { code: 'client.changedByOther' };
  const at = new Date(last?.occurred_at ?? current.updatedAt).toISOString();
  // No field errors: nothing under an input is wrong, the whole form is out of date.
  return new HttpError(409, { code: 'client.changedMeanwhile', params: { who, at } });
}
