import type { Knex } from 'knex';
import { normaliseEmail, numberKey, phoneSearchDigits } from '../../../shared/contactDetails';
import { applySearch } from './exactSearch';
import { searchWords } from './searchWords';

/** Below this many exact matches, a name search also returns the tolerant ones. */
export const TOLERANT_BELOW = 10;

/** What a row of a search matched by, best first (the API's `matchedBy`). */
export const MATCHED_BY = ['number', 'email', 'phone', 'name', 'prefix', 'similar', 'sound'] as const;
export type MatchedBy = (typeof MATCHED_BY)[number];

// Folded names, as search_text folds them (f_unaccent(lower(...))), stored (migration 20261207_01).
const LAST = 'c.last_name_folded';
const FIRST = 'c.first_name_folded';
const FORMS = [LAST, FIRST, `${LAST} || ' ' || ${FIRST}`, `${FIRST} || ' ' || ${LAST}`];

/**
 * The folded name a tolerant search compares, or undefined when `q` is not a name: numbers,
 * emails and phones stay exact (a near client number is another client), and a query without
 * a word of three letters is too short to be close to anything in particular.
 */
export function tolerantName(q: string | undefined): string | undefined {
  const words = searchWords(q);
  if (!words.some((word) => /\p{L}{3}/u.test(word)) || words.some((word) => /[\d@]/.test(word))) return undefined;
  return words.join(' ');
}

/** Edits allowed between the query and a name: one up to four letters, two up to ten, then three. */
export function editBound(name: string): number {
  return name.length <= 4 ? 1 : name.length <= 10 ? 2 : 3;
}

/**
 * Close by spelling: a trigram match on search_text (strict_word_similarity, whole words, at
 * pg_trgm's 0.5 threshold, served by clients_search_text_trgm) within editBound() of the last
 * name, the first name or both in either order (a caller who swaps them).
 */
function similarSql(knex: Knex, name: string): Knex.Raw {
  const bound = editBound(name);
  const folded = foldedText(knex, name);
  const distances = FORMS.map((form) => `levenshtein_less_equal(?, ${form}, ${bound})`).join(', ');
  return knex.raw(`(? <<% c.search_text AND least(${distances}) <= ${bound})`, [folded, ...FORMS.map(() => folded)]);
}

/** The typed text folded as search_text is (accents and case), bound, never spliced into the SQL. */
function foldedText(knex: Knex, text: string): Knex.Raw {
  return knex.raw('f_unaccent(lower(?))', [text]);
}

/**
 * Close by sound (clients_sound_keys, keys marked L last name, F first name): one word's key in
 * either name; two words, one in each name in either order (a caller who swaps them) or both
 * in the last name; more words, each one's key in either name.
 */
function soundSql(knex: Knex, name: string): Knex.Raw {
  const keys = name
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => knex.raw('public.f_soundex_fr(?)', [word]));
  if (!keys.length) return knex.raw('false');
  const marked = (...pairs: Array<['L' | 'F', Knex.Raw]>) =>
    knex.raw(
      `c.sound_keys @> ARRAY[${pairs.map(([role]) => `'${role}' || ?`).join(', ')}]`,
      pairs.map(([, key]) => key),
    );
  const either = (key: Knex.Raw) => knex.raw(`c.sound_keys && ARRAY['L' || ?, 'F' || ?]`, [key, key]);
  const [first, second] = keys;
  const condition =
    keys.length === 2
      ? knex.raw('(? OR ? OR (? <> ? AND ?))', [marked(['L', first], ['F', second]), marked(['L', second], ['F', first]), first, second, marked(['L', first], ['L', second])])
      : knex.raw(keys.map(() => '?').join(' AND '), keys.map(either));
  // A word without letters has no key ('L' alone is no one's): no match by sound then.
  return knex.raw(`(${keys.map(() => `? <> ''`).join(' AND ')} AND ?)`, [...keys, condition]);
}

/** A name close to `name` by spelling or by sound (the list search's tolerant rule, alone). */
export function closeNameSql(knex: Knex, name: string) {
  return knex.raw('(? OR ?)', [similarSql(knex, name), soundSql(knex, name)]);
}

/** Trigram similarity of `name` to the client's last name, first name or both (0 to 1). */
export function closenessSql(knex: Knex, name: string): Knex.Raw {
  const folded = foldedText(knex, name);
  const forms = FORMS.slice(0, 3);
  return knex.raw(
    `greatest(${forms.map((form) => `similarity(?, ${form})`).join(', ')})`,
    forms.map(() => folded),
  );
}

function tolerantRank(knex: Knex, name: string): Knex.Raw {
  const folded = foldedText(knex, name);
  const edits = `least(${FORMS.map((form) => `levenshtein_less_equal(?, ${form}, 5)`).join(', ')}, 5)`;
  return knex.raw(`5 + 0.1 * ${edits} + CASE WHEN ? THEN 0 ELSE 0.05 END + 0.01 * (1 - ?)`, [...FORMS.map(() => folded), soundSql(knex, name), closenessSql(knex, name)]);
}

/**
 * The list search widened to the clients whose names are close to `q` (see tolerantName()).
 * Sound before spelling: PostgreSQL tests an OR's terms in order, and a common name's sound
 * matches (thousands of them) then skip the costlier trigram test.
 */
export function applyTolerantSearch(knex: Knex, query: Knex.QueryBuilder, q: string, name: string) {
  return query.where((either) =>
    either
      .where((exact) => applySearch(exact, q))
      .orWhere(soundSql(knex, name))
      .orWhere(similarSql(knex, name)),
  );
}

/** A search's order (`orderBy`) and the SQL of why each row matched (`matchedBy`). */
export interface SearchRanking {
  orderBy: Knex.Raw;
  matchedBy: Knex.Raw;
}

/**
 * The SQL of why a row matched and of its rank: 0 number, 1 email, 2 phone, 3 name, 4 prefix
 * (any other exact match), then the tolerant rows closest first: fewest edits to a name form,
 * then a same sound before none, then trigram similarity; name order within. `exactIds`: with
 * tolerant rows, the exact matches' ids (fewer than TOLERANT_BELOW), which tell them apart.
 */
export function searchRanking(knex: Knex, q: string, exactIds?: number[]): SearchRanking {
  const trimmed = q.trim();
  const name = searchWords(q).join(' ');
  const phones = phoneSearchDigits(trimmed);
  const exact = exactIds === undefined ? knex.raw('true') : exactIds.length ? knex.raw('c.id = ANY(?::int[])', [exactIds.map(Number)]) : knex.raw('false');
  const kind = (tolerant: Knex.Raw) =>
    knex.raw(
      `CASE WHEN c.client_number_key = ? THEN 0
      WHEN lower(c.email) = ? THEN 1
      WHEN c.phone_digits = ANY(?::text[]) THEN 2
      WHEN ? IN (${FORMS.join(', ')}) THEN 3
      WHEN ? THEN 4
      ELSE ? END`,
      [numberKey(trimmed), normaliseEmail(trimmed), phones, foldedText(knex, name), exact, tolerant],
    );
  return {
    orderBy: knex.raw('ROW(?, c.sort_key)', [kind(tolerantRank(knex, name))]),
    matchedBy: knex.raw(`(ARRAY[${MATCHED_BY.map((label) => `'${label}'`).join(', ')}])[(?) + 1]`, [kind(knex.raw('CASE WHEN ? THEN 5 ELSE 6 END', [similarSql(knex, name)]))]),
  };
}
