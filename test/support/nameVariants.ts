/**
 * Caller-style variants of French names, as support staff type them while a client spells a
 * name on the phone: doubled or dropped letters, é/è/e, -ault/-aut/-eau, ph/f, y/i, -ez/-et,
 * swapped first and last names. Deterministic, so the quality set is the same every run.
 */
const RULES: Array<[RegExp, string]> = [
  [/ault\b/, 'aut'],
  [/aut\b/, 'ault'],
  [/eau\b/, 'aud'],
  [/ph/, 'f'],
  [/f/, 'ph'],
  [/y/, 'i'],
  [/ez\b/, 'et'],
  [/et\b/, 'ez'],
  [/[éèê]/, 'e'],
  [/e(?=[^aeiouy ]{2})/, 'é'],
  [/([lnrst])\1/, '$1'],
  [/([aeiou])([lnrst])([aeiou])/, '$1$2$2$3'],
  [/mm/, 'm'],
  [/([^aeiou ])([aeiou])([^aeiou ])/, '$1$3$2'],
];

/** One caller's slip per variant, in the last name or the first name, or the two swapped. */
export function nameVariants(last: string, first: string): string[] {
  const [lower, firstLower] = [last.toLowerCase(), first.toLowerCase()];
  const variants = new Set<string>();
  for (const [pattern, replacement] of RULES) {
    const changed = lower.replace(pattern, replacement);
    if (changed !== lower) variants.add(`${changed} ${firstLower}`);
    const changedFirst = firstLower.replace(pattern, replacement);
    if (changedFirst !== firstLower) variants.add(`${lower} ${changedFirst}`);
  }
  variants.add(`${first} ${last}`);
  return [...variants];
}

/** Pairs (query, "Last First") checked by the test suite; the bench's set is larger. */
export const QUALITY_SMALL: Array<[string, string]> = [
  ['Lefebvre Élodie', 'Lefèvre Élodie'],
  ['lefevre', 'Lefèvre Élodie'],
  ['lefevbre', 'Lefèvre Élodie'],
  ['Elodie Lefevre', 'Lefèvre Élodie'],
  ['Dupond', 'Dupont Jean'],
  ['dupon', 'Dupont Jean'],
  ['Dupond Jean', 'Dupont Jean'],
  ['Jean Dupond', 'Dupont Jean'],
  ['Mathieu', 'Roux Matthieu'],
  ['Matieu Roux', 'Roux Matthieu'],
  ['Rous Mathieu', 'Roux Matthieu'],
  ['Bernrad', 'Bernard Claire'],
  ['Bernart', 'Bernard Claire'],
  ['Claire Bernard', 'Bernard Claire'],
  ['Berrnard', 'Bernard Claire'],
  ['Thibaut', 'Thibault Hugo'],
  ['Tibault', 'Thibault Hugo'],
  ['Thibaud', 'Thibault Hugo'],
  ['Filippon', 'Philippon Léa'],
  ['Philipon', 'Philippon Léa'],
  ['Gomet', 'Gomez Loïc'],
  ['Gommez', 'Gomez Loïc'],
  ['Rousseaux', 'Rousseau Agnès'],
  ['Rousso', 'Rousseau Agnès'],
  ['Roussau Agnes', 'Rousseau Agnès'],
  ['Garnié', 'Garnier Yves'],
  ['Yves Garnier', 'Garnier Yves'],
  ['Garnier Ives', 'Garnier Yves'],
  ['Moreaux', 'Moreau Céline'],
  ['Morau Celine', 'Moreau Céline'],
];
