import { z } from 'zod';
import { cleanMultilineText, stripInvisible } from '../../shared/contactDetails';
import { MONEY, parseDecimal, type DecimalProblem } from '../../shared/decimalText';
import type { MessageCode } from '../../shared/messages/message';
import { customIssue, fieldIssue, type LabelCode } from '../../shared/messages/zodIssues';
import { POSTGRES_INT_MAX } from '../http/simpleRest';

/**
 * Field schemas shared by the contracts and commissions forms. Each refuses, with a coded
 * message, what PostgreSQL would refuse with a 500: NUL characters in text (22021), ids past
 * `integer` (22003), impossible dates (22008), amounts past numeric(14,2) (22003).
 */

const NUL = '\u0000';

/** '' and whitespace (or invisible characters alone) mean "no value"; an absent key means "unchanged" (on update). */
export const blankToNull = (value: unknown) => (typeof value === 'string' && stripInvisible(value).trim() === '' ? null : value);

const text = (max: number, label: LabelCode) =>
  z
    .string({ error: fieldIssue('field.notText', label) })
    .refine((v) => !v.includes(NUL), fieldIssue('field.nulCharacter', label))
    // Invisible characters (zero-width, bidirectional overrides…) go: see shared/contactDetails.ts.
    .transform(cleanMultilineText)
    .pipe(z.string().max(max, fieldIssue('field.tooLong', label, { max: String(max) })));

export const requiredText = (max: number, label: LabelCode) => z.preprocess((v) => (v == null ? '' : v), text(max, label).pipe(z.string().min(1, fieldIssue('field.required', label))));

export const optionalText = (max: number, label: LabelCode) => z.preprocess(blankToNull, text(max, label).nullable().optional());

/**
 * A record id as a form sends it (a number or a string of decimal digits), within PostgreSQL's
 * integer. No general coercion: `true`, `[5]`, `0x10` or `1e3` are not ids.
 */
export const recordIdField = (label: LabelCode) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^[0-9]+$/.test(v) ? Number(v) : v),
    z
      .number({ error: fieldIssue('field.invalidId', label) })
      .int(fieldIssue('field.invalidId', label))
      .positive(fieldIssue('field.invalidId', label))
      .max(POSTGRES_INT_MAX, fieldIssue('field.invalidId', label)),
  );

export const optionalRecordId = (label: LabelCode) => z.preprocess(blankToNull, recordIdField(label).nullable().optional());

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD (2026-02-30 is refused), between 1900 and 2199. */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1900 && year <= 2199 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export const isoDate = (label: LabelCode) =>
  z
    .string({ error: fieldIssue('field.dateExpected', label) })
    .trim()
    .refine(isIsoDate, fieldIssue('field.realDate', label));

export const optionalIsoDate = (label: LabelCode) => z.preprocess(blankToNull, isoDate(label).nullable().optional());

/** numeric(14,2): twelve digits before the decimal point, two after. */
const AMOUNT_MAX = 999_999_999_999.99;

const AMOUNT_PROBLEMS: Record<DecimalProblem, MessageCode> = {
  notNumber: 'field.amountNotNumber',
  mixedMarks: 'field.amountMixedMarks',
  tooManyDecimals: 'field.amountTooManyDecimals',
  notWhole: 'field.wholeNumber',
  tooLarge: 'field.amountTooPrecise',
};

/**
 * An amount in euros, kept exact: answered as a decimal string ("1234.50") that PostgreSQL
 * stores as numeric without any float rounding. A text is read as the admin's inputs read it
 * (shared/decimalText.ts: "1234,56", "1 234,56", "1234.56"), anything else is refused; a JSON
 * number is accepted when it has at most two decimals (0.1 + 0.2 is refused rather than rounded).
 */
export const amountField = (label: LabelCode) =>
  z.union([z.number(), z.string()], { error: fieldIssue('field.numberExpected', label) }).transform((value, ctx) => {
    let decimal: string;
    if (typeof value === 'number') {
      if (!Number.isFinite(value) || Math.abs(value) > AMOUNT_MAX || Number(value.toFixed(2)) !== value) {
        ctx.addIssue(customIssue({ code: 'field.amountTooPrecise', params: { field: { code: label } } }));
        return z.NEVER;
      }
      decimal = value.toFixed(2);
    } else {
      const reading = parseDecimal(value, MONEY);
      if (!reading.ok || reading.value === null) {
        ctx.addIssue(customIssue({ code: reading.ok ? 'field.required' : AMOUNT_PROBLEMS[reading.problem], params: { field: { code: label } } }));
        return z.NEVER;
      }
      decimal = reading.value;
    }
    if (Number(decimal) === 0) {
      ctx.addIssue(customIssue({ code: 'field.amountZero', params: { field: { code: label } } }));
      return z.NEVER;
    }
    return normaliseDecimal(decimal);
  });

/** "12.5" → "12.50", "-12" → "-12.00": the form numeric(14,2) answers. */
function normaliseDecimal(decimal: string): string {
  const negative = decimal.startsWith('-');
  const [whole, fraction = ''] = decimal.replace('-', '').split('.');
  return `${negative ? '-' : ''}${whole}.${fraction.padEnd(2, '0')}`;
}
