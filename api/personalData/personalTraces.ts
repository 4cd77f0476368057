import type { Knex } from 'knex';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { DEFAULT_PHONE_COUNTRY } from '../../shared/contactDetails';

/** What an erased value reads as, in the trail (see migration 20261127_07) and wherever a copy was found. */
export const ERASED = '[donnée effacée]';

const PERSONAL_FIELDS = ['lastName', 'firstName', 'email', 'phone', 'address'] as const;
/** Values shorter than this are not searched for: "Li" or "Roy" inside other words would be erased too. */
const MIN_NEEDLE_LENGTH = 3;

/**
 * The personal values a client has held, as far as the database remembers them: its current
 * fields, every before/after of its trail and of the clients it absorbed (read before their keys
 * go), the full state of absorbed clients kept by a merge entry, the names its commission
 * snapshots recorded. `strong` values identify the client on their own (name, email, phone,
 * address, full names); `weak` ones (first names) are erased only next to a strong one.
 */
export interface Needles {
  strong: Set<string>;
  weak: Set<string>;
  /** Phone numbers as digits (national and international forms), found whatever their separators. */
  phones: Set<string>;
}

export async function personalValuesOf(trx: Knex.Transaction, clientIds: number[], traceIds: number[]): Promise<Needles> {
  const needles: Needles = { strong: new Set(), weak: new Set(), phones: new Set() };
  const add = (set: Set<string>, value: unknown) => {
    if (typeof value !== 'string') return;
    const trimmed = value.trim();
    if (trimmed.length >= MIN_NEEDLE_LENGTH && trimmed !== ERASED) set.add(trimmed);
  };
  const addPerson = (person: Record<string, unknown>) => {
    add(needles.strong, person.lastName);
    add(needles.weak, person.firstName);
    add(needles.strong, person.email);
    add(needles.strong, person.phone);
    add(needles.strong, person.address);
    if (typeof person.phone === 'string') for (const digits of phoneDigits(person.phone)) needles.phones.add(digits);
    if (person.lastName && person.firstName) {
      add(needles.strong, `${person.lastName} ${person.firstName}`);
      add(needles.strong, `${person.firstName} ${person.lastName}`);
    }
  };

  const clients = await trx('clients').whereIn('id', clientIds).select('last_name', 'first_name', 'email', 'phone', 'address');
  for (const c of clients) addPerson({ lastName: c.last_name, firstName: c.first_name, email: c.email, phone: c.phone, address: c.address });
  for (const name of await trx('commissions').whereIn('client_id', clientIds).distinct('client_name').pluck('client_name')) add(needles.strong, name);

  const entries = await trx('audit_entries_readable').where('record_type', 'client').whereIn('record_id', traceIds).select('record_label', 'changes');
  for (const { record_label: label, changes } of entries) {
    add(needles.strong, label);
    // "Dupont Jean (C-12)": the name without the number, as other places write it.
    if (typeof label === 'string') add(needles.strong, label.replace(/\s*\([^)]*\)\s*$/, ''));
    for (const side of ['before', 'after'] as const) {
      const person: Record<string, unknown> = {};
      for (const field of PERSONAL_FIELDS) person[field] = changes?.[field]?.[side];
      addPerson(person);
    }
    const absorbed = changes?.mergedClients?.before;
    if (Array.isArray(absorbed)) for (const person of absorbed) if (person && typeof person === 'object') addPerson(person);
  }
  return needles;
}

