import type { Knex } from 'knex';
import type { ColumnMapping, ImportField, ResolvedMapping } from '../../statements/mapping/columnMapping';
import { cellsWithoutPersonalValues, erasedClientError } from '../../statements/verdicts/rowVerdicts';

/**
 * The rejected rows of every import that name one of these clients by number (their own, or a
 * number they absorbed by a merge): only their impersonal cells are kept, as for a row rejected
 * after the anonymisation (cellsWithoutPersonalValues), and their reasons, which may quote a
 * value ("Adresse e-mail invalide : « … »"), become the erased-client message. The sweep by value
 * that follows could not find a value the client never held in the database (an invalid email
 * in the file).
 */
export async function eraseRejectedRows(trx: Knex.Transaction, clientIds: number[], traceIds: number[]) {
  const { rows } = await trx.raw<{ rows: Array<{ import_id: number; row: number; cells: unknown[]; mapping: ColumnMapping; columns: string[]; number: string }> }>(
    `WITH numbers AS (
       SELECT client_number_key AS key FROM clients WHERE id = ANY(?::int[]) AND client_number_key IS NOT NULL
       UNION SELECT client_number_key FROM client_aliases WHERE client_id = ANY(?::int[])
       UNION SELECT public.f_number_key(e.changes->'clientNumber'->>side)
         FROM audit_entries e CROSS JOIN (VALUES ('before'), ('after')) AS s(side)
        WHERE e.record_type = 'client' AND e.record_id = ANY(?::int[]) AND e.changes->'clientNumber'->>side IS NOT NULL
     ),
     imports AS (
       SELECT i.id, i.mapping, i.columns,
              (SELECT c.at - 1 FROM jsonb_array_elements_text(i.columns) WITH ORDINALITY AS c(name, at) WHERE c.name = i.mapping->>'clientNumber' LIMIT 1) AS number_at
         FROM statement_imports i
        WHERE i.mapping->>'clientNumber' IS NOT NULL AND EXISTS (SELECT 1 FROM statement_import_rejections r WHERE r.import_id = i.id)
     )
     SELECT r.import_id, r.row, r.cells, i.mapping, i.columns, r.cells->>(i.number_at::int) AS number
       FROM imports i JOIN statement_import_rejections r ON r.import_id = i.id
      WHERE i.number_at IS NOT NULL AND public.f_number_key(r.cells->>(i.number_at::int)) IN (SELECT key FROM numbers)
      FOR UPDATE OF r`,
    [clientIds, clientIds, traceIds] as never,
  );
  for (const row of rows) {
    const mapping = columnsOf(row.mapping, row.columns);
    await trx('statement_import_rejections')
      .where({ import_id: row.import_id, row: row.row })
      .update({
        cells: JSON.stringify(cellsWithoutPersonalValues(row.cells, mapping, row.columns.length)),
        errors: JSON.stringify([erasedClientError(row.number)]),
      });
  }
  return rows.length;
}

/** The import's mapping as column indexes (its headers were resolved against these columns at the upload). */
function columnsOf(mapping: ColumnMapping, columns: string[]): ResolvedMapping {
  const resolved: ResolvedMapping = {};
  for (const [field, header] of Object.entries(mapping) as Array<[ImportField, string | undefined]>) {
    const index = header === undefined ? -1 : columns.indexOf(header);
    if (index >= 0) resolved[field] = index;
  }
  return resolved;
}
