import type { Knex } from 'knex';
import type { ClientFields } from '../../shared/entities/client';
import type { Row } from '../../shared/entities/fieldNames';

/**
 * The clients whose details an import changed, for the firm to review: each with the fields the
 * file changed (statement_import_clients.changed_fields) and their values before and after, read
 * from the import's audit entries (sealed with the client's key: an anonymised client's values
 * read '[donnée effacée]'). A client merged since then shows the entries of the clients it absorbed.
 */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface ChangedClient {
  id: number;
  clientNumber: string | null;
  lastName: string;
  firstName: string | null;
  fields: FieldChange[];
}

type Entries = Array<Record<string, { before: unknown; after: unknown }>>;

/** Several batches may have changed the same client: the first value before, the last one after. */
function mergedChanges(fields: string[], entries: Entries): FieldChange[] {
  const named = fields.length ? fields : [...new Set(entries.flatMap((changes) => Object.keys(changes)))].filter((field) => field !== 'clientNumber');
  return named.flatMap((field) => {
    const touching = entries.filter((changes) => changes[field]);
    if (!touching.length) return [];
    return [{ field, before: touching[0][field].before, after: touching[touching.length - 1][field].after }];
  });
}

type ChangedClientRow = Pick<Row<ClientFields>, 'id' | 'client_number' | 'last_name' | 'first_name'> & { changed_fields: string[]; entries: Entries };

export async function changedClientsOf(knex: Knex, importId: number, range: { start: number; end: number }): Promise<{ rows: ChangedClient[]; total: number }> {
  const changed = knex('statement_import_clients as t').where({ 't.import_id': importId, 't.outcome': 'updated' });
  const [rows, [{ total }]] = await Promise.all([
    changed
      .clone()
      .join('clients as c', 'c.id', 't.client_id')
      .select(
        't.client_id as id',
        'c.client_number',
        'c.last_name',
        'c.first_name',
        't.changed_fields',
        knex.raw(
          `(SELECT coalesce(jsonb_agg(e.changes ORDER BY e.id), '[]'::jsonb) FROM audit_entries_readable e
             WHERE e.import_id = t.import_id AND e.action = 'import' AND e.record_type = 'client'
               AND (e.record_id = t.client_id OR e.record_id IN (SELECT m.absorbed_id FROM client_merges m WHERE m.kept_id = t.client_id))) AS entries`,
        ),
      )
      .orderBy([{ column: 'c.sort_key' }, { column: 'c.id' }])
      .offset(range.start)
      .limit(range.end - range.start + 1),
    changed.clone().count<{ total: string }[]>({ total: '*' }),
  ]);
  return {
    total: Number(total),
    rows: rows.map((row: ChangedClientRow) => ({
      id: row.id,
      clientNumber: row.client_number,
      lastName: row.last_name,
      firstName: row.first_name,
      fields: mergedChanges(row.changed_fields, row.entries),
    })),
  };
}