/** "+33 6 12 34 56 78" is written "06 12 34 56 78" or "0612345678" in a statement: both forms' digits. */
function phoneDigits(phone: string): string[] {
  const forms = new Set<string>();
  const digits = phone.replace(/\D/g, '');
  if (digits.length >= 6) forms.add(digits);
  const parsed = parsePhoneNumberFromString(phone, DEFAULT_PHONE_COUNTRY);
  if (parsed) {
    forms.add(parsed.number.replace(/\D/g, ''));
    forms.add(parsed.formatNational().replace(/\D/g, ''));
  }
  return [...forms].filter((form) => form.length >= 6);
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A case-insensitive pattern for whole occurrences of the values (not inside a longer word),
 * longest first; group 1 is the character before, kept by the replacement.
 */
function patternOf(values: Iterable<string>, json: boolean, phones: Iterable<string> = []): string | null {
  const alternatives = [...values]
    .map((value) => (json ? JSON.stringify(value).slice(1, -1) : value))
    .sort((a, b) => b.length - a.length)
    .map(escapeRegex);
  // Digits with any one separator between them (space, dot, dash), an optional leading +.
  for (const digits of phones) alternatives.push(`\\+?${digits.split('').join('[ .-]?')}`);
  if (!alternatives.length) return null;
  return `(^|[^[:alnum:]_])(${alternatives.join('|')})(?=[^[:alnum:]_]|$)`;
}
const REPLACEMENT = `\\1${ERASED}`;

/**
 * Tables and columns the sweep leaves alone: handled by id by the anonymisation itself
 * (clients, commissions), sealed and shredded (audit_entries), the firm's staff and secrets
 * (users, advisors, app_settings), and the identifiers the accounts keep.
 */
const SKIPPED_TABLES = new Set(['clients', 'commissions', 'audit_entries', 'client_keys', 'users', 'advisors', 'app_settings', 'knex_migrations', 'knex_migrations_lock']);
const SKIPPED_COLUMNS = new Set(['contracts.contract_number', 'contracts.status', 'client_aliases.client_number', 'sessions.sid', 'statement_imports.sha256', 'statement_imports.status']);

/**
 * Erases every other copy of the values: every text and JSON column of every table of the
 * schema (read from information_schema, so a table added later is swept too) is searched, and
 * each occurrence is replaced by ERASED, the rest of the value kept (a rejected row keeps its
 * amount and contract number, an error message its wording). Answers how many rows changed.
 */
export async function sweepPersonalValues(trx: Knex.Transaction, needles: Needles): Promise<number> {
  const strongText = patternOf(needles.strong, false, needles.phones);
  if (!strongText) return 0;
  const columns: Array<{ table_name: string; column_name: string; data_type: string }> = await trx('information_schema.columns as c')
    .join('information_schema.tables as t', function () {
      this.on('t.table_schema', 'c.table_schema').andOn('t.table_name', 'c.table_name');
    })
    .whereRaw('c.table_schema = current_schema()')
    .where('t.table_type', 'BASE TABLE')
    .where('c.is_generated', 'NEVER')
    .whereIn('c.data_type', ['text', 'character varying', 'character', 'json', 'jsonb'])
    .select('c.table_name', 'c.column_name', 'c.data_type');
  let changed = 0;
  for (const { table_name: table, column_name: column, data_type: type } of columns) {
    if (SKIPPED_TABLES.has(table) || SKIPPED_COLUMNS.has(`${table}.${column}`)) continue;
    const json = type === 'json' || type === 'jsonb';
    const strong = patternOf(needles.strong, json, needles.phones)!;
    const weak = patternOf(needles.weak, json);
    const cast = json ? `::${type}` : '';
    let value = `regexp_replace(??::text, ?, ?, 'gi')`;
    const bindings: unknown[] = [column, strong, REPLACEMENT];
    if (weak) {
      value = `regexp_replace(${value}, ?, ?, 'gi')`;
      bindings.push(weak, REPLACEMENT);
    }
    const result = await trx.raw(`UPDATE ?? SET ?? = (${value})${cast} WHERE ??::text ~* ?`, [table, column, ...bindings, column, strong] as Knex.RawBinding[]);
    changed += result.rowCount ?? 0;
  }
  return changed;
}

/** The same replacement, for one text value held by the client's own rows (a commission's label). */
export function erasedTextSql(knex: Knex, column: string, needles: Needles): Knex.Raw {
  const strong = patternOf(needles.strong, false, needles.phones);
  const weak = patternOf(needles.weak, false);
  if (!strong) return knex.raw('??', [column]);
  // The first name only where a strong value was found in the same text.
  if (!weak) return knex.raw(`regexp_replace(??, ?, ?, 'gi')`, [column, strong, REPLACEMENT]);
  return knex.raw(`CASE WHEN ?? ~* ? THEN regexp_replace(regexp_replace(??, ?, ?, 'gi'), ?, ?, 'gi') ELSE ?? END`, [
    column, strong, column, strong, REPLACEMENT, weak, REPLACEMENT, column,
  ]);
}
