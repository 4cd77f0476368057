import { withoutFormulaGuard } from '../shared/spreadsheetFormulas';
import { renderMessage, type Message, type MessageCode, type MessageParams } from '../shared/messages/message';
import { dateFromSerial } from './readers/cellDates';
import type { StatementCell, UncomputedFormula } from './readers/statementWorkbook';
import { withoutAccents } from '../shared/accentFolding';

/**
 * Reading one cell of an insurer's statement, as any reader gives it (statementWorkbook.ts):
 * text, a number, a boolean, a Date, a formula without value, an error. Everything here is pure
 * so that the messy cases are unit-tested without a workbook.
 */

type CellInput = StatementCell | undefined;

/** The cell's value down to a primitive; formulas without value and errors hold none. */
export function primitiveOf(value: CellInput): string | number | boolean | Date | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  return null;
}

/** A formula saved without its computed value: nothing to read, and the file must say so. */
export function isUncomputedFormula(value: CellInput): value is UncomputedFormula {
  return typeof value === 'object' && value !== null && !(value instanceof Date) && 'formula' in value;
}

/** 4567 → "4567", 1e21 stays readable: identifiers typed as numbers keep all their digits. */
function numberText(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return value.toFixed(0);
  return String(value);
}

export function formatFrenchDate(date: Date): string {
  const dd = String(date.getUTCDate()).padStart(2, '0');
  const mm = String(date.getUTCMonth() + 1).padStart(2, '0');
  return `${dd}/${mm}/${date.getUTCFullYear()}`;
}

/** A cell as text, trimmed; `null` when it holds nothing. */
export function cellText(value: CellInput): string | null {
  const primitive = primitiveOf(value);
  if (primitive === null) return null;
  let text: string;
  if (typeof primitive === 'number') text = numberText(primitive);
  else if (primitive instanceof Date) text = Number.isNaN(primitive.getTime()) ? '' : formatFrenchDate(primitive);
  else text = String(primitive);
  // NUL characters (an XML escape a generator let through) cannot be stored by PostgreSQL and
  // carry nothing. Non-breaking and narrow spaces are common in exported statements; trim them too.
  // eslint-disable-next-line no-control-regex -- NUL is what this removes
  text = text.replace(/\u0000/g, '').replace(/^[\s\u00a0\u202f]+|[\s\u00a0\u202f]+$/g, '');
  // A rejected-rows workbook fixed and sent again carries the formula guard's apostrophe.
  text = withoutFormulaGuard(text);
  return text === '' ? null : text;
}

/** What the error report writes back for a cell: numbers stay numbers, dates become dd/mm/yyyy. */
export function reportValue(value: CellInput): string | number | null {
  const primitive = primitiveOf(value);
  if (typeof primitive === 'number') return primitive;
  if (typeof primitive === 'boolean') return primitive ? 'VRAI' : 'FAUX';
  return cellText(primitive);
}

/** A value read, or why it cannot be (a message code and its values, with the French sentence). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: Message; message: string };

export function failure(code: MessageCode, params?: MessageParams): { ok: false; error: Message; message: string } {
  const error: Message = params ? { code, params } : { code };
  return { ok: false, error, message: renderMessage(error, 'fr') };
}

const MAX_AMOUNT = 1e12; // numeric(14,2)

/**
 * Amounts as insurers write them: numbers, `1 234,56`, `1 234,56 €` (with non-breaking
 * spaces), `-12,50`, `(12,50)`, `1.234,56`, `1,234.56`, read exactly: a text with more than two
 * decimals, or a number that is not a whole number of cents once binary noise is set aside, is
 * refused rather than rounded (`1,234` may be 1.234 or 1 234). The value is the amount's exact
 * decimal text with two decimals (`1234.50`, `-12.00`), as numeric(14,2) reads back.
 */
