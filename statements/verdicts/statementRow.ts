import { cleanMultilineText, isEmail, normaliseClientNumber, normaliseContractNumber, normaliseEmail, normaliseName, normalisePhone } from '../../shared/contactDetails';
import { renderMessage, type Message, type MessageCode, type MessageParams } from '../../shared/messages/message';
import { cellText, isUncomputedFormula, parseAmount, parseContractStatus, parseStatementDate, type ContractStatus, type Parsed } from '../cellValues';
import type { StatementCell } from '../readers/statementWorkbook';
import { CLIENT_FIELDS, type ImportField, type ResolvedMapping } from '../mapping/columnMapping';
import { periodFirstDay, type StatementPeriod } from '../mapping/statementPeriod';
import { todayInParis } from '../../shared/intlFormats';

/** One commission line of a statement, normalised as the API would store it. */
export interface StatementLine {
  clientNumber: string | null;
  lastName: string | null;
  firstName: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  contractNumber: string | null;
  product: string | null;
  insurer: string | null;
  advisor: string | null;
  /** The contract's status as the statement says it (null: not said). */
  status: ContractStatus | null;
  /** The contract's start and end dates, YYYY-MM-DD. */
  startDate: string | null;
  endDate: string | null;
  /** The commission's date, YYYY-MM-DD. */
  date: string;
  /** Euros, exact decimal text with two decimals (`1234.50`, `-12.00`), as the cell said it. */
  amount: string;
  label: string | null;
}

export interface RowError extends Message {
  /** The column header as in the file, or null for the row as a whole. */
  column: string | null;
  /** The French sentence (kept with the rejected row; the API renders the code in the reader's language). */
  message: string;
}

export function rowError(column: string | null, code: MessageCode, params?: MessageParams): RowError {
  const message: Message = params ? { code, params } : { code };
  return { column, ...message, message: renderMessage(message, 'fr') };
}

const errorOf = (column: string | null, failed: Parsed<unknown> & { ok: false }): RowError => rowError(column, failed.error.code, failed.error.params);

/** What applies to every row of one file, besides its columns. */
export interface StatementContext {
  /** The month every line is dated with when no column gives the commission's date. */
  period?: StatementPeriod | null;
  /** The insurer of the file: the insurer of every contract whose row names none. */
  insurer?: string | null;
  /** The workbook counts its dates from 1904: a date given as a number is read in that system. */
  date1904?: boolean;
  /** Today (YYYY-MM-DD), against which commission dates are judged plausible; the real today by default. */
  today?: string;
}

/** Commission dates outside these bounds are a misread file, not a commission. */
export const EARLIEST_COMMISSION_YEAR = 1990;
export const COMMISSION_YEARS_AHEAD = 2;
export const EARLIEST_START_YEAR = 1900;

/** The latest plausible commission date: two years after today. */
export function latestCommissionDate(today: string): string {
  const [year, month, day] = today.split('-');
  return `${Number(year) + COMMISSION_YEARS_AHEAD}-${month}-${day === '29' && month === '02' ? '28' : day}`;
}

/** Why a commission date read right is still not one (before 1990, more than two years ahead). */
export function implausibleCommissionDate(date: string, today: string): boolean {
  return date < `${EARLIEST_COMMISSION_YEAR}-01-01` || date > latestCommissionDate(today);
}

const frenchDay = (iso: string) => iso.split('-').reverse().join('/');

export type StatementRow = { kind: 'empty' } | { kind: 'summary' } | { kind: 'rejected'; errors: RowError[] } | { kind: 'line'; line: StatementLine };

/** Words that start the label of a totals line ("TOTAL", "Sous-total", "Total général"...). */
const SUMMARY_LABEL = /^(sous[\s-]?)?(total|totaux)\b|^cumul\b|^report\b|^montant total\b/i;

/**
 * Reads one data row of a statement with a resolved mapping. Pure: same cells, same answer.
 * Empty rows are ignored, totals lines (no identifier, a "TOTAL" label) are skipped without
 * creating anything, and a row that cannot be imported is rejected as a whole with every
 * reason found, so that the user fixes it in one go.
 */
