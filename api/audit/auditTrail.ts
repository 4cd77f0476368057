import type { Knex } from 'knex';
import { z } from 'zod';
import { fetchPage } from '../listing/listPage';
import type { Actor } from '../../shared/actor';
import { everyField, fieldsOfRow, type Row } from '../../shared/entities/fieldNames';
import { idList, optionalId, type ListQuery } from '../http/simpleRest';

export const AUDIT_ACTIONS = ['create', 'update', 'delete', 'merge', 'import', 'export', 'anonymise'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export type FieldChanges = Record<string, { before: unknown; after: unknown }>;
/** What an entry is about: clients, and also the contracts and commission lines the firm manages. */
export const AUDIT_RECORD_TYPES = ['client', 'contract', 'commission'] as const;
export type AuditRecordType = (typeof AUDIT_RECORD_TYPES)[number];

/** An entry of the append-only trail (table `audit_entries`), as the API answers it. */
export interface AuditEntryRecord {
  id: number;
  occurredAt: Date;
  userId: number | null;
  userLabel: string | null;
  action: AuditAction;
  recordType: AuditRecordType;
  recordId: number;
  /** Sealed (f_audit_seal) once the record's subject is anonymised. */
  recordLabel: string | null;
  importId: number | null;
  changes: FieldChanges;
}

const AUDIT_ENTRY_FIELDS = everyField<AuditEntryRecord>()(['id', 'occurredAt', 'userId', 'userLabel', 'action', 'recordType', 'recordId', 'recordLabel', 'importId', 'changes']);

export interface AuditEntryInput {
  action: AuditAction;
  recordType: AuditRecordType;
  recordId: number;
  recordLabel: string | null;
  changes: FieldChanges;
  importId?: number | null;
}

export const auditFilterSchema = z
  .object({
    id: idList.optional(),
    recordType: z.enum(AUDIT_RECORD_TYPES).optional(),
    recordId: optionalId,
    clientId: optionalId,
    userId: optionalId,
    importId: optionalId,
    action: z.enum(AUDIT_ACTIONS).optional(),
  })
  .strict();
export const AUDIT_SORTABLE = ['id', 'occurredAt'] as const;

/** Fields of a client that the trail records; timestamps and derived counts are not changes. */
const AUDITED_CLIENT_FIELDS = ['clientNumber', 'lastName', 'firstName', 'email', 'phone', 'address', 'advisorId'] as const;

/**
 * The append-only trail of changes to clients, contracts and commission lines. Every write goes through the caller's
 * transaction, so an entry exists exactly when its change was committed.
 */
export class AuditTrail {
  constructor(private readonly knex: Knex) {}

  async record(trx: Knex | Knex.Transaction, actor: Actor, entries: AuditEntryInput[]) {
    if (!entries.length) return;
    const rows = entries.map((entry) => ({
      user_id: actor.userId,
      user_label: actor.label,
      action: entry.action,
      record_type: entry.recordType,
      record_id: entry.recordId,
      record_label: entry.recordLabel,
      import_id: entry.importId ?? null,
      changes: JSON.stringify(entry.changes),
    }));
    // Chunked so that a bulk action on thousands of clients stays under the parameter limit.
    for (let i = 0; i < rows.length; i += 5000) await trx('audit_entries').insert(rows.slice(i, i + 5000));
  }

  async list({ sort, range, filter }: ListQuery<z.infer<typeof auditFilterSchema>>) {
    // The readable view opens the personal values of client entries sealed with their client's
    // key, and shows '[donnée effacée]' where the key was deleted (migration 20261127_07).
    const filtered = this.knex('audit_entries_readable as e').modify((q) => {
      if (filter.id) q.whereIn('e.id', filter.id);
      if (filter.recordType) q.where('e.record_type', filter.recordType);
      // recordId alone means a client (the client page's history); with recordType, that type's record.
      if (filter.recordId) q.where({ 'e.record_type': filter.recordType ?? 'client', 'e.record_id': filter.recordId });
      // A client's history includes that of the clients it absorbed (client_merges): the trail is
      // append-only, so the entries stay where they were written and are read from here.
      if (filter.clientId) {
        q.where('e.record_type', 'client').where((w) =>
          w.where('e.record_id', filter.clientId!).orWhereIn('e.record_id', this.knex('client_merges').select('absorbed_id').where('kept_id', filter.clientId!)),
        );
      }
      if (filter.userId) q.where('e.user_id', filter.userId);
      if (filter.importId) q.where('e.import_id', filter.importId);
      if (filter.action) q.where('e.action', filter.action);
    });
    const page = await fetchPage<Row<AuditEntryRecord>>(filtered, {
      counter: 'audit_entries',
      select: (q) => q.select('e.*'),
      orderBy: sort.field === 'occurredAt' ? 'e.occurred_at' : 'e.id',
      order: sort.order,
      tieBreaker: 'e.id',
      range,
    });
    return {
      ...page,
      rows: page.rows.map((row) => fieldsOfRow<AuditEntryRecord>(AUDIT_ENTRY_FIELDS, row)),
    };
  }
}

/** The fields that differ between two versions of a client (all set fields for a create or delete). */
export function clientChanges(before: object | null, after: object | null): FieldChanges {
  return fieldChanges(AUDITED_CLIENT_FIELDS, before, after);
}

/** The listed fields that differ between two versions of a record (all set fields for a create or delete). */
export function fieldChanges(fields: readonly string[], before: object | null, after: object | null): FieldChanges {
  const changes: FieldChanges = {};
  for (const field of fields) {
    const previous = (before as Record<string, unknown> | null)?.[field] ?? null;
    const next = (after as Record<string, unknown> | null)?.[field] ?? null;
    if (previous !== next) changes[field] = { before: previous, after: next };
  }
  return changes;
}
