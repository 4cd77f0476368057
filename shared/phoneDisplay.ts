import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/**
 * How a stored E.164 number is shown: nationally for French numbers (06 12 34 56 78),
 * internationally otherwise (+44 20 7946 0958); anything unparsable is shown as stored.
 */
export function formatPhone(value: string | null | undefined): string {
  if (!value) return '';
  const phone = parsePhoneNumberFromString(value, 'FR');
  if (!phone) return value;
  return phone.country === 'FR' ? phone.formatNational() : phone.formatInternational();
}