export function parseAmount(value: CellInput): Parsed<string> | null {
  const primitive = primitiveOf(value);
  if (primitive === null) return null;
  if (typeof primitive === 'number') return amountOfNumber(primitive);
  if (primitive instanceof Date || typeof primitive === 'boolean') {
    return failure('row.amountNotNumber', { value: cellText(primitive) ?? '' });
  }
  const original = primitive.trim();
  if (original === '') return null;
  let text = original
    .replace(/[\s\u00a0\u202f']/g, '')
    .replace(/(€|eur|euros?)$/i, '')
    .replace(/^(€|eur)/i, '');
  const unsigned = text;
  let negative = false;
  if (/^\(.*\)$/.test(text)) {
    negative = true;
    text = text.slice(1, -1);
  }
  if (text.startsWith('-') || text.startsWith('−')) {
    negative = !negative;
    text = text.slice(1);
  } else if (text.endsWith('-')) {
    negative = !negative;
    text = text.slice(0, -1);
  } else if (text.startsWith('+')) text = text.slice(1);
  // The currency may also sit inside the sign: `(€ 12,50)`, `-EUR 12,50`, `(12,50 €)`.
  if (text !== unsigned) text = text.replace(/(€|eur|euros?)$/i, '').replace(/^(€|eur)/i, '');

  const lastComma = text.lastIndexOf(',');
  const lastDot = text.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) {
    // Both separators: the last one is the decimal mark, the other groups thousands.
    text = lastComma > lastDot ? text.replace(/\./g, '').replace(',', '.') : text.replace(/,/g, '');
  } else if (lastComma >= 0) {
    // French statements: the comma is the decimal mark.
    if (text.indexOf(',') !== lastComma) return invalidAmount(original);
    text = text.replace(',', '.');
  } else if (lastDot >= 0 && text.indexOf('.') !== lastDot) {
    // 1.234.567: dots grouping thousands.
    if (!/^\d{1,3}(\.\d{3})+$/.test(text)) return invalidAmount(original);
    text = text.replace(/\./g, '');
  }
  const parts = /^(\d*)(?:\.(\d+))?$/.exec(text);
  if (!parts || (parts[1] === '' && parts[2] === undefined)) return invalidAmount(original);
  const [, units, decimals = ''] = parts;
  if (decimals.length > 2) return failure('row.amountTooPrecise', { value: original });
  if (units.replace(/^0+/, '').length > 12) return failure('row.amountOutOfRange', { value: original });
  const cents = Number(units || '0') * 100 + Number(decimals.padEnd(2, '0'));
  return boundedAmount(negative ? -cents : cents, original);
}

function invalidAmount(original: string): Parsed<string> {
  return failure('row.amountInvalid', { value: original });
}

/** A number cell: a whole number of cents, give or take the binary noise of a computed value. */
function amountOfNumber(amount: number): Parsed<string> {
  const original = numberText(amount);
  if (!Number.isFinite(amount)) return failure('row.amountOutOfRange', { value: original });
  const cents = amount * 100;
  const whole = Math.round(cents);
  if (Math.abs(cents - whole) > Math.max(1e-7, Math.abs(cents) * 8 * Number.EPSILON)) return failure('row.amountTooPrecise', { value: original });
  return boundedAmount(whole, original);
}

function boundedAmount(cents: number, original: string): Parsed<string> {
  if (Math.abs(cents) >= MAX_AMOUNT * 100) return failure('row.amountOutOfRange', { value: original });
  return { ok: true, value: centsText(cents) };
}

/** Whole cents (under 10^14, exact as a double) as decimal text, digit by digit: -1250 → "-12.50", -0 → "0.00". */
function centsText(cents: number): string {
  const digits = Math.abs(cents).toFixed(0).padStart(3, '0');
  return `${cents < 0 ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

function isoDate(year: number, month: number, day: number): string | null {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  date.setUTCFullYear(year);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function isoOfDate(date: Date): string | null {
  return Number.isNaN(date.getTime()) ? null : isoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/** A serial day number in the workbook's date system (1904 for old Mac workbooks). */
function fromSerial(serial: number, date1904: boolean): string | null {
  if (!Number.isFinite(serial) || serial < 1) return null;
  const date = dateFromSerial(Math.floor(serial), date1904);
  return date ? isoOfDate(date) : null;
}

/**
 * Dates as Date cells, Excel serial numbers, `dd/mm/yyyy` (also `-` or `.`), `dd/mm/yy`,
 * `yyyy-mm-dd`, or a period `mm/yyyy` (its first day). Returns `YYYY-MM-DD`.
 */
export function parseStatementDate(value: CellInput, options: { date1904?: boolean } = {}): Parsed<string> | null {
  const primitive = primitiveOf(value);
  if (primitive === null) return null;
  const invalid = (shown: string): Parsed<string> => failure('row.dateInvalid', { value: shown });
  if (primitive instanceof Date) {
    const iso = isoOfDate(primitive);
    return iso ? { ok: true, value: iso } : invalid(String(primitive));
  }
  if (typeof primitive === 'number') {
    const iso = fromSerial(primitive, options.date1904 ?? false);
    return iso ? { ok: true, value: iso } : invalid(numberText(primitive));
  }
  if (typeof primitive === 'boolean') return invalid(String(primitive));
  const text = primitive.trim();
  if (text === '') return null;
  let match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(text);
  if (match) {
    const year = match[3].length === 2 ? 2000 + Number(match[3]) : Number(match[3]);
    const iso = isoDate(year, Number(match[2]), Number(match[1]));
    return iso ? { ok: true, value: iso } : invalid(text);
  }
  match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(text);
  if (match) {
    const iso = isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
    return iso ? { ok: true, value: iso } : invalid(text);
  }
  match = /^(\d{1,2})[/.-](\d{4})$/.exec(text);
  if (match) {
    const iso = isoDate(Number(match[2]), Number(match[1]), 1);
    return iso ? { ok: true, value: iso } : invalid(text);
  }
  if (/^\d{5}(\.\d+)?$/.test(text)) {
    const iso = fromSerial(Number(text), options.date1904 ?? false);
    if (iso) return { ok: true, value: iso };
  }
  return invalid(text);
}

export type ContractStatus = 'active' | 'terminated';

/**
 * Status words of insurers' statements, accents and case aside. Anything that means the contract
 * no longer runs (terminated, never took effect, surrendered, expired) is `terminated`, the one
 * inactive status of contracts.
 */
const STATUS_WORDS: Array<[RegExp, ContractStatus]> = [
  [/^(en cours|en vigueur|actif|active|ouvert|valide|vivant|in force|active|current|open)$/, 'active'],
  [
    /^(resilie|resiliee|resiliation|termine|terminee|sans effet|rachete|rachetee|rachat|rachat total|clos|close|cloture|cloturee|echu|echue|expire|expiree|annule|annulee|radie|radiee|sorti|sortie|terminated|cancelled|canceled|lapsed|surrendered|closed|expired)$/,
    'terminated',
  ],
];

/** `En cours`, `Actif` → active; `Résilié`, `Terminé`, `Sans effet`, `Racheté` → terminated. */
export function parseContractStatus(value: CellInput): Parsed<ContractStatus> | null {
  const text = cellText(value);
  if (text === null) return null;
  const plain = withoutAccents(text)
    .toLowerCase()
    .replace(/[\s\u00a0\u202f_-]+/g, ' ')
    .replace(/[.!]+$/, '')
    .trim();
  const found = STATUS_WORDS.find(([pattern]) => pattern.test(plain));
  if (found) return { ok: true, value: found[1] };
  return failure('row.statusUnknown', { value: text });
}
