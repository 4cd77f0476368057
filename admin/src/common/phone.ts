import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

export { formatPhone } from '../../../shared/phoneDisplay';

/** Client-side check mirroring the API's (which has the last word): French numbers by default. */
export function isValidPhone(value: string): boolean {
  const phone = parsePhoneNumberFromString(value.trim(), 'FR');
  return Boolean(phone?.isValid());
}
