import fc from 'fast-check';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../api/audit/auditTrail';
import { ClientService } from '../../api/clients/clientService';
import { searchWords } from '../../api/clients/search/searchWords';
import { DEFAULT_LIST_TUNING, WHOLE_MATCHES_LIMIT, type ListTuning } from '../../api/listing/listTuning';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { DATABASES } from '../support/databases';

/**
 * The list search (`q`) reads its page in several ways depending on how many clients match
 * (a capped count, a split between the start of the last name and the rest, a bounded walk of
 * the name index, every match read whole). Whatever the way, the answer must be the one of a
 * plain reading of the rule, written here without the production query builder: every word is
 * found, case and accents ignored, in the last name, first name, number or email, in the phone's
 * digits (typed with or without separators, 0… for +33…), or in a number the client absorbed in a
 * merge; under three characters, at the start of one of those; clients in (sort_key, id) order;
 * totals exact, or past the count's cap, that cap and `capped`.
 */

const CLIENTS = 5_000;
// Heavily shared last names, so that broad fragments have thousands of matches (the paths past
// the exact count), with the spellings French names come in.
const COMMON_LAST = [
  'Lefèvre',
  'LEFEBVRE',
  'Le Fèvre',
  'lefèvre-Durand',
  'Lemaître',
  'Léger',
  'D’Artagnan',
  "d'Arc",
  'Martin',
  'MARTIN-Leroy',
  'Dupont',
  'Éluard',
  'Œuvray',
  'Garçon',
  'Noël',
  'Ølsen',
];
const SYLLABLES = ['ber', 'lan', 'dé', 'mar', 'tin', 'gau', 'che', 'rou', 'vil', 'leu', 'pré', 'sal', 'fè', 'bré', 'çon', 'tai', 'nier', 'ïs', 'pel', 'gnon', 'le', 'fe', 'vre', 'ô'];
const FIRST = ['Jean', 'Jean-Pierre', 'Marie', 'Hélène', 'Zoé', 'Chloé', 'Loïc', 'Agnès', 'Élodie', 'ANNE', 'léa', 'François', null];

interface GeneratedClient {
  last_name: string;
  first_name: string | null;
  client_number: string | null;
  email: string | null;
  phone: string | null;
}

const clientArbitrary = (index: number): fc.Arbitrary<GeneratedClient> =>
  fc.record({
    last_name: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...COMMON_LAST) },
      { weight: 2, arbitrary: fc.array(fc.constantFrom(...SYLLABLES), { minLength: 2, maxLength: 4 }).map((s) => s.join('')) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...SYLLABLES), fc.constantFrom('-', ' ', '’', "'"), fc.constantFrom(...SYLLABLES)).map(([a, sep, b]) => `${a.toUpperCase()}${sep}${b}`) },
    ),
    first_name: fc.constantFrom(...FIRST),
    client_number: fc.oneof(
      fc.constant(null),
      fc.integer({ min: 0, max: 99_999 }).map((n) => `${['AB-', 'CL', '00', 'x'][n % 4]}${String(n).padStart(5, '0')}-${index}`),
    ),
    email: fc.oneof(
      fc.constant(null),
      fc.tuple(fc.constantFrom('jean', 'marie.lefevre', 'contact', 'Zoé.Garçon', 'nt77777'), fc.constantFrom('exemple.fr', 'cabinet.fr')).map(([user, domain]) => `${user}${index}@${domain}`),
    ),
    phone: fc.oneof(
      fc.constant(null),
      fc.integer({ min: 0, max: 99_999_999 }).map((n) => `+336${String(n).padStart(8, '0')}`),
      fc.integer({ min: 0, max: 99_999_999 }).map(
        (n) =>
          `07 ${String(n)
            .padStart(8, '0')
            .replace(/(\d\d)(?=\d)/g, '$1 ')}`,
      ),
      fc.integer({ min: 0, max: 9_999_999 }).map((n) => `(01) 4${String(n).padStart(7, '0')}`),
    ),
  });

const FOLDED_FIELDS = ['last_name', 'first_name', 'client_number', 'email'];

/**
 * The clients' fields as the rule compares them (case and accents folded, the phone's digits),
 * computed once: the clients never change under these tests, and folding 5,000 rows for each
 * of the property's queries was most of its time.
 */
