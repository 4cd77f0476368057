/** At most this many words of a search are used: each one is a condition of the query. */
export const MAX_SEARCH_WORDS = 8;

/**
 * The words of a list search (`q`), all of which must match a client. A phone number typed with
 * spaces, dots, dashes or brackets ("06 12 34 56 78") stays one term, without its separators.
 * Pure, so the splitting rules are unit-tested (and mutation-tested) apart from the SQL.
 */
export function searchWords(q: string | undefined): string[] {
  const trimmed = (q ?? '').trim();
  if (/^[\d\s.+\-()]+$/.test(trimmed) && trimmed.replace(/\D/g, '').length >= 3) return [trimmed.replace(/[\s.()]/g, '')];
  return trimmed.split(/\s+/).filter(Boolean).slice(0, MAX_SEARCH_WORDS);
}
