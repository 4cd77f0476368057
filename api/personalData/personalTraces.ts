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
 * A case-insensitive pattern for whole occurrences of the values (not inside a longer word,
 * whose letters and digits would go on),
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
  // An underscore separates words here ("Dupont_Jean.xlsx" names Dupont).
  return `(^|[^[:alnum:]])(${alternatives.join('|')})(?=[^[:alnum:]]|$)`;
}
const REPLACEMENT = `\\1${ERASED}`;

/**
 * Tables and columns the sweep leaves alone: handled by id by the anonymisation itself
 * (clients, commissions), sealed and shredded (audit_entries), the firm's staff and secrets
 * (users, advisors, app_settings, the staff labels of the access log and the sessions), and the
 * identifiers the accounts keep.
 */
const SKIPPED_TABLES = new Set(['clients', 'commissions', 'audit_entries', 'client_keys', 'users', 'advisors', 'app_settings', 'import_workers', 'knex_migrations', 'knex_migrations_lock']);
const SKIPPED_COLUMNS = new Set([
  'contracts.contract_number',
  'contracts.status',
  'client_aliases.client_number',
  'sessions.sid',
  'sessions.sess',
  'client_access_log.user_label',
  'client_access_log.kind',
  'statement_imports.sha256',
  'statement_imports.status',
  'statement_imports.claimed_by',
]);
/** Values per regular expression: PostgreSQL refuses one too complex, and its cost grows with its size. */
const VALUES_PER_PATTERN = 200;
/** Phone numbers are found by their last digits first (see candidateRows). */
const PHONE_KEY_DIGITS = 6;

const inGroups = <T>(values: T[], size: number) => Array.from({ length: Math.ceil(values.length / size) }, (_, i) => values.slice(i * size, (i + 1) * size));

/**
 * Rows of one column that may hold a value, found without running the values' regular
 * expression over the whole table (its cost is the number of values times the number of rows:
 * 1,000 clients over 200,000 rejected rows took minutes). A value occurs only where its longest
 * word occurs as a word (the same words, lower-cased, split on anything but letters and digits),
 * and a phone number only where a run of digits (single spaces, dots or dashes between them)
 * holds its last six: one pass over the column, each row's words looked up in a hashed list.
 * `null` (every row) when a value has no word to look for.
 */
async function candidateFilter(trx: Knex.Transaction, needles: Needles): Promise<{ sql: string; bindings: unknown[] } | null> {
  const values = [...needles.strong];
  const { rows } = await trx.raw<{ rows: Array<{ word: string | null }> }>(
    `SELECT (SELECT w FROM regexp_split_to_table(lower(n), '[^[:alnum:]]+') w WHERE length(w) >= 2 ORDER BY length(w) DESC, w LIMIT 1) AS word
       FROM unnest(?::text[]) n`,
    [values],
  );
  if (rows.some((row) => !row.word)) return null;
  const words = [...new Set(rows.map((row) => row.word!))];
  const phoneKeys = [...new Set([...needles.phones].map((digits) => digits.slice(-PHONE_KEY_DIGITS)))];
  const tests: string[] = [];
  const bindings: unknown[] = [];
  if (words.length) {
    tests.push(`EXISTS (SELECT 1 FROM regexp_split_to_table(lower(t.??::text), '[^[:alnum:]]+') w WHERE w = ANY(?::text[]))`);
    bindings.push('$column', words);
  }
  if (phoneKeys.length) {
    // The pattern is a binding: Knex would read its question marks as placeholders.
    tests.push(`EXISTS (SELECT 1 FROM regexp_matches(t.??::text, ?, 'g') m
                 CROSS JOIN LATERAL (SELECT regexp_replace(m[1], '[^0-9]', '', 'g') AS d) run
                 CROSS JOIN LATERAL generate_series(1, length(run.d) - ${PHONE_KEY_DIGITS - 1}) i
                WHERE substr(run.d, i, ${PHONE_KEY_DIGITS}) = ANY(?::text[]))`);
    bindings.push('$column', '[0-9](?:[ .-]?[0-9])*', phoneKeys);
  }
  return { sql: tests.join(' OR '), bindings };
}