async function foldClients(knex: Knex) {
  await knex.raw(
    `CREATE TABLE reference_clients AS SELECT c.id, c.sort_key, ${FOLDED_FIELDS.map((field) => `public.f_unaccent(lower(coalesce(c.${field}, ''))) AS ${field}`).join(', ')},
       regexp_replace(coalesce(c.phone, ''), '[^0-9]', '', 'g') AS phone_digits FROM clients c`,
  );
}

/** The rule, read plainly: per field, no trigram column, no LIKE escaping (strpos). */
async function reference(knex: Knex, q: string, order: 'ASC' | 'DESC'): Promise<number[]> {
  const conditions: string[] = [];
  const bindings: Knex.RawBinding[] = [];
  for (const word of searchWords(q)) {
    const alternatives: string[] = [];
    const short = word.length < 3;
    for (const field of FOLDED_FIELDS) {
      alternatives.push(short ? `starts_with(c.${field}, public.f_unaccent(lower(?)))` : `strpos(c.${field}, public.f_unaccent(lower(?))) > 0`);
      bindings.push(word);
    }
    for (const digits of short ? shortPhoneVariants(word) : phoneVariants(word)) {
      alternatives.push(short ? 'starts_with(c.phone_digits, ?)' : 'strpos(c.phone_digits, ?) > 0');
      bindings.push(digits);
    }
    alternatives.push(
      short
        ? 'EXISTS (SELECT 1 FROM client_aliases a WHERE a.client_id = c.id AND starts_with(lower(a.client_number), lower(?)))'
        : 'EXISTS (SELECT 1 FROM client_aliases a WHERE a.client_id = c.id AND strpos(lower(a.client_number), lower(?)) > 0)',
    );
    bindings.push(word);
    conditions.push(`(${alternatives.join(' OR ')})`);
  }
  const { rows } = await knex.raw(`SELECT c.id FROM reference_clients c ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY c.sort_key ${order}, c.id ${order}`, bindings);
  return rows.map((row: { id: number }) => row.id);
}

/** One or two characters of digits and phone separators: the start of the phone's digits, as typed or in national form (0… is 33…). */
function shortPhoneVariants(word: string): string[] {
  const digits = word.replace(/\D/g, '');
  if (!digits || !/^[\d\s.+\-()]+$/.test(word)) return [];
  return digits.startsWith('0') ? [digits, `33${digits.slice(1)}`] : [digits];
}

/** A word made of digits and phone separators only, with at least 3 digits, searches phones (0… also as 33…). */
function phoneVariants(word: string): string[] {
  const digits = word.replace(/\D/g, '');
  if (digits.length < 3 || !/^[\d\s.+\-()]+$/.test(word)) return [];
  return digits.startsWith('0') ? [digits, `33${digits.slice(1)}`] : [digits];
}

/** Queries people type: pieces of what is stored, short prefixes, two words, digits, nonsense. */
const fragment = (value: string) =>
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 8 }), fc.constantFrom('as is', 'upper', 'lower', 'plain')).map(([start, length, casing]) => {
    const from = start % Math.max(1, value.length);
    const piece = value.slice(from, from + length).trim() || value.slice(0, 3);
    if (casing === 'upper') return piece.toUpperCase();
    if (casing === 'lower') return piece.toLowerCase();
    if (casing === 'plain') return piece.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    return piece;
  });
const storedValue = fc.constantFrom(...COMMON_LAST, ...FIRST.filter((f): f is string => !!f), ...SYLLABLES, 'AB-00424', 'marie.lefevre12@exemple.fr', 'nt77777', 'ANCIEN-4242', '+33612345678');
const queryArbitrary = fc.oneof(
  { weight: 4, arbitrary: storedValue.chain(fragment) },
  { weight: 2, arbitrary: fc.constantFrom('l', 'L', 'le', 'Lé', 'lef', 'lefev', 'LEFÈV', 'ma', 'mar', 'd’', "d'a", 'œ', 'oe', 'é', 'du', 'g', 'jean', 'vre', 'ber') },
  { weight: 2, arbitrary: fc.constantFrom('j', 'Jé', 'ch', 'é', 'ab', 'AB', 'cl', 'CL', '00', '0', '06', '07', '01', '+3', '33', '4', 'zo', 'nt', 'ma', 'co', 'An', 'an', 'x', 'œu', 'Œ', '_', '%') },
  { weight: 2, arbitrary: fc.tuple(storedValue.chain(fragment), storedValue.chain(fragment)).map(([a, b]) => `${a} ${b}`) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 99_999 }).map((n) => String(n).padStart(fc.sample(fc.integer({ min: 3, max: 5 }), 1)[0], '0')) },
  { weight: 1, arbitrary: fc.constantFrom('06 12', '07 1', '01 4', '+33 6', '(01) 42', '0612', '33612', '4200', 'ancien-42') },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom('100%', 'a_b', '\\', '%', '_', 'zzzz', 'lefev zzz') },
);
const pageArbitrary = fc.record({
  start: fc.oneof(fc.constant(0), fc.constant(25), fc.integer({ min: 0, max: 1200 })),
  size: fc.oneof(fc.constant(25), fc.integer({ min: 1, max: 60 })),
  order: fc.constantFrom('ASC' as const, 'DESC' as const),
});

