import type { Knex } from 'knex';
import { WHOLE_MATCHES_LIMIT, type ListTuning } from '../../listing/listTuning';
import { escapeLike } from '../../listing/likePattern';
import { estimateRows } from '../../listing/listPage';
import { phoneSearchDigits } from '../../../shared/contactDetails';
import { searchWords } from './searchWords';

/**
 * The list search (`q`): every word must match the client's name, first name, number or email
 * (a substring, case and accents ignored), its phone digits, or a number it absorbed in a merge
 * (client_aliases). A word of one or two characters matches the start of any of them instead
 * (too short for trigrams, and a substring that short would match nearly everyone).
 */
export function applySearch(query: Knex.QueryBuilder, q: string | undefined) {
  for (const word of searchWords(q)) query.where((condition) => wordMatches(condition, word, 'anywhere'));
  return query;
}

/**
 * One word's condition. `anywhere` is the search's rule. `inside` leaves out the matches at the
 * very start of search_text, i.e. at the start of the last name: together with the sort-key
 * range of that prefix (startOfLastName), it gives the same clients, each part through an index.
 */
function wordMatches(q: Knex.QueryBuilder, word: string, where: 'anywhere' | 'inside') {
  if (word.length < 3) return shortWordMatches(q, word, where);
  const pattern = escapeLike(word);
  // Same expressions as the generated search_text column and the clients_search_inner_trgm
  // index (search_text without its first character), so the trigram indexes apply.
  if (where === 'anywhere') q.whereRaw(`c.search_text LIKE '%' || f_unaccent(lower(?)) || '%'`, [pattern]);
  else q.whereRaw(`substr(c.search_text, 2) LIKE '%' || f_unaccent(lower(?)) || '%'`, [pattern]);
  for (const variant of phoneSearchDigits(word)) q.orWhere('c.phone_digits', 'like', `%${variant}%`);
  // A former number absorbed by a merge finds the client that holds it now (client_aliases).
  // An uncorrelated ARRAY(...) is computed once and probes the primary key, so the OR stays
  // a bitmap over indexes instead of turning the search into a scan of every client.
  q.orWhereRaw(`c.id = ANY(ARRAY(SELECT ca.client_id FROM client_aliases ca WHERE ca.client_number_key LIKE '%' || lower(?) || '%'))`, [pattern]);
  return q;
}

/**
 * A word of one or two characters: the start of the last name, first name, number or email
 * (folded as search_text), of the phone digits (international or French national form: "06"
 * finds +33 6…), or of an absorbed number. The fields' starts are the keys of the
 * clients_search_starts index (migrations 20261203_01 and _01b), the last name's marked '^' (left out
 * `inside`), the phone's '#': one exact index condition, which a bitmap scan does not check
 * again row by row. Keys are two characters long: a word that folds longer ("œu" is "oeu") is
 * checked again on the fields themselves (a constant test, settled at planning).
 */
function shortWordMatches(q: Knex.QueryBuilder, word: string, where: 'anywhere' | 'inside') {
  const pattern = escapeLike(word);
  const digits = /^[\d\s.+\-()]+$/.test(word) ? word.replace(/\D/g, '') : '';
  const key = 'left(f_unaccent(lower(?)), 2)';
  const keys = [...(where === 'anywhere' ? [`'^' || ${key}`] : []), key, ...(digits ? ['?'] : [])];
  const fields = [...(where === 'anywhere' ? ['c.last_name'] : []), 'c.first_name', 'c.client_number', 'c.email'];
  const longer = fields.map((field) => `f_unaccent(lower(${field})) LIKE f_unaccent(lower(?)) || '%'`).join(' OR ');
  q.whereRaw(
    `(public.f_search_starts(c.last_name, c.first_name, c.client_number, c.email, c.phone_digits) && ARRAY[${keys.join(', ')}]::text[]
      AND (length(f_unaccent(lower(?))) <= 2 OR ${longer}))`,
    [...(where === 'anywhere' ? [word] : []), word, ...(digits ? [`#${digits}`] : []), word, ...fields.map(() => pattern)],
  );
  q.orWhereRaw(`c.id = ANY(ARRAY(SELECT ca.client_id FROM client_aliases ca WHERE ca.client_number_key LIKE lower(?) || '%'))`, [pattern]);
  return q;
}

/**
 * Clients whose sort key starts with the word, in French order (f_sort_name is applied to the
 * word as to the name): the clients whose search_text starts with it, as one range of the
 * clients_sort_key index. f_unaccent(lower(x)) and f_sort_name(x) fold each character the same
 * way, so a name starting with the word by one rule starts with it by the other
 * (test/api/searchEquivalence.test.ts checks it on accents, case and apostrophes).
 */
function startOfLastName(q: Knex.QueryBuilder, word: string) {
  return q.whereRaw(`c.sort_key LIKE public.f_sort_name(?) || '%'`, [escapeLike(word)]);
}

