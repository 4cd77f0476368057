/**
 * French phonetic key of a name: Soundex2 (Frédéric Brouard's French Soundex), without its
 * final cut to four letters, which at a million clients puts far too many names under one key.
 * The database keeps its own copy of these rules (public.f_soundex_fr, migration
 * 20261203_03): the key is indexed there and computed on every write, whoever the writer, and
 * test/api/tolerantSearch.test.ts checks both give the same key. This copy serves the unit
 * tests and the quality bench, which reason about keys without a database.
 */

const GROUPS: Array<[RegExp, string]> = [
  [/GUI/g, 'KI'],
  [/GUE/g, 'KE'],
  [/GA/g, 'KA'],
  [/GO/g, 'KO'],
  [/GU/g, 'K'],
  [/CA/g, 'KA'],
  [/CO/g, 'KO'],
  [/CU/g, 'KU'],
  [/Q/g, 'K'],
  [/CC/g, 'K'],
  [/CK/g, 'K'],
];

const PREFIXES: Array<[string, string]> = [
  ['MAC', 'MCC'],
  ['ASA', 'AZA'],
  ['KN', 'NN'],
  ['PF', 'FF'],
  ['SCH', 'SSS'],
  ['PH', 'FF'],
];

/** Upper case, accents and ligatures folded, letters A–Z only (as unaccent then upper). */
export function foldLetters(word: string): string {
  return word
    .replace(/œ/g, 'oe')
    .replace(/Œ/g, 'OE')
    .replace(/æ/g, 'ae')
    .replace(/Æ/g, 'AE')
    .replace(/ß/g, 'ss')
    .replace(/[øØ]/g, 'o')
    .replace(/[łŁ]/g, 'l')
    .replace(/[đĐ]/g, 'd')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z]/g, '');
}

/** The Soundex2 key of one word ('' for a word without letters). */
export function soundexFr(word: string): string {
  let code = foldLetters(word);
  if (!code) return '';
  for (const [pattern, replacement] of GROUPS) code = code.replace(pattern, replacement);
  code = code[0] + code.slice(1).replace(/[EIOU]/g, 'A');
  for (const [prefix, replacement] of PREFIXES) if (code.startsWith(prefix)) code = replacement + code.slice(prefix.length);
  code = code.replace(/([^CS])H/g, '$1');
  code = code.replace(/([^A])Y/g, '$1');
  code = code.replace(/[ATDS]$/, '');
  code = code[0] + code.slice(1).replace(/A/g, '');
  return code.replace(/(.)\1+/g, '$1');
}

/** The keys of every word of a name ("Le Gall", "Jean-Pierre"), as the database indexes them: L last, F first. */
export function soundKeys(last: string | null | undefined, first: string | null | undefined): string[] {
  const keys = (name: string | null | undefined, role: string) =>
    (name ?? '')
      .split(/[^\p{L}]+/u)
      .map(soundexFr)
      .filter(Boolean)
      .map((key) => role + key);
  return [...keys(last, 'L'), ...keys(first, 'F')];
}