export function readStatementRow(cells: StatementCell[], mapping: ResolvedMapping, columns: string[], context: StatementContext = {}): StatementRow {
  // Invisible characters (zero-width, bidirectional overrides…) go, as in the API: a cell of them alone is empty.
  const texts = cells.map((cell) => {
    const raw = cellText(cell);
    const clean = raw === null ? null : cleanMultilineText(raw);
    return clean ? clean : null;
  });
  if (texts.every((text) => text === null)) return { kind: 'empty' };

  const text = (field: ImportField) => {
    const index = mapping[field];
    return index === undefined ? null : (texts[index] ?? null);
  };
  const columnOf = (field: ImportField) => {
    const index = mapping[field];
    return index === undefined ? null : (columns[index] ?? null);
  };

  const clientNumber = text('clientNumber');
  const contractNumberText = text('contractNumber');
  const contractNumber = contractNumberText ? normaliseContractNumber(contractNumberText) || null : null;
  const lastName = text('lastName');
  // "TOTAL" often sits in the first column, i.e. where the client number goes: a word of
  // the totals vocabulary is not an identifier.
  const isSummaryLabel = (value: string | null) => value !== null && SUMMARY_LABEL.test(value);
  if (texts.some(isSummaryLabel) && [clientNumber, contractNumber, lastName].every((value) => !value || isSummaryLabel(value))) {
    return { kind: 'summary' };
  }

  const errors: RowError[] = [];
  // A mapped cell holding a formula without its value: the file was never computed.
  const uncomputed = (Object.keys(mapping) as ImportField[]).find((field) => isUncomputedFormula(cells[mapping[field]!]));
  if (uncomputed) errors.push(rowError(columnOf(uncomputed), 'row.uncomputedFormula'));
  const clientColumnsMapped = CLIENT_FIELDS.some((field) => mapping[field] !== undefined);
  if (clientColumnsMapped && !clientNumber && uncomputed !== 'clientNumber') errors.push(rowError(columnOf('clientNumber'), 'row.clientNumberMissing'));
  if (!clientColumnsMapped && !contractNumber && uncomputed !== 'contractNumber') errors.push(rowError(columnOf('contractNumber'), 'row.contractNumberMissing'));

  const amountCell = mapping.amount === undefined ? undefined : cells[mapping.amount];
  const amount = parseAmount(amountCell);
  if (!amount) {
    if (uncomputed !== 'amount') errors.push(rowError(columnOf('amount'), 'row.amountMissing'));
  } else if (!amount.ok) errors.push(errorOf(columnOf('amount'), amount));

  // The commission's date: its column, else the statement's period (resolveMapping asks for one of them).
  const date = mapping.date === undefined ? (context.period ? ({ ok: true, value: periodFirstDay(context.period) } as const) : null) : parseStatementDate(cells[mapping.date], context);
  const today = context.today ?? todayInParis();
  if (!date) {
    if (uncomputed !== 'date') errors.push(rowError(columnOf('date'), 'row.dateMissing'));
  } else if (!date.ok) errors.push(errorOf(columnOf('date'), date));
  else if (implausibleCommissionDate(date.value, today)) {
    errors.push(rowError(columnOf('date'), 'row.commissionDateImplausible', { date: frenchDay(date.value), maxYear: Number(latestCommissionDate(today).slice(0, 4)) }));
  }

  const contract = readContractTerms(cells, mapping, columnOf, errors, context);

  let email = text('email');
  if (email) {
    email = normaliseEmail(email);
    if (!isEmail(email)) errors.push(rowError(columnOf('email'), 'row.emailInvalid', { value: text('email') ?? '' }));
  }
  let phone = text('phone');
  if (phone) {
    const normalised = normalisePhone(phone);
    if (!normalised) errors.push(rowError(columnOf('phone'), 'row.phoneInvalid', { value: phone }));
    phone = normalised ?? null;
  }

  for (const [field, max] of [
    ['clientNumber', 100],
    ['lastName', 200],
    ['firstName', 200],
    ['contractNumber', 200],
  ] as const) {
    const value = text(field);
    if (value && value.length > max) errors.push(rowError(columnOf(field), 'row.tooLong', { max }));
  }

  if (errors.length || !amount?.ok || !date?.ok) return { kind: 'rejected', errors };
  const name = (field: ImportField) => {
    const value = text(field);
    return value ? normaliseName(value) || null : null;
  };
  return {
    kind: 'line',
    line: {
      clientNumber: clientNumber ? normaliseClientNumber(clientNumber) : null,
      lastName: name('lastName'),
      firstName: name('firstName'),
      email,
      phone,
      address: text('address'),
      contractNumber,
      product: text('product'),
      insurer: text('insurer') ?? context.insurer ?? null,
      advisor: name('advisor'),
      ...contract,
      date: date.value,
      amount: amount.value,
      label: text('label'),
    },
  };
}

/** The contract's status and dates; their errors join the row's. */
function readContractTerms(cells: StatementCell[], mapping: ResolvedMapping, columnOf: (field: ImportField) => string | null, errors: RowError[], context: StatementContext) {
  const cell = (field: ImportField) => (mapping[field] === undefined ? undefined : cells[mapping[field]!]);
  const dateOf = (field: 'startDate' | 'endDate', invalid: MessageCode) => {
    const parsed = parseStatementDate(cell(field), context);
    if (parsed && !parsed.ok) errors.push(rowError(columnOf(field), invalid, parsed.error.params));
    return parsed?.ok ? parsed.value : null;
  };
  let startDate = dateOf('startDate', 'row.startDateInvalid');
  if (startDate && startDate < `${EARLIEST_START_YEAR}-01-01`) {
    errors.push(rowError(columnOf('startDate'), 'row.startDateImplausible', { date: frenchDay(startDate) }));
    startDate = null;
  }
  const endDate = dateOf('endDate', 'row.endDateInvalid');
  if (startDate && endDate && endDate < startDate) errors.push(rowError(columnOf('endDate'), 'row.endBeforeStart'));
  const status = parseContractStatus(cell('status'));
  if (status && !status.ok) errors.push(errorOf(columnOf('status'), status));
  return { status: status?.ok ? status.value : null, startDate, endDate };
}

/**
 * An advisor's name as statements write it, split for the advisors table: an all-capitals
 * word is the last name (`FONTAINE Claire`), otherwise the last word is (`Claire Fontaine`).
 */
export function splitAdvisorName(fullName: string): { firstName: string; lastName: string } {
  const words = normaliseName(fullName).split(' ').filter(Boolean);
  if (words.length <= 1) return { firstName: '', lastName: words[0] ?? '' };
  const isCapitals = (word: string) => word.length > 1 && word === word.toUpperCase() && word !== word.toLowerCase();
  const capitals = words.filter(isCapitals);
  if (capitals.length && capitals.length < words.length) {
    return { lastName: capitals.join(' '), firstName: words.filter((word) => !isCapitals(word)).join(' ') };
  }
  return { lastName: words[words.length - 1], firstName: words.slice(0, -1).join(' ') };
}
