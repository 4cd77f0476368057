import type { Knex } from 'knex';
import { z } from 'zod';
import { clientChanges, type AuditTrail } from '../audit/auditTrail';
import { clientLabel } from '../../shared/clientLabel';
import type { Actor } from '../../shared/actor';
import { MAX_GROUP_SIZE } from '../duplicates/duplicateSchemas';
import { codedIssue } from '../../shared/messages/zodIssues';
import { HttpError, badRequest, notFound } from '../http/httpError';
import { recordId } from '../http/simpleRest';
import { retriedTransaction } from '../database/transactions';
import { recordIdField } from '../validation/fields';
import { IMPORT_OUTCOME_RANK, keptAmongSources, mergedNumbers, mergeGroup, mergePatch, mergeRefusedByErasure, missingSources, staleMember, versionsOutsideGroup } from '../duplicates/mergeRules';
import { clientWriteError, missingClient, staleClientUpdate } from './clientConflicts';
import { clientInputSchema } from './clientSchemas';
import { CLIENT_FIELDS, type ClientFields } from '../../shared/entities/client';
import { fieldsOfRow, type Row } from '../../shared/entities/fieldNames';

/**
 * Merging duplicate clients: `POST /api/clients/:id/merge` with
 * `{ sourceIds, values }`. The kept client takes the chosen values; every contract, commission
 * and import link of the absorbed clients moves to it; their numbers become its aliases; they
 * are deleted; one audit entry on the kept client holds the full before state of everyone.
 */
export const clientMergeSchema = z
  .object({
    sourceIds: z
      .array(recordId, { error: codedIssue('merge.sourcesExpected') })
      .min(1, codedIssue('merge.sourceRequired'))
      .max(MAX_GROUP_SIZE - 1, codedIssue('merge.tooMany', { max: String(MAX_GROUP_SIZE - 1) }))
      .refine((ids) => new Set(ids).size === ids.length, codedIssue('merge.repeated')),
    // The same fields and validation as an update; anything else is refused.
    values: clientInputSchema.partial().strict().default({}),
    // Optional, as `version` on an update: each client's version as the merge page read it; a
    // client changed since is a 409 and nothing is merged.
    versions: z.record(z.string().regex(/^[0-9]+$/, codedIssue('list.idInvalid')), recordIdField('label.version')).optional(),
  })
  .strict();
export type ClientMergeInput = z.infer<typeof clientMergeSchema>;

type ClientRow = Row<ClientFields>;
const recordOf = (row: ClientRow): ClientFields => fieldsOfRow<ClientFields>(CLIENT_FIELDS, row);

const anonymisedKept = (id: number) => new HttpError(409, { code: 'merge.keptAnonymised', params: { id: String(id) } });

export class ClientMergeService {
  constructor(
    private readonly knex: Knex,
    private readonly audit: AuditTrail,
  ) {}

  async merge(keptId: number, { sourceIds, values, versions }: ClientMergeInput, actor: Actor) {
    if (keptAmongSources(keptId, sourceIds)) throw badRequest({ code: 'merge.keptInSources' }, { sourceIds: { code: 'merge.keptInSourcesField' } });
    const ids = mergeGroup(keptId, sourceIds);
    const outside = versionsOutsideGroup(versions, ids);
    if (outside.length) throw badRequest({ code: 'merge.versionsOutside' }, { versions: { code: 'merge.versionsOutsideField', params: { ids: outside.join(', ') } } });
    const existing = await this.knex('clients').whereIn('id', ids).pluck('id');
    if (!existing.includes(keptId)) throw notFound({ code: 'client.notFound', params: { id: String(keptId) } });
    const missing = missingSources(sourceIds, existing);
    if (missing.length) {
      // A source merged away by another merge meanwhile is a 409 naming where it lives on.
      const mergedAway = (await Promise.all(missing.map((id) => missingClient(this.knex, id)))).find((error) => error.status === 409);
      throw mergedAway ?? notFound({ code: 'merge.sourcesMissing', params: { ids: missing.join(', ') } });
    }
    try {
      // A deadlock with a writer that reached one of these rows another way is retried (transactions.ts).
      return await retriedTransaction(this.knex, (trx) => this.mergeIn(trx, keptId, sourceIds, ids, values, versions ?? {}, actor));
    } catch (error) {
      return clientWriteError(this.knex, error, values.clientNumber);
    }
  }

