/**
 * A decimal number as a person types it, read exactly or refused, never approximated. One
 * reading for the admin's inputs and for the API, so that both accept and refuse the same texts:
 *
 * - the decimal mark is a comma or a point: `1234,56` and `1234.56` are both 1234.56;
 * - spaces (also U+00A0 and U+202F, which French number formatting writes) group the integer
 *   part by threes: `1 234,56`; any other space (`12 34`) is refused;
 * - one mark at most: `1.234,56`, `1,234.56` and `1.234.567` are refused, since the same keys
 *   mean thousands in one language and decimals in the other;
 * - a sign in front (`-`, the minus sign U+2212, `+`); accountants' `(12,50)` is refused
 *   rather than guessed;
 * - more decimals than the field keeps (`12,345` for an amount) is refused, never rounded; they
 *   count as typed, so `12,500` is refused too (12 500 to an English reader);
 * - a money field may end with `€` (the text the app itself shows).
 *
 * The value is the number as exact decimal text (`-1234.5`, no exponent, no float on the way).
 */

export type DecimalProblem = 'notNumber' | 'mixedMarks' | 'tooManyDecimals' | 'notWhole' | 'tooLarge';

export interface DecimalRules {
  /** Most digits after the mark: 2 for an amount in euros, 0 for a whole number. */
  fractionDigits: number;
  /** Most digits before the mark (numeric(14,2) keeps 12). */
  integerDigits?: number;
  /** An amount in euros: a trailing `€` or `EUR` is allowed. */
  money?: boolean;
}

export type DecimalReading = { ok: true; value: string | null } | { ok: false; problem: DecimalProblem };

export const MONEY: DecimalRules = { fractionDigits: 2, integerDigits: 12, money: true };
export const WHOLE_NUMBER: DecimalRules = { fractionDigits: 0, integerDigits: 9 };

const GROUP_SPACE = /[ \u00a0\u202f]/;
const PLAIN_INTEGER = /^\d*$/;
// 1 234 567: a first group of one to three digits, then groups of exactly three.
const GROUPED_INTEGER = new RegExp(`^\\d{1,3}(?:${GROUP_SPACE.source}\\d{3})+$`);
const MAX_LENGTH = 60;

/** Reads `text` under `rules`: `{ ok, value }` with null for an empty text, or the problem. */
export function parseDecimal(text: string, rules: DecimalRules): DecimalReading {
  let rest = text.trim();
  if (rest === '') return { ok: true, value: null };
  if (rest.length > MAX_LENGTH) return { ok: false, problem: 'notNumber' };
  if (rules.money) rest = rest.replace(/[ \u00a0\u202f]*(?:€|EUR)$/i, '');

  let negative = false;
  const sign = /^([-+\u2212])[ \u00a0\u202f]*/.exec(rest);
  if (sign) {
    negative = sign[1] !== '+';
    rest = rest.slice(sign[0].length);
  }

  const hasComma = rest.includes(',');
  const hasPoint = rest.includes('.');
  if (hasComma && hasPoint) return { ok: false, problem: 'mixedMarks' };
  const parts = rest.split(hasComma ? ',' : '.');
  // 1.234.567 or 1,234,567: marks grouping thousands, read one way or the other by language.
  if (parts.length > 2) return { ok: false, problem: 'mixedMarks' };
  const [integerText, fraction = ''] = parts;

  if (!PLAIN_INTEGER.test(integerText) && !GROUPED_INTEGER.test(integerText)) return { ok: false, problem: 'notNumber' };
  if (!/^\d*$/.test(fraction)) return { ok: false, problem: 'notNumber' };
  const digits = integerText.replace(new RegExp(GROUP_SPACE.source, 'g'), '');
  if (digits === '' && fraction === '') return { ok: false, problem: 'notNumber' };

  // Decimals counted as typed: "12,500" is refused, not read as 12.5 (in English it is 12500).
  const decimals = fraction;
  if (decimals.length > rules.fractionDigits) return { ok: false, problem: rules.fractionDigits === 0 ? 'notWhole' : 'tooManyDecimals' };
  const whole = digits.replace(/^0+(?=\d)/, '') || '0';
  if (rules.integerDigits !== undefined && whole.length > rules.integerDigits) return { ok: false, problem: 'tooLarge' };

  const zero = whole === '0' && /^0*$/.test(decimals);
  const value = `${negative && !zero ? '-' : ''}${whole}${decimals ? `.${decimals}` : ''}`;
  return { ok: true, value };
}

/**
 * Exact decimal text (`-1234.5`, as parseDecimal answers it, or a number) as the admin shows it
 * in an input: `-1 234,5` in French (U+202F between thousands, as Intl writes them), `-1234.5`
 * in English (no grouping: a comma there would read as decimals in French). Digits are kept as
 * they are, never through a float.
 */
export function formatDecimal(value: string | number, language: 'fr' | 'en'): string {
  // Amounts come as text; a number here is a whole-number setting, which String() writes exactly.
  const text = String(value);
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return text;
  const [, sign, whole, fraction] = match;
  if (language === 'en') return text;
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, '\u202f');
  return `${sign}${grouped}${fraction === undefined ? '' : `,${fraction}`}`;
}

/**
 * An amount's exact text (`1234.50`, as the API answers it) as a spreadsheet's number cell,
 * converted at the writer: the double nearest a value of at most 12 digits and 2 decimals shows
 * back as that text (15 significant digits).
 */
export function spreadsheetAmount(amount: string | null | undefined): number | null {
  return amount === null || amount === undefined || amount === '' ? null : Number(amount);
}