/**
 * Erases every other copy of the values: every text and JSON column of every table of the
 * schema (read from information_schema, so a table added later is swept too) is searched, and
 * each occurrence is replaced by ERASED, the rest of the value kept (a rejected row keeps its
 * amount and contract number, an error message its wording). One pass per column finds the rows
 * that may hold a value (candidateFilter), the values' expressions run on those only. Answers how
 * many rows changed.
 */
export async function sweepPersonalValues(trx: Knex.Transaction, needles: Needles): Promise<number> {
  if (!needles.strong.size && !needles.phones.size) return 0;
  const columns: Array<{ table_name: string; column_name: string; data_type: string }> = await trx('information_schema.columns as c')
    .join('information_schema.tables as t', function () {
      this.on('t.table_schema', 'c.table_schema').andOn('t.table_name', 'c.table_name');
    })
    .whereRaw('c.table_schema = current_schema()')
    .where('t.table_type', 'BASE TABLE')
    .where('c.is_generated', 'NEVER')
    .whereIn('c.data_type', ['text', 'character varying', 'character', 'json', 'jsonb'])
    .select('c.table_name', 'c.column_name', 'c.data_type');
  const filter = await candidateFilter(trx, needles);
  const strongGroups = inGroups([...needles.strong], VALUES_PER_PATTERN);
  const phoneGroups = inGroups([...needles.phones], VALUES_PER_PATTERN);
  const weakGroups = inGroups([...needles.weak], VALUES_PER_PATTERN);
  let changed = 0;
  for (const { table_name: table, column_name: column, data_type: type } of columns) {
    if (SKIPPED_TABLES.has(table) || SKIPPED_COLUMNS.has(`${table}.${column}`)) continue;
    const json = type === 'json' || type === 'jsonb';
    const strong = Array.from({ length: Math.max(strongGroups.length, phoneGroups.length) }, (_, i) => patternOf(strongGroups[i] ?? [], json, phoneGroups[i] ?? [])!);
    const weak = weakGroups.map((group) => patternOf(group, json)!);
    // Every expression, one after the other, on the text; the first names only where a strong value was.
    let value = '??::text';
    const valueBindings: unknown[] = [column];
    for (const pattern of [...strong, ...weak]) {
      value = `regexp_replace(${value}, ?, ?, 'gi')`;
      valueBindings.push(pattern, REPLACEMENT);
    }
    const cast = json ? `::${type}` : '';
    const holds = strong.map(() => '??::text ~* ?').join(' OR ');
    const holdsBindings = strong.flatMap((pattern) => [column, pattern]);
    let only = '';
    const onlyBindings: unknown[] = [];
    if (filter) {
      // Locked, so that no other writer moves them before the update reads them by position.
      const { rows: found } = await trx.raw<{ rows: Array<{ at: string }> }>(`SELECT t.ctid::text AS at FROM ?? t WHERE ${filter.sql} FOR UPDATE`, [
        table,
        ...filter.bindings.map((binding) => (binding === '$column' ? column : binding)),
      ] as Knex.RawBinding[]);
      if (!found.length) continue;
      only = 'AND ctid = ANY(?::tid[])';
      onlyBindings.push(found.map((row) => row.at));
    }
    const result = await trx.raw(`UPDATE ?? SET ?? = (${value})${cast} WHERE (${holds}) ${only}`, [table, column, ...valueBindings, ...holdsBindings, ...onlyBindings] as Knex.RawBinding[]);
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
  return knex.raw(`CASE WHEN ?? ~* ? THEN regexp_replace(regexp_replace(??, ?, ?, 'gi'), ?, ?, 'gi') ELSE ?? END`, [column, strong, column, strong, REPLACEMENT, weak, REPLACEMENT, column]);
}