describe.each(DATABASES)('list search equals a plain reading of its rule, on %s', (_name, embedded) => {
  let db: TestDatabase;
  let service: ClientService;
  let statements: string[] = [];
  // Thresholds scaled to this dataset, so that every way of reading a page is taken.
  const tuning: ListTuning = { ...DEFAULT_LIST_TUNING, countCap: 1_100, fewMatches: 1200, walkedRows: 3_000, spreadShare: 0.6 };
  beforeAll(async () => {
    db = await createTestDatabase({ embedded });
    service = new ClientService(db.knex, new AuditTrail(db.knex), tuning);
    const clients = Array.from({ length: CLIENTS }, (_, i) => fc.sample(clientArbitrary(i), { numRuns: 1, seed: 7919 * (i + 1) })[0]);
    const ids: number[] = [];
    for (let i = 0; i < clients.length; i += 1000)
      ids.push(
        ...(
          await db
            .knex('clients')
            .insert(clients.slice(i, i + 1000))
            .returning('id')
        ).map((r: { id: number }) => r.id),
      );
    // Numbers absorbed by merges: some clients also answer to a former number.
    await db.knex('client_aliases').insert(ids.filter((_, i) => i % 97 === 0).map((id, i) => ({ client_id: id, client_number: `ANCIEN-${4200 + i}` })));
    await db.knex.raw('ANALYZE clients');
    await db.knex.raw('ANALYZE client_aliases');
    await foldClients(db.knex);
    db.knex.on('query', (query: { sql: string }) => statements.push(query.sql));
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it('gives the same clients, in the same order, with the same totals, page by page', async () => {
    const paths = { split: 0, walk: 0, known: 0, many: 0, capped: 0 };
    await fc.assert(
      fc.asyncProperty(queryArbitrary, pageArbitrary, async (q, { start, size, order }) => {
        const expected = await reference(db.knex, q, order);
        statements = [];
        const page = await service.list({ sort: { field: 'lastName', order }, range: { start, end: start + size - 1 }, filter: { q } });
        if (statements.some((sql) => sql.includes('at_start'))) paths.split++;
        if (statements.some((sql) => sql.includes('(SELECT * FROM clients ORDER BY'))) paths.walk++;
        if (page.total > WHOLE_MATCHES_LIMIT && statements.some((sql) => sql.includes('prefixed'))) paths.known++;
        expect(page.rows.map((row) => row.id)).toEqual(expected.slice(start, start + size));
        // Past the count's cap (scaled down here, like the thresholds), "more than" the cap.
        const cap = Math.max(tuning.countCap, start + size);
        expect(page).toMatchObject({ total: Math.min(expected.length, cap), capped: expected.length > cap });
        if (expected.length > WHOLE_MATCHES_LIMIT) paths.many++;
        if (expected.length > cap) paths.capped++;
      }),
      { numRuns: 300, seed: 14 },
    );
    // The ways past the whole matches were taken, not only the page picked from them.
    expect(paths.many).toBeGreaterThan(20);
    expect(paths.split).toBeGreaterThan(5);
    expect(paths.walk).toBeGreaterThan(0);
    expect(paths.known).toBeGreaterThan(0);
    expect(paths.capped).toBeGreaterThan(5);
  }, 600_000);

  it('pages through a broad fragment without gaps or repeats', async () => {
    for (const q of ['lefev', 'le', 'l', 'mar']) {
      const expected = await reference(db.knex, q, 'ASC');
      const seen: number[] = [];
      for (let start = 0; start < 150; start += 25) {
        const page = await service.list({ sort: { field: 'lastName', order: 'ASC' }, range: { start, end: start + 24 }, filter: { q } });
        seen.push(...page.rows.map((row) => row.id));
      }
      expect(seen).toEqual(expected.slice(0, 150));
    }
  }, 120_000);
});
