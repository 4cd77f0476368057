import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';

/**
 * Normalisation of what identifies or reaches a client, shared by the API and the import
 * so that a client typed by hand and the same client read from a statement look the same.
 */
export const DEFAULT_PHONE_COUNTRY: CountryCode = 'FR';

/** E.164 (`+33612345678`) for a valid number, `undefined` when it cannot be a phone number. */
export function normalisePhone(input: string, country: CountryCode = DEFAULT_PHONE_COUNTRY): string | undefined {
  const phone = parsePhoneNumberFromString(input.trim(), country);
  return phone?.isValid() ? phone.number : undefined;
}

/** Client numbers are identifiers: trimmed, inner spaces kept, case kept (compared case-insensitively). */
export function normaliseClientNumber(input: string): string {
  return input.trim();
}

export function normaliseEmail(input: string): string {
  return input.trim().toLowerCase();
}

const emailShape = z.email();
export function isEmail(value: string): boolean {
  return emailShape.safeParse(value).success;
}

/** Collapses inner whitespace of a person's name and trims it. */
export function normaliseName(input: string): string {
  return input.replace(/\s+/g, ' ').trim();
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
