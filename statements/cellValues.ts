import type { CellValue } from 'exceljs';
import { withoutFormulaGuard } from '../shared/spreadsheetFormulas';

/**
 * Reading one cell of an insurer's statement. Cells arrive as exceljs gives them: strings,
 * numbers, Dates, formulas (their cached result counts), rich text, hyperlinks, errors.
 * Everything here is pure so that the messy cases are unit-tested without a workbook.
 */

/** The value a formula, a rich text or a hyperlink stands for, down to a primitive. */
export function primitiveOf(value: CellValue | undefined): string | number | boolean | Date | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('result' in value || 'formula' in value || 'sharedFormula' in value) {
      // A formula whose result was never cached (e.g. written by a script) has no value to import.
      const result = (value as { result?: unknown }).result;
      if (result !== null && typeof result === 'object' && 'error' in (result as object)) return null;
      return primitiveOf(result as CellValue);
    }
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((run) => run.text ?? '').join('');
    if ('hyperlink' in value || 'text' in value) return primitiveOf((value as { text?: CellValue }).text ?? null);
    if ('error' in value) return null;
  }
  return null;
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
export function cellText(value: CellValue | undefined): string | null {
  const primitive = primitiveOf(value);
  if (primitive === null) return null;
  let text: string;
  if (typeof primitive === 'number') text = numberText(primitive);
  else if (primitive instanceof Date) text = Number.isNaN(primitive.getTime()) ? '' : formatFrenchDate(primitive);
  else text = String(primitive);
  // NUL characters (an XML escape a generator let through) cannot be stored by PostgreSQL and
  // carry nothing. Non-breaking and narrow spaces are common in exported statements; trim them too.
  text = text.replace(/\u0000/g, '').replace(/^[\s\u00a0\u202f]+|[\s\u00a0\u202f]+$/g, '');
  // A rejected-rows workbook fixed and sent again carries the formula guard's apostrophe.
  text = withoutFormulaGuard(text);
  return text === '' ? null : text;
}

/** What the error report writes back for a cell: numbers stay numbers, dates become dd/mm/yyyy. */
export function reportValue(value: CellValue | undefined): string | number | null {
  const primitive = primitiveOf(value);
  if (typeof primitive === 'number') return primitive;
  if (typeof primitive === 'boolean') return primitive ? 'VRAI' : 'FAUX';
  return cellText(primitive);
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const MAX_AMOUNT = 1e12; // numeric(14,2)

/**
 * Amounts as insurers write them: numbers, `1 234,56`, `1 234,56 €` (with non-breaking
 * spaces), `-12,50`, `(12,50)`, `1.234,56`, `1,234.56`. Returns euros rounded to the cent.
 */
export function parseAmount(value: CellValue | undefined): Parsed<number> | null {
  const primitive = primitiveOf(value);
  if (primitive === null) return null;
  if (typeof primitive === 'number') return boundedAmount(primitive, numberText(primitive));
  if (primitive instanceof Date || typeof primitive === 'boolean') {
    return { ok: false, message: `Montant invalide : « ${cellText(primitive)} » n’est pas un nombre.` };
  }
  const original = primitive.trim();
  if (original === '') return null;
  let text = original.replace(/[\s\u00a0\u202f']/g, '').replace(/(€|eur|euros?)$/i, '').replace(/^(€|eur)/i, '');
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
  text = text.replace(/(€|eur)$/i, '');

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
  if (!/^\d+(\.\d+)?$/.test(text) && !/^\.\d+$/.test(text)) return invalidAmount(original);
  const amount = Number(text) * (negative ? -1 : 1);
  return boundedAmount(amount, original);
}

function invalidAmount(original: string): Parsed<number> {
  return { ok: false, message: `Montant invalide : « ${original} » n’est pas un nombre (exemple : 1 234,56).` };
}

function boundedAmount(amount: number, original: string): Parsed<number> {
  if (!Number.isFinite(amount) || Math.abs(amount) >= MAX_AMOUNT) {
    return { ok: false, message: `Montant hors limites : « ${original} ».` };
  }
  // Rounded half away from zero to the cent; the epsilon absorbs binary noise (1.005 → 1.01).
  const cents = Math.round(Math.abs(amount) * 100 + 1e-7);
  return { ok: true, value: (Math.sign(amount) || 1) * cents / 100 };
}

const EXCEL_EPOCH_OFFSET_DAYS = 25569; // 1970-01-01 as an Excel (1900 system) serial
const MAX_EXCEL_SERIAL = 2958465; // 31/12/9999

function isoDate(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function fromSerial(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > MAX_EXCEL_SERIAL) return null;
  const date = new Date(Math.round((Math.floor(serial) - EXCEL_EPOCH_OFFSET_DAYS) * 86_400_000));
  return isoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/**
 * Dates as Date cells, Excel serial numbers, `dd/mm/yyyy` (also `-` or `.`), `dd/mm/yy`,
 * `yyyy-mm-dd`, or a period `mm/yyyy` (its first day). Returns `YYYY-MM-DD`.
 */
export function parseStatementDate(value: CellValue | undefined): Parsed<string> | null {
  const primitive = primitiveOf(value);
  if (primitive === null) return null;
  const invalid = (shown: string): Parsed<string> => ({ ok: false, message: `Date invalide : « ${shown} » (attendu : jj/mm/aaaa).` });
  if (primitive instanceof Date) {
    const iso = Number.isNaN(primitive.getTime()) ? null : isoDate(primitive.getUTCFullYear(), primitive.getUTCMonth() + 1, primitive.getUTCDate());
    return iso ? { ok: true, value: iso } : invalid(String(primitive));
  }
  if (typeof primitive === 'number') {
    const iso = fromSerial(primitive);
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
    const iso = fromSerial(Number(text));
    if (iso) return { ok: true, value: iso };
  }
  return invalid(text);
}

export type ContractStatus = 'active' | 'terminated';

/**
 * Status words of insurers' statements, accents and case aside. Anything that means the contract
 * no longer runs (terminated, never took effect, surrendered, expired) is `terminated`, the one
 * inactive status of contracts (issue 9).
 */
const STATUS_WORDS: Array<[RegExp, ContractStatus]> = [
  [/^(en cours|en vigueur|actif|active|ouvert|valide|vivant|in force|active|current|open)$/, 'active'],
  [
    /^(resilie|resiliee|resiliation|termine|terminee|sans effet|rachete|rachetee|rachat|rachat total|clos|close|cloture|cloturee|echu|echue|expire|expiree|annule|annulee|radie|radiee|sorti|sortie|terminated|cancelled|canceled|lapsed|surrendered|closed|expired)$/,
    'terminated',
  ],
];

/** `En cours`, `Actif` → active; `Résilié`, `Terminé`, `Sans effet`, `Racheté` → terminated. */
export function parseContractStatus(value: CellValue | undefined): Parsed<ContractStatus> | null {
  const text = cellText(value);
  if (text === null) return null;
  const plain = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\s\u00a0\u202f_-]+/g, ' ')
    .replace(/[.!]+$/, '')
    .trim();
  const found = STATUS_WORDS.find(([pattern]) => pattern.test(plain));
  if (found) return { ok: true, value: found[1] };
  return { ok: false, message: `Statut de contrat inconnu : « ${text} » (attendu : En cours, Actif, Résilié, Terminé, Sans effet, Racheté…).` };
}
