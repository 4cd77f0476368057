import type { Knex } from 'knex';
import type { ListQuery } from '../../http/simpleRest';
import type { Page } from '../../listing/listPage';
import type { ClientFilter } from '../clientSchemas';
import { TOLERANT_BELOW, searchRanking, tolerantName, type MatchedBy, type SearchRanking } from './tolerantSearch';

/**
 * The Clients list's search (`q`), from what is typed to the ranked page. Start here.
 *
 * 1. Words (searchWords.ts): the typed text cut into at most 8 words, each of which must match;
 *    a phone typed with separators stays one term.
 * 2. Exact matching (exactSearch.ts): each word is a substring, accents and case ignored, of
 *    the stored `search_text` (last name, first name, number, email: a generated column under
 *    the trigram indexes clients_search_text_trgm and clients_search_inner_trgm), or of the
 *    phone digits (`phone_digits`, clients_phone_digits_trgm), or of a number the client absorbed
 *    in a merge (client_aliases). A word of one or two letters matches the start of a field
 *    instead (f_search_starts, index clients_search_starts).
 * 3. Ranking (tolerantSearch.ts, searchRanking): sorted by `relevance`, rows come as exact client
 *    number, exact email, exact phone, exact name, other exact matches, each row saying why
 *    (`matchedBy`); in name order within (`sort_key`, French order, index clients_sort_key).
 * 4. Tolerance (tolerantSearch.ts): when the exact matches are fewer than TOLERANT_BELOW and the
 *    text is a name, the same request also returns the clients whose names are close: by
 *    spelling (pg_trgm's strict word similarity on search_text, within an edit bound of the
 *    stored folded names `last_name_folded` / `first_name_folded`) or by French sound (Soundex2
 *    keys of every name word, `sound_keys`, index clients_sound_keys). The create form's
 *    "may already exist" warning uses the same rule (../clientSimilar.ts).
 * 5. Many matches (../../listing/listPage.ts and exactSearch.ts broadSearchPage): past
 *    WHOLE_MATCHES_LIMIT matches the page is read in name order without reading every match,
 *    and the total stops at COUNT_CAP ("more than").
 *
 * Every generated column above is computed by PostgreSQL on every write, whoever the writer
 * (API, import worker, merge, anonymisation); migrations/schema.sql shows them, and
 * docs/database.md says why they live there.
 */
export { applySearch, broadSearchPage, knownSearchMatches } from './exactSearch';
export { applyTolerantSearch, closeNameSql, closenessSql, type MatchedBy, type SearchRanking } from './tolerantSearch';

/** How the search reads a page of the list: the list's own engine, with the search's order and rule. */
export interface SearchPages<R> {
  page(query: ListQuery<ClientFilter>, ranking: SearchRanking, ranked: boolean, tolerant?: string): Promise<Page<R>>;
  /** The ids of every client matching the filter exactly (fewer than TOLERANT_BELOW when asked). */
  exactIds(filter: ClientFilter): Promise<number[]>;
}

/**
 * A searched list: exact matches, ranked when sorted by `relevance`; then, when they are few and
 * the text is a name, the same page widened to the close names, the exact ones first.
 */
export async function searchList<R>(knex: Knex, query: ListQuery<ClientFilter>, pages: SearchPages<R & { matchedBy?: MatchedBy }>) {
  const q = query.filter.q!;
  const ranked = query.sort.field === 'relevance';
  if (ranked) query = { ...query, sort: { field: 'relevance', order: 'ASC' } };
  const exact = await pages.page(query, searchRanking(knex, q), ranked);
  const name = tolerantName(q);
  if (!ranked || !name || exact.total >= TOLERANT_BELOW) return exact;
  return pages.page(query, searchRanking(knex, q, await pages.exactIds(query.filter)), true, name);
}
