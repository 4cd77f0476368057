import type { CellValue } from 'exceljs';
import { cleanMultilineText, isEmail, normaliseClientNumber, normaliseContractNumber, normaliseEmail, normaliseName, normalisePhone } from '../../shared/contactDetails';
import { cellText, parseAmount, parseContractStatus, parseStatementDate, type ContractStatus } from '../cellValues';
import { CLIENT_FIELDS, type ImportField, type ResolvedMapping } from '../mapping/columnMapping';
import { periodFirstDay, type StatementPeriod } from '../mapping/statementPeriod';

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
  /** Euros, rounded to the cent. */
  amount: number;
  label: string | null;
}

export interface RowError {
  /** The column header as in the file, or null for the row as a whole. */
  column: string | null;
  message: string;
}

/** What applies to every row of one file, besides its columns. */
export interface StatementContext {
  /** The month every line is dated with when no column gives the commission's date. */
  period?: StatementPeriod | null;
  /** The insurer of the file: the insurer of every contract whose row names none. */
  insurer?: string | null;
}

export type StatementRow =
  | { kind: 'empty' }
  | { kind: 'summary' }
  | { kind: 'rejected'; errors: RowError[] }
  | { kind: 'line'; line: StatementLine };

/** Words that start the label of a totals line ("TOTAL", "Sous-total", "Total général"...). */
const SUMMARY_LABEL = /^(sous[\s-]?)?(total|totaux)\b|^cumul\b|^report\b|^montant total\b/i;

/**
 * Reads one data row of a statement with a resolved mapping. Pure: same cells, same answer.
 * Empty rows are ignored, totals lines (no identifier, a "TOTAL" label) are skipped without
 * creating anything, and a row that cannot be imported is rejected as a whole with every
 * reason found, so that the user fixes it in one go.
 */
export function readStatementRow(cells: CellValue[], mapping: ResolvedMapping, columns: string[], context: StatementContext = {}): StatementRow {
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
  const clientColumnsMapped = CLIENT_FIELDS.some((field) => mapping[field] !== undefined);
  if (clientColumnsMapped && !clientNumber) {
    errors.push({ column: columnOf('clientNumber'), message: 'Numéro client manquant : il identifie le client à créer ou mettre à jour.' });
  }
  if (!clientColumnsMapped && !contractNumber) {
    errors.push({ column: columnOf('contractNumber'), message: 'Numéro de contrat manquant.' });
  }

  const amountCell = mapping.amount === undefined ? undefined : cells[mapping.amount];
  const amount = parseAmount(amountCell);
  if (!amount) errors.push({ column: columnOf('amount'), message: 'Montant manquant.' });
  else if (!amount.ok) errors.push({ column: columnOf('amount'), message: amount.message });

  // The commission's date: its column, else the statement's period (resolveMapping asks for one of them).
  const date = mapping.date === undefined ? (context.period ? ({ ok: true, value: periodFirstDay(context.period) } as const) : null) : parseStatementDate(cells[mapping.date]);
  if (!date) errors.push({ column: columnOf('date'), message: 'Date de la commission manquante.' });
  else if (!date.ok) errors.push({ column: columnOf('date'), message: date.message });

  const contract = readContractTerms(cells, mapping, columnOf, errors);

  let email = text('email');
  if (email) {
    email = normaliseEmail(email);
    if (!isEmail(email)) errors.push({ column: columnOf('email'), message: `Adresse e-mail invalide : « ${text('email')} ».` });
  }
  let phone = text('phone');
  if (phone) {
    const normalised = normalisePhone(phone);
    if (!normalised) errors.push({ column: columnOf('phone'), message: `Numéro de téléphone invalide : « ${phone} ».` });
    phone = normalised ?? null;
  }

  for (const [field, max] of [['clientNumber', 100], ['lastName', 200], ['firstName', 200], ['contractNumber', 200]] as const) {
    const value = text(field);
    if (value && value.length > max) errors.push({ column: columnOf(field), message: `Valeur trop longue (plus de ${max} caractères).` });
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
function readContractTerms(cells: CellValue[], mapping: ResolvedMapping, columnOf: (field: ImportField) => string | null, errors: RowError[]) {
  const cell = (field: ImportField) => (mapping[field] === undefined ? undefined : cells[mapping[field]!]);
  const dateOf = (field: 'startDate' | 'endDate', what: string) => {
    const parsed = parseStatementDate(cell(field));
    if (parsed && !parsed.ok) errors.push({ column: columnOf(field), message: `${what} : ${parsed.message}` });
    return parsed?.ok ? parsed.value : null;
  };
  const startDate = dateOf('startDate', 'Date d’effet du contrat');
  const endDate = dateOf('endDate', 'Date de fin du contrat');
  if (startDate && endDate && endDate < startDate) {
    errors.push({ column: columnOf('endDate'), message: 'La date de fin du contrat précède sa date d’effet.' });
  }
  const status = parseContractStatus(cell('status'));
  if (status && !status.ok) errors.push({ column: columnOf('status'), message: status.message });
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
