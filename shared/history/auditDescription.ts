import { isMessageCode, renderMessage, type Language, type Message } from '../messages/message';
import { historyValue, referenceOf, type HistoryNames, type HistoryValue } from './historyValues';
import { clientLabel } from '../clientLabel';
import { numberFormat } from '../intlFormats';

/**
 * One description of each entry of the audit trail, shared by the admin's history and the
 * personal-data export: a sentence for what happened (a merge, an import, an export, an
 * anonymisation) and one line per field, "Label : before → after", in the reader's language.
 * Internals the trail keeps to undo a merge by hand (the absorbed records, moved ids) become
 * sentences too; nothing reads as a field name or a JSON object.
 */
export interface AuditEntryLike {
  action: string;
  recordType: string;
  importId?: number | null;
  changes: Record<string, { before?: unknown; after?: unknown } | undefined> | null;
}

export interface HistoryLine {
  field: string;
  label: string;
  /** Absent when the action has no "before" (a creation) or no "after" (a deletion). */
  before?: HistoryValue;
  after?: HistoryValue;
}

export interface HistoryDescription {
  /** What happened, when the action says more than its name (merge, import, export, anonymisation). */
  summary: string | null;
  lines: HistoryLine[];
}

/** Fields in the order of the client, contract and commission forms. */
const FIELD_ORDER = [
  'lastName',
  'firstName',
  'clientNumber',
  'contractNumber',
  'email',
  'phone',
  'address',
  'status',
  'clientId',
  'advisorId',
  'contractId',
  'product',
  'insurer',
  'startDate',
  'endDate',
  'date',
  'amount',
  'label',
  'source',
  'importId',
  'aliases',
];
const rank = (field: string) => (FIELD_ORDER.includes(field) ? FIELD_ORDER.indexOf(field) : FIELD_ORDER.length);
/** What a merge records besides the fields, said by its own sentences. */
const MERGE_RECORDS = new Set(['mergedClients', 'mergedInto', 'contracts', 'commissions']);

/** The label of a field in an entry about this kind of record. */
export function fieldLabel(recordType: string, field: string, language: Language): string {
  const code = recordType === 'client' && field === 'advisorId' ? 'history.field.referent' : `history.field.${field}`;
  return isMessageCode(code) ? renderMessage({ code }, language) : field;
}

/** One changed field as a line; `show` says which sides the action has. */
export function historyLine(
  recordType: string,
  field: string,
  change: { before?: unknown; after?: unknown },
  language: Language,
  names: HistoryNames,
  show = { before: true, after: true },
): HistoryLine {
  return {
    field,
    label: fieldLabel(recordType, field, language),
    ...(show.before ? { before: historyValue(field, change.before, language, names) } : {}),
    ...(show.after ? { after: historyValue(field, change.after, language, names) } : {}),
  };
}

export function describeAuditEntry(entry: AuditEntryLike, language: Language, names: HistoryNames = {}): HistoryDescription {
  const changes = entry.changes ?? {};
  const render = (message: Message) => renderMessage(message, language);
  const present = (field: string) => changes[field] !== undefined;
  // An import's entry for a client it created gives the number it was created with.
  const creation = entry.action === 'create' || (entry.action === 'import' && changes.clientNumber !== undefined && changes.clientNumber.before == null);
  const show = { before: !creation && entry.action !== 'export', after: entry.action !== 'delete' };

  const lines = Object.keys(changes)
    .filter((field) => !MERGE_RECORDS.has(field) && !(entry.action === 'export' && field === 'format'))
    .sort((a, b) => rank(a) - rank(b))
    .map((field) => historyLine(entry.recordType, field, changes[field]!, language, names, field === 'aliases' ? { before: false, after: true } : show));
  if (present('contracts')) lines.push(movedLine('contracts', changes.contracts!.before, language));
  if (present('commissions')) lines.push(movedLine('commissions', changes.commissions!.before, language));

  return { summary: summaryOf(entry, creation, render, language, names), lines };
}

function summaryOf(entry: AuditEntryLike, creation: boolean, render: (message: Message) => string, language: Language, names: HistoryNames): string | null {
  const changes = entry.changes ?? {};
  switch (entry.action) {
    case 'merge': {
      if (changes.mergedInto) {
        const kept = changes.mergedInto.after;
        return render({ code: 'history.merge.into', params: { client: historyValue('clientId', kept, language, names).text } });
      }
      const absorbed = changes.mergedClients?.before;
      if (!Array.isArray(absorbed)) return absorbed === undefined ? null : render({ code: 'history.merge.absorbed', params: { clients: historyValue('mergedClients', absorbed, language).text } });
      const labels = absorbed.map((client) => clientLabel(client as Record<string, unknown>));
      return render({ code: labels.length > 1 ? 'history.merge.absorbedMany' : 'history.merge.absorbed', params: { clients: joined(labels, language) } });
    }
    case 'import':
      if (!entry.importId) return render({ code: 'history.import.unnamed' });
      return render({ code: creation ? 'history.import.created' : 'history.import.updated', params: { importId: String(entry.importId) } });
    case 'export':
      return render({ code: 'history.export', params: { format: historyValue('format', changes.format?.after, language).text } });
    case 'anonymise':
      return render({ code: 'history.anonymise' });
    default:
      return null;
  }
}

function joined(items: string[], language: Language): string {
  if (items.length < 2) return items[0] ?? '';
  return renderMessage({ code: 'history.list.and', params: { first: items.slice(0, -1).join(', '), last: items[items.length - 1] } }, language);
}

/** What a merge moved to the kept client: how many contracts, how many commission lines. */
function movedLine(field: 'contracts' | 'commissions', before: unknown, language: Language): HistoryLine {
  const count = Array.isArray(before) ? before.length : Number(before ?? 0);
  const label = renderMessage({ code: field === 'contracts' ? 'history.field.movedContracts' : 'history.field.movedCommissions' }, language);
  return { field, label, after: { text: numberFormat(language === 'en' ? 'en-GB' : 'fr-FR').format(count) } };
}

/** The ids an entry points at, by kind: what a reader fetches names for before describing it. */
export function referencedIds(entries: AuditEntryLike[]): Record<keyof HistoryNames, number[]> {
  const ids: Record<keyof HistoryNames, Set<number>> = { advisors: new Set(), clients: new Set(), contracts: new Set() };
  for (const entry of entries) {
    for (const [field, change] of Object.entries(entry.changes ?? {})) {
      const kind = field === 'mergedInto' ? 'clients' : referenceOf(field);
      if (!kind || !change) continue;
      for (const value of [change.before, change.after]) if (typeof value === 'number') ids[kind].add(value);
    }
  }
  return { advisors: [...ids.advisors], clients: [...ids.clients], contracts: [...ids.contracts] };
}

/** The description as plain text, one line each (the export's cells). */
export function historyText(description: HistoryDescription, language: Language): string {
  const lines = description.lines.map(({ label, before, after }) =>
    before && after
      ? renderMessage({ code: 'history.line.change', params: { field: label, before: before.text, after: after.text } }, language)
      : renderMessage({ code: 'history.line.value', params: { field: label, value: (after ?? before)?.text ?? '' } }, language),
  );
  const text = [description.summary, ...lines].filter(Boolean).join('\n');
  return text || renderMessage({ code: 'history.noChange' }, language);
}
