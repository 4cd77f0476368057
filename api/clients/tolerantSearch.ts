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

/**
 * Close by sound (clients_sound_keys, keys marked L last name, F first name): one word's key in
 * either name; two words, one in each name in either order (a caller who swaps them) or both
 * in the last name; more words, each one's key in either name.
 */
function soundSql(name: string) {
  const keys = name
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => `public.f_soundex_fr(${sqlText(word)})`);
  if (!keys.length) return 'false';
  const marked = (...pairs: Array<[string, string]>) => `c.sound_keys @> ARRAY[${pairs.map(([role, key]) => `'${role}' || ${key}`).join(', ')}]`;
  const either = (key: string) => `c.sound_keys && ARRAY['L' || ${key}, 'F' || ${key}]`;
  const condition =
    keys.length === 2
      ? `(${marked(['L', keys[0]], ['F', keys[1]])} OR ${marked(['L', keys[1]], ['F', keys[0]])} OR (${keys[0]} <> ${keys[1]} AND ${marked(['L', keys[0]], ['L', keys[1]])}))`
      : keys.map(either).join(' AND ');
  // A word without letters has no key ('L' alone is no one's): no match by sound then.
  return `(${keys.map((key) => `${key} <> ''`).join(' AND ')} AND ${condition})`;
}

/** A name close to `name` by spelling or by sound (the list search's tolerant rule, alone). */
export function closeNameSql(knex: Knex, name: string) {
  return knex.raw(`(${similarSql(name)} OR ${soundSql(name)})`);
}

/** Trigram similarity of `name` to the client's last name, first name or both (0 to 1). */
export function closenessSql(knex: Knex, name: string) {
  return knex.raw(closeness(name));
}

function tolerantRank(name: string) {
  const folded = `f_unaccent(lower(${sqlText(name)}))`;
  const edits = `least(${FORMS.map((form) => `levenshtein_less_equal(${folded}, ${form}, 5)`).join(', ')}, 5)`;
  return `5 + 0.1 * ${edits} + CASE WHEN ${soundSql(name)} THEN 0 ELSE 0.05 END + 0.01 * (1 - ${closeness(name)})`;
}

function closeness(name: string) {
  return `greatest(${FORMS.slice(0, 3)
    .map((form) => `similarity(f_unaccent(lower(${sqlText(name)})), ${form})`)
    .join(', ')})`;
}

/** The list search widened to the clients whose names are close to `q` (see tolerantName()). */
export function applyTolerantSearch(query: Knex.QueryBuilder, q: string, name: string) {
  return query.where((either) =>
    either
      .where((exact) => applySearch(exact, q))
      .orWhereRaw(similarSql(name))
      .orWhereRaw(soundSql(name)),
  );
}

/**
 * The SQL of why a row matched and of its rank: 0 number, 1 email, 2 phone, 3 name, 4 prefix
 * (any other exact match), then the tolerant rows closest first: fewest edits to a name form,
 * then a same sound before none, then trigram similarity; name order within. `exactIds`: with tolerant rows, the exact matches' ids
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
    orderBy: `ROW(${kind(tolerantRank(name))}, c.sort_key)`,
    matchedBy: `(ARRAY[${MATCHED_BY.map((label) => `'${label}'`).join(', ')}])[(${kind(`CASE WHEN ${similarSql(name)} THEN 5 ELSE 6 END`)}) + 1]`,
  };
}
