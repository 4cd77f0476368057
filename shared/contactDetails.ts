import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';

/**
 * Normalisation of what identifies or reaches a client, shared by the API and the import
 * so that a client typed by hand and the same client read from a statement look the same.
 */
export const DEFAULT_PHONE_COUNTRY: CountryCode = 'FR';

/**
 * Characters that show nothing, or that change how the text around them is shown: format
 * characters (zero-width space and joiners, the word joiner, the byte-order mark, the soft
 * hyphen, bidirectional marks, embeddings, overrides such as U+202E and isolates, tag
 * characters), controls other than white space, variation selectors, the combining grapheme
 * joiner and the blank "letters" (Hangul fillers, Khmer inherent vowels, the braille blank).
 * A name or a number holding them looks like another one, or reads backwards
 * (`…‮txt.exe.xlsx`). The same list is in the database's f_number_key (migration
 * 20261202_02_number_keys): a test compares the two.
 */
// Control and combining code points are the point of this class: each is matched on its own.
export const INVISIBLE_CHARACTERS =
  // eslint-disable-next-line no-control-regex, no-misleading-character-class
  /[\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u2800\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF9-\uFFFB\u{E0000}-\u{E007F}\u{E0100}-\u{E01EF}]/gu;

/** White space, collapsed to one space (the same class in f_number_key). */
const WHITE_SPACE = /[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+/g;

/** The text without its invisible characters (see INVISIBLE_CHARACTERS). */
export function stripInvisible(input: string): string {
  return input.replace(INVISIBLE_CHARACTERS, '');
}

/**
 * A line of text as the product stores it: invisible characters removed, composed (NFC: an "é"
 * typed as e + accent is the same "é"), white space collapsed, trimmed.
 */
export function cleanText(input: string): string {
  return stripInvisible(input).normalize('NFC').replace(WHITE_SPACE, ' ').trim();
}

/** Free text that may hold line breaks (an address, a label): invisible characters removed, NFC, trimmed. */
export function cleanMultilineText(input: string): string {
  return stripInvisible(input).normalize('NFC').trim();
}

/** E.164 (`+33612345678`) for a valid number, `undefined` when it cannot be a phone number. */
export function normalisePhone(input: string, country: CountryCode = DEFAULT_PHONE_COUNTRY): string | undefined {
  const phone = parsePhoneNumberFromString(stripInvisible(input).trim(), country);
  return phone?.isValid() ? phone.number : undefined;
}

/**
 * Client and contract numbers are identifiers: stored cleaned (cleanText), case and spelling kept,
 * and compared by numberKey.
 */
export function normaliseClientNumber(input: string): string {
  return cleanText(input);
}
export const normaliseContractNumber = normaliseClientNumber;

/**
 * What two client (or contract) numbers are compared on, here and in the database
 * (clients.client_number_key, client_aliases.client_number_key and contracts.contract_number_key
 * are f_number_key(number), under their UNIQUE constraints): compatibility-composed (NFKC:
 * fullwidth digits, ligatures, no-break spaces and the like become their plain forms), invisible
 * characters removed, white space collapsed and trimmed, lower-cased letter by letter (simple
 * case mapping, as PostgreSQL's lower(): "İ" is "i", a final "Σ" is "σ").
 */
export function numberKey(input: string): string {
  const plain = stripInvisible(input.normalize('NFKC')).replace(WHITE_SPACE, ' ').trim();
  let key = '';
  for (const character of plain) key += character === '\u0130' ? 'i' : character.toLowerCase();
  return key;
}

export function normaliseEmail(input: string): string {
  return stripInvisible(input).trim().toLowerCase();
}

const emailShape = z.email();
export function isEmail(value: string): boolean {
  return emailShape.safeParse(value).success;
}

/** A person's name: cleaned (invisible characters removed, NFC, inner white space collapsed, trimmed). */
export function normaliseName(input: string): string {
  return cleanText(input);
}

/**
 * Digits a user may type to find a phone number: `06 12 34` also matches the stored
 * `+33612…`, hence the national-prefix variant.
 */
export function phoneSearchDigits(query: string): string[] {
  const digits = query.replace(/\D/g, '');
  if (digits.length < 3 || digits.length < query.replace(/[\s.+\-()]/g, '').length) return [];
  return digits.startsWith('0') && digits.length > 1 ? [digits, `33${digits.slice(1)}`] : [digits];
}