/**
 * The first page, in name order, of a search with many matches (more than WHOLE_MATCHES_LIMIT),
 * without reading every match. The word split on is the longest one (most often the last name
 * the user is typing); its matches are those starting the last name, read from the sort-key
 * range and stopped after the page, plus those further in (name, first name, number, email,
 * phone, alias), found through clients_search_inner_trgm (clients_search_starts for a short
 * word). When that second part has more than WHOLE_MATCHES_LIMIT rows itself, answers undefined
 * and the caller reads the page another way.
 *
 * `filtered` is the whole list query (every filter, `q` included) on `clients as c`.
 */
export async function broadSearchPage<T>(
  knex: Knex,
  filtered: Knex.QueryBuilder,
  options: { q: string; matching: Promise<number>; order: 'ASC' | 'DESC'; range: { start: number; end: number }; select: (query: Knex.QueryBuilder) => Knex.QueryBuilder; tuning: ListTuning },
): Promise<T[] | undefined> {
  const words = searchWords(options.q);
  if (!words.length || options.range.end >= WHOLE_MATCHES_LIMIT) return undefined;
  const word = words.reduce((longest, w) => (w.length > longest.length ? w : longest));
  // A word found inside many names, first names or emails ("jean") is not worth splitting on:
  // the planner says so without running anything. The word's condition is estimated alone: with
  // the search's other conditions the planner multiplies selectivities as if they were
  // independent, and "jean" AND "jean" inside would look a thousand times rarer than it is.
  // Both estimates are planned at the same time.
  const inside = knex('clients as c').where((q) => wordMatches(q, word, 'inside'));
  const [matching, insideMatching] = await Promise.all([options.matching, estimateRows(inside)]);
  // A short word's condition is one key of clients_search_starts: the planner knows the common
  // keys' counts, and puts any other at 0.5 % of the table (5,000 of a million). Only a count
  // above that says the rest is too large; otherwise the split's own count of it decides.
  const tooMany = word.length < 3 ? 20 * WHOLE_MATCHES_LIMIT : 2 * WHOLE_MATCHES_LIMIT;
  // A few thousand matches are cheaper to read whole than to split.
  if (matching <= options.tuning.fewMatches || insideMatching > tooMany) return undefined;
  const order = options.order;
  const keys = () => filtered.clone().clearSelect().clearOrder().select('c.id', 'c.sort_key');
  // Enough of the prefix range to fill the page even if none of the rest comes before it.
  const atStart = startOfLastName(keys(), word)
    .orderByRaw(`c.sort_key ${order}, c.id ${order}`)
    .limit(options.range.end + 1);
  const further = keys()
    .where((q) => wordMatches(q, word, 'inside'))
    .limit(WHOLE_MATCHES_LIMIT + 1);
  const pageIds = knex
    .queryBuilder()
    .select('id')
    .from(knex.raw('(SELECT * FROM at_start UNION SELECT * FROM further) AS matches'))
    .orderByRaw(`sort_key ${order}, id ${order}`)
    .offset(options.range.start)
    .limit(options.range.end - options.range.start + 1);
  const page = options.select(filtered.clone().clearOrder()).select(knex.raw('true AS __page_row')).whereIn('c.id', pageIds).orderByRaw(`c.sort_key ${order}, c.id ${order}`);
  // One statement: the count of the second part decides whether the page is valid, and a page
  // that is empty (past the last match) still says so.
  const { rows } = await knex.raw(
    `WITH at_start AS MATERIALIZED (?), further AS MATERIALIZED (?)
     SELECT page.*, counted.further_count AS __further_count
     FROM (SELECT count(*)::int AS further_count FROM further) counted LEFT JOIN LATERAL (?) page ON true`,
    [atStart, further, page],
  );
  if (!rows.length || rows[0].__further_count > WHOLE_MATCHES_LIMIT) return undefined;
  return rows.filter((row: Record<string, unknown>) => row.__page_row).map(({ __page_row, __further_count, ...row }: Record<string, unknown>) => row as T);
}

/**
 * Clients that surely match a one-word search: those whose last name starts with the word,
 * counted up to `limit` in the sort-key index alone (no table read), where counting the search
 * itself would read as many rows from the table. Only for a search that is the list's whole
 * filter (a last name starting with the word is then a match). Undefined otherwise.
 */
export function knownSearchMatches(knex: Knex, q: string | undefined) {
  const words = searchWords(q);
  if (words.length !== 1) return undefined;
  const prefixed = (limit: number) => startOfLastName(knex('clients as c').select(knex.raw('1')), words[0]).limit(limit);
  return { exact: false, count: (limit: number) => knex.raw('(SELECT count(*) FROM (?) prefixed)', [prefixed(limit)]) };
}