  private async mergeIn(trx: Knex.Transaction, keptId: number, sourceIds: number[], ids: number[], values: ClientMergeInput['values'], versions: Record<string, number>, actor: Actor) {
    // The rows first, in id order, as every writer of clients locks them: an edit, a delete or an
    // anonymisation holding one of them finishes first (it never waits for this merge's table
    // lock while this merge waits for its row, the deadlock the other order had).
    const rows: ClientRow[] = await trx('clients').whereIn('id', ids).orderBy('id').forUpdate();
    if (rows.length !== ids.length) throw new HttpError(409, { code: 'merge.changedMeanwhile' });
    const kept = rows.find((r) => r.id === keptId)!;
    if (mergeRefusedByErasure(kept)) throw anonymisedKept(keptId);
    const stale = staleMember(rows, versions);
    if (stale) throw await staleClientUpdate(trx, recordOf(stale) as never);
    // Aliases are checked against clients by trigger; this lock keeps any client insert or
    // renumbering from slipping between that check and our commit (see migration 20261127_06).
    // Merges also queue behind each other here, holding only rows no other merge holds.
    await trx.raw('LOCK TABLE clients IN SHARE ROW EXCLUSIVE MODE');
    const sources = rows.filter((r) => r.id !== keptId);
    const formerAliases = await trx('client_aliases').whereIn('client_id', ids).select('client_id', 'client_number');

    const moved = {
      contracts: await trx('contracts').whereIn('client_id', sourceIds).orderBy('id').pluck('id'),
      commissions: Number((await trx('commissions').whereIn('client_id', sourceIds).count({ n: '*' }).first())?.n ?? 0),
    };
    await trx('contracts').whereIn('client_id', sourceIds).update({ client_id: keptId });
    // Commissions keep their snapshot of the client's number and name as it was when written.
    await trx('commissions').whereIn('client_id', sourceIds).update({ client_id: keptId });
    // One link per import: the kept client takes the most telling outcome of the group, and
    // every field the import changed on any of them.
    await trx.raw(
      `INSERT INTO statement_import_clients AS t (import_id, client_id, outcome, changed_fields)
       SELECT g.import_id, ?::int, (array_agg(g.outcome ORDER BY ${IMPORT_OUTCOME_RANK} DESC))[1],
              ARRAY(SELECT f FROM statement_import_clients s, unnest(s.changed_fields) f
                     WHERE s.import_id = g.import_id AND s.client_id = ANY(?::int[])
                     GROUP BY f ORDER BY array_position(ARRAY['lastName', 'firstName', 'email', 'phone', 'address', 'advisorId'], f))
         FROM statement_import_clients g WHERE g.client_id = ANY(?::int[]) GROUP BY g.import_id
       ON CONFLICT (import_id, client_id) DO UPDATE SET outcome = EXCLUDED.outcome, changed_fields = EXCLUDED.changed_fields`,
      [keptId, ids, ids] as never,
    );
    await trx('client_aliases').whereIn('client_id', sourceIds).update({ client_id: keptId });
    await trx('client_merges').whereIn('kept_id', sourceIds).update({ kept_id: keptId });
    await trx('client_merges').insert(sourceIds.map((id) => ({ absorbed_id: id, kept_id: keptId })));
    await trx('client_duplicate_dismissals').whereIn('client_a', sourceIds).orWhereIn('client_b', sourceIds).delete();
    await trx('clients').whereIn('id', sourceIds).delete();

    const patch = mergePatch(values);
    const numbers = mergedNumbers(
      values.clientNumber,
      kept.client_number,
      sources.map((r) => r.client_number),
    );
    if (numbers.numberRequired) {
      throw badRequest({ code: 'merge.numberRequired' }, { clientNumber: { code: 'merge.numberRequiredField' } });
    }
    if (Object.keys(patch).length)
      await trx('clients')
        .where('id', keptId)
        .update({ ...patch, updated_at: trx.fn.now() });
    // Every number the group held, other than the one the kept client now bears, stays findable.
    const { aliases } = numbers;
    if (aliases.length) await trx('client_aliases').insert(aliases.map((client_number) => ({ client_id: keptId, client_number })));
    const after: ClientRow = await trx('clients').where('id', keptId).first();

    await this.audit.record(trx, actor, [
      {
        action: 'merge',
        recordType: 'client',
        recordId: keptId,
        recordLabel: clientLabel(recordOf(after)),
        changes: {
          ...clientChanges(recordOf(kept), recordOf(after)),
          // The whole before state, so that the merge can be understood (or undone by hand) later.
          mergedClients: { before: sources.map(recordOf), after: null },
          aliases: { before: formerAliases, after: await trx('client_aliases').where('client_id', keptId).orderBy('id').pluck('client_number') },
          contracts: { before: moved.contracts, after: keptId },
          commissions: { before: moved.commissions, after: keptId },
        },
      },
      ...sources.map((source) => ({
        action: 'merge' as const,
        recordType: 'client' as const,
        recordId: source.id,
        recordLabel: clientLabel(recordOf(source)),
        changes: { mergedInto: { before: source.id, after: keptId } },
      })),
    ]);
    return { ...recordOf(after), aliases: await trx('client_aliases').where('client_id', keptId).orderBy('id').pluck('client_number'), mergedIds: sourceIds };
  }
}
