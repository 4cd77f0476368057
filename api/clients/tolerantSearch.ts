import type { Knex } from 'knex';
import { normaliseEmail, numberKey, phoneSearchDigits } from '../../shared/contactDetails';
import { applySearch } from './clientSearch';
import { searchWords } from './searchWords';

/** Below this many exact matches, a name search also returns the tolerant ones. */
export const TOLERANT_BELOW = 10;

/** What a row of a search matched by, best first (the API's `matchedBy`). */
export const MATCHED_BY = ['number', 'email', 'phone', 'name', 'prefix', 'similar', 'sound'] as const;
export type MatchedBy = (typeof MATCHED_BY)[number];

// Folded names, as search_text folds them (f_unaccent(lower(...))).
const LAST = `f_unaccent(lower(coalesce(c.last_name, '')))`;
const FIRST = `f_unaccent(lower(coalesce(c.first_name, '')))`;
const FORMS = [LAST, FIRST, `${LAST} || ' ' || ${FIRST}`, `${FIRST} || ' ' || ${LAST}`];

/**
 * A typed value as an SQL string literal. The list engine takes its order as SQL text, which
 * Knex reads again for `?` placeholders: a question mark typed by the user is spelt chr(63).
 */
export function sqlText(value: string): string {
  return `'${value.replace(/'/g, "''").replace(/\?/g, "' || chr(63) || '")}'`;
}

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
function similarSql(name: string) {
  const folded = `f_unaccent(lower(${sqlText(name)}))`;
  const bound = editBound(name);
  const distances = FORMS.map((form) => `levenshtein_less_equal(${folded}, ${form}, ${bound})`).join(', ');
  return `(${folded} <<% c.search_text AND least(${distances}) <= ${bound})`;
}

/** Close by sound: every word's Soundex2 key among the keys of the client's names (clients_sound_keys). */
function soundSql(name: string) {
  const keys = `array_remove(ARRAY[${name.split(' ').map((word) => `public.f_soundex_fr(${sqlText(word)})`).join(', ')}]::text[], '')`;
  return `(cardinality(${keys}) > 0 AND c.sound_keys @> ${keys})`;
}

/** A name close to `name` by spelling or by sound (the list search's tolerant rule, alone). */
export function closeNameSql(knex: Knex, name: string) {
  return knex.raw(`(${similarSql(name)} OR ${soundSql(name)})`);
}

/** Trigram similarity of `name` to the client's last name, first name or both (0 to 1). */
export function closenessSql(knex: Knex, name: string) {
  return knex.raw(closeness(name));
}

function closeness(name: string) {
  return `greatest(${FORMS.slice(0, 3).map((form) => `similarity(f_unaccent(lower(${sqlText(name)})), ${form})`).join(', ')})`;
}

/** The list search widened to the clients whose names are close to `q` (see tolerantName()). */
export function applyTolerantSearch(query: Knex.QueryBuilder, q: string, name: string) {
  return query.where((either) => either.where((exact) => applySearch(exact, q)).orWhereRaw(similarSql(name)).orWhereRaw(soundSql(name)));
}

/**
 * The SQL of why a row matched and of its rank: 0 number, 1 email, 2 phone, 3 name, 4 prefix
 * (any other exact match), then the tolerant rows, 5 + (1 - trigram similarity to the names),
 * closest first; name order within. `exactIds`: with tolerant rows, the exact matches' ids
 * (fewer than TOLERANT_BELOW), which tell them apart.
 */
export function searchRanking(q: string, exactIds?: number[]) {
  const trimmed = q.trim();
  const name = searchWords(q).join(' ');
  const phones = phoneSearchDigits(trimmed).map(sqlText);
  const exact = exactIds === undefined ? 'true' : exactIds.length ? `c.id IN (${exactIds.map(Number).join(', ')})` : 'false';
  const kind = (tolerant: string) => `CASE WHEN c.client_number_key = ${sqlText(numberKey(trimmed))} THEN 0
      WHEN lower(c.email) = ${sqlText(normaliseEmail(trimmed))} THEN 1
      WHEN ${phones.length ? `c.phone_digits IN (${phones.join(', ')})` : 'false'} THEN 2
      WHEN f_unaccent(lower(${sqlText(name)})) IN (${FORMS.join(', ')}) THEN 3
      WHEN ${exact} THEN 4
      ELSE ${tolerant} END`;
  return {
    orderBy: `ROW(${kind(`5 + (1 - ${closeness(name)})`)}, c.sort_key)`,
    matchedBy: `(ARRAY[${MATCHED_BY.map((label) => `'${label}'`).join(', ')}])[(${kind(`CASE WHEN ${similarSql(name)} THEN 5 ELSE 6 END`)}) + 1]`,
  };
}
