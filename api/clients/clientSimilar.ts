import type { Knex } from 'knex';
import { clientColumns, toClientRecord, type ClientRow } from './clientRecord';
import { normaliseEmail, normalisePhone, numberKey } from '../../shared/contactDetails';
import { closeNameSql, closenessSql } from './search/clientSearch';

export interface SimilarClientsQuery {
  lastName?: string;
  firstName?: string;
  email?: string;
  phone?: string;
  clientNumber?: string;
  excludeId?: number;
}

/**
 * Existing clients that look like the one being typed: a close name by the list search's own
 * tolerant rule (spelling or sound, tolerantSearch.ts), so that the warning and the search
 * agree; the same email or phone once normalised, or the typed client number (which a save
 * would refuse).
 */
export async function findSimilarClients(knex: Knex, input: SimilarClientsQuery) {
  const name = [input.lastName, input.firstName]
    .map((part) => part?.trim())
    .filter(Boolean)
    .join(' ');
  const email = input.email?.trim() ? normaliseEmail(input.email) : undefined;
  const phone = input.phone?.trim() ? normalisePhone(input.phone) : undefined;
  // The number is unique (by its key, f_number_key): the one client holding it, through the unique key's index.
  const clientNumber = input.clientNumber?.trim() ? numberKey(input.clientNumber) || undefined : undefined;
  const useName = (input.lastName?.trim().length ?? 0) >= 2 && name.length >= 3;
  if (!useName && !email && !phone && !clientNumber) return [];

  const nameScore = useName ? closenessSql(knex, name) : knex.raw('0');
  const rows = await knex('clients as c')
    .select(clientColumns(knex))
    .select({ name_score: nameScore, close_name: useName ? closeNameSql(knex, name) : knex.raw('false') })
    .where((q) => {
      if (useName) q.orWhereRaw('?', [closeNameSql(knex, name)]);
      if (email) q.orWhereRaw('lower(c.email) = ?', [email]);
      if (phone) q.orWhere('c.phone', phone);
      if (clientNumber) q.orWhere('c.client_number_key', clientNumber);
    })
    .modify((q) => {
      if (input.excludeId) q.whereNot('c.id', input.excludeId);
    })
    .orderByRaw(clientNumber ? 'c.client_number_key = ? DESC, name_score DESC' : 'name_score DESC', clientNumber ? [clientNumber] : [])
    .limit(10);
  return rows.map((row: ClientRow & { name_score: string | number; close_name: boolean }) => {
    const record = toClientRecord(row);
    const matchedOn: string[] = [];
    if (row.close_name) matchedOn.push('name');
    if (email && record.email === email) matchedOn.push('email');
    if (phone && record.phone === phone) matchedOn.push('phone');
    if (clientNumber && record.clientNumber && numberKey(record.clientNumber) === clientNumber) matchedOn.push('clientNumber');
    return { ...record, matchedOn, score: Math.round(Number(row.name_score) * 100) / 100 };
  });
}
