import type { Knex } from 'knex';
import { type AuditTrail } from '../audit/auditTrail';
import { clientLabel } from '../../shared/clientLabel';
import type { Actor } from '../../shared/actor';
import { clientColumns, toClientRecord } from '../clients/clientRecord';
import type { ClientFields, ClientRecord } from '../../shared/entities/client';
import { notFound } from '../http/httpError';
import { erasedTextSql, personalValuesOf, sweepPersonalValues, type Needles } from './personalTraces';
import {
  addNeedles,
  anonymisationTargets,
  anonymisedName,
  blankedColumns,
  erasureChanges,
  erasureChunks,
  FINISHED_IMPORT_STATUSES,
  missingTargets,
  PERSONAL_COLUMNS,
  pendingErasure,
  sealedClients,
} from './anonymisationRules';
import { eraseRejectedRows } from './rejectedRows';
import { missingClient } from '../clients/clientConflicts';
import { retriedTransaction } from '../database/transactions';
import type { Row } from '../../shared/entities/fieldNames';

/** Clients erased together (their reads, updates and commission labels): keeps each statement and expression small. */
const SWEEP_CHUNK = 50;
const BLANKED_SQL = blankedColumns()
  .map((column) => `${column} = NULL`)
  .join(', ');

/**
 * Erasure that keeps the accounts (RGPD article 17), all or nothing in one transaction:
 * - the client's personal fields become the neutral label and nulls (number, advisor, contracts,
 *   commissions, amounts and dates stay), and so do its commission snapshots;
 * - the keys of the client and of every client it absorbed are deleted: their audit entries,
 *   sealed with them (migration 20261127_07), read '[donnée effacée]' from then on, and no row
 *   of the trail is updated;
 * - every other copy of its values is erased (sweepPersonalValues), and the stored statement
 *   files of finished imports that named it are deleted;
 * - one 'anonymise' entry per client is written, after the keys went, so that it stays readable.
 * Already anonymised clients are left as they are (a retry writes nothing).
 */
export class AnonymisationService {
  constructor(
    private readonly knex: Knex,
    private readonly audit: AuditTrail,
  ) {}

  async anonymise(ids: number[], actor: Actor): Promise<ClientRecord[]> {
    const unique = anonymisationTargets(ids);
    // A deadlock with a writer that reached one of these rows another way is retried (transactions.ts).
    return retriedTransaction(this.knex, async (trx) => {
      // Row locks in id order: an edit, a merge or another anonymisation of the same clients waits.
      const locked: Array<{ id: number; anonymised_at: Date | null }> = await trx('clients').whereIn('id', unique).orderBy('id').forUpdate().select('id', 'anonymised_at');
      const missing = missingTargets(unique, locked);
      if (missing.length === 1) throw await missingClient(trx, missing[0]);
      if (missing.length) throw notFound({ code: 'client.manyNotFound', params: { ids: missing.join(', ') } });
      const pending = pendingErasure(locked);
      const needles: Needles = { strong: new Set(), weak: new Set(), phones: new Set() };
      const traceIds: number[] = [];
      for (const chunk of erasureChunks(pending, SWEEP_CHUNK)) {
        const erased = await this.anonymiseIn(trx, chunk, actor);
        addNeedles(needles, erased.needles);
        traceIds.push(...erased.traceIds);
      }
      // The copies elsewhere, for the whole selection at once: one pass over each table, not one per chunk.
      if (pending.length) {
        await eraseRejectedRows(trx, pending, traceIds);
        await sweepPersonalValues(trx, needles);
      }
      const rows = await trx('clients as c').select(clientColumns(trx)).whereIn('c.id', unique).orderBy('c.id');
      return rows.map(toClientRecord);
    });
  }

  /** The clients' own rows erased, their keys deleted, their entry written; answers what the sweep must look for. */
  private async anonymiseIn(trx: Knex.Transaction, ids: number[], actor: Actor): Promise<{ needles: Needles; traceIds: number[] }> {
    const before: Array<Pick<Row<ClientFields>, 'id' | 'client_number' | (typeof PERSONAL_COLUMNS)[keyof typeof PERSONAL_COLUMNS]>> = await trx('clients')
      .whereIn('id', ids)
      .select('id', 'client_number', ...Object.values(PERSONAL_COLUMNS));
    // The clients each one absorbed, however many merges ago: their history is part of the kept client's.
    const { rows: absorbed } = await trx.raw<{ rows: { id: number }[] }>(
      `WITH RECURSIVE absorbed(id) AS (
         SELECT absorbed_id FROM client_merges WHERE kept_id = ANY(?::int[])
         UNION SELECT m.absorbed_id FROM client_merges m JOIN absorbed a ON m.kept_id = a.id
       ) SELECT id FROM absorbed`,
      [ids] as never,
    );
    const traceIds = sealedClients(
      ids,
      absorbed.map((row) => row.id),
    );
    // Read while the keys still open the trail.
    const needles = await personalValuesOf(trx, ids, traceIds);

    await trx.raw(
      `UPDATE clients SET last_name = 'Client anonymisé n° ' || id, ${BLANKED_SQL},
              anonymised_at = now(), updated_at = now()
        WHERE id = ANY(?::int[])`,
      [ids] as never,
    );
    await trx('commissions')
      .whereIn('client_id', ids)
      .update({ client_name: trx.raw(`'Client anonymisé n° ' || client_id`), label: erasedTextSql(trx, 'label', needles) });
    await trx('client_keys').whereIn('client_id', traceIds).delete();
    await trx('client_duplicate_pairs').whereIn('client_a', ids).orWhereIn('client_b', ids).delete();
    // The uploaded statements hold the client's cells; once their import is over, nothing reads them.
    await trx('statement_file_chunks')
      .whereIn('import_id', trx('statement_import_clients').select('import_id').whereIn('client_id', ids))
      .whereIn(
        'import_id',
        trx('statement_imports')
          .select('id')
          .whereIn('status', [...FINISHED_IMPORT_STATUSES]),
      )
      .delete();

    await this.audit.record(
      trx,
      actor,
      before.map((row) => {
        const changes = erasureChanges(row as { id: number });
        return {
          action: 'anonymise' as const,
          recordType: 'client' as const,
          recordId: row.id,
          recordLabel: clientLabel({ lastName: anonymisedName(row.id), clientNumber: row.client_number }),
          changes,
        };
      }),
    );
    return { needles, traceIds };
  }
}
