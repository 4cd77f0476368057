import { withoutAccents } from '../../shared/accentFolding';

/**
 * How likely two clients are the same person: the one place that scores a candidate pair.
 * PostgreSQL only finds the candidates (indexed blocks: same name key, swapped name key, same
 * email, phone or address); every candidate is scored here, so the list, the import summary and
 * the tests share one rule. Pure: no database, no clock.
 */

export interface ClientIdentity {
  lastName: string | null;
  firstName: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
}

export const DUPLICATE_REASONS = ['same_name', 'swapped_names', 'similar_names', 'same_email', 'same_phone', 'same_address'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

export interface PairScore {
  score: number;
  reasons: DuplicateReason[];
}

/** Pairs scoring below this are not stored nor shown: too weak to be worth a look. */
export const STORED_SCORE_FLOOR = 40;
/** What the list shows unless the user lowers it. */
export const DEFAULT_MIN_SCORE = 50;

/** Accents, case and the typographic apostrophe aside, as f_sort_name does in SQL. */
function fold(text: string | null): string {
  return withoutAccents((text ?? '').replace(/’/g, "'").replace(/œ/g, 'oe').replace(/Œ/g, 'OE').replace(/æ/g, 'ae').replace(/Æ/g, 'AE').replace(/ß/g, 'ss').replace(/[øØ]/g, 'o')).toLowerCase();
}

/** The block key of a name, as f_dup_word in SQL: "Le Fèvre" and "LEFEVRE" are both "lefevre". */
export function nameWord(text: string | null): string {
  return fold(text).replace(/[^a-z0-9]/g, '');
}

/** Words of a name for the trigram comparison: "Jean-Pierre" is "jean pierre". */
function nameWords(text: string): string {
  return fold(text)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** pg_trgm's trigrams: each word padded with two spaces before and one after. */
function trigrams(text: string): Set<string> {
  const set = new Set<string>();
  for (const word of text.split(' ').filter(Boolean)) {
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) set.add(padded.slice(i, i + 3));
  }
  return set;
}

/** pg_trgm's similarity(): shared trigrams over all trigrams of both (0 to 1). */
export function trigramSimilarity(a: string, b: string): number {
  const ta = trigrams(nameWords(a));
  const tb = trigrams(nameWords(b));
  if (!ta.size || !tb.size) return 0;
  let shared = 0;
  for (const t of ta) if (tb.has(t)) shared++;
  return shared / (ta.size + tb.size - shared);
}

const digits = (phone: string | null) => (phone ?? '').replace(/[^0-9]/g, '');
const emailKey = (email: string | null) => (email ?? '').trim().toLowerCase();

/**
 * The score of a pair, 0 to 100, and why. The name carries most of the weight; a shared email,
 * phone or address adds to it. Two different first names sharing contact details are a family
 * (a couple's email, their home phone), never a duplicate on that alone: capped below the floor.
 */
export function scorePair(a: ClientIdentity, b: ClientIdentity): PairScore {
  const reasons: DuplicateReason[] = [];
  const [lastA, firstA, lastB, firstB] = [nameWord(a.lastName), nameWord(a.firstName), nameWord(b.lastName), nameWord(b.firstName)];
  const fullA = `${a.lastName ?? ''} ${a.firstName ?? ''}`;
  let nameScore = 0;
  if (lastA && lastA === lastB && firstA === firstB) {
    nameScore = 60;
    reasons.push('same_name');
  } else if (lastA && firstA && lastA === firstB && firstA === lastB) {
    nameScore = 55;
    reasons.push('swapped_names');
  } else {
    const similarity = Math.max(trigramSimilarity(fullA, `${b.lastName ?? ''} ${b.firstName ?? ''}`), trigramSimilarity(fullA, `${b.firstName ?? ''} ${b.lastName ?? ''}`));
    if (similarity >= 0.5) {
      nameScore = Math.min(50, Math.round(similarity * 60));
      reasons.push('similar_names');
    }
  }

  let contactScore = 0;
  if (emailKey(a.email) && emailKey(a.email) === emailKey(b.email)) {
    contactScore += 25;
    reasons.push('same_email');
  }
  if (digits(a.phone).length >= 6 && digits(a.phone) === digits(b.phone)) {
    contactScore += 25;
    reasons.push('same_phone');
  }
  if (nameWord(a.address).length >= 6 && nameWord(a.address) === nameWord(b.address)) {
    contactScore += 15;
    reasons.push('same_address');
  }

  const sameOrSwappedFirst = firstA === firstB || (firstA && firstA === lastB) || (firstB && firstB === lastA);
  const differentFirstNames = firstA !== '' && firstB !== '' && !sameOrSwappedFirst && trigramSimilarity(a.firstName ?? '', b.firstName ?? '') < 0.6;
  let score: number;
  if (differentFirstNames) score = Math.min(nameScore + contactScore, 30);
  else if (nameScore === 0) score = Math.min(contactScore, 50);
  else score = Math.min(100, nameScore + contactScore);
  return { score, reasons };
}
