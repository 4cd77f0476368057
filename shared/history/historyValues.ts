import { renderMessage, type Language, type MessageCode } from '../messages/message';
import { formatPhone } from '../phoneDisplay';
import { dateFormat, numberFormat } from '../intlFormats';

/**
 * A value of the history as people read it, in their language: dates and times in Paris time and
 * the language's format, amounts in euros, phone numbers spaced, statuses and origins in words,
 * ids by the name of what they point at.
 */
export const ERASED_VALUE = '[donnée effacée]';
export const HISTORY_TIME_ZONE = 'Europe/Paris';
const LOCALES: Record<Language, string> = { fr: 'fr-FR', en: 'en-GB' };

/** Names of the records an entry points at by id; a record gone since reads by its number. */
export interface HistoryNames {
  advisors?: ReadonlyMap<number, string>;
  clients?: ReadonlyMap<number, string>;
  contracts?: ReadonlyMap<number, string>;
}

export interface HistoryValue {
  text: string;
  /** Blank: nothing was there. */
  empty?: boolean;
  /** Crypto-shredded by an anonymisation. */
  erased?: boolean;
}

const REFERENCES: Record<string, { names: keyof HistoryNames; fallback: MessageCode }> = {
  advisorId: { names: 'advisors', fallback: 'history.value.advisor' },
  clientId: { names: 'clients', fallback: 'history.value.client' },
  contractId: { names: 'contracts', fallback: 'history.value.contract' },
};
const DATE_FIELDS = new Set(['startDate', 'endDate', 'date']);
const WORDS: Record<string, Record<string, MessageCode>> = {
  status: { active: 'history.value.status.active', terminated: 'history.value.status.terminated' },
  source: { manual: 'history.value.source.manual', import: 'history.value.source.import' },
  format: { xlsx: 'history.value.format.xlsx', json: 'history.value.format.json' },
};

/** A moment (an entry's time), in Paris time: "03/12/2026 14:05" in French, "03/12/2026, 14:05" in English. */
export function formatHistoryTime(moment: Date | string, language: Language): string {
  const date = moment instanceof Date ? moment : new Date(moment);
  return dateFormat(LOCALES[language], { timeZone: HISTORY_TIME_ZONE, dateStyle: 'short', timeStyle: 'short' }).format(date);
}

/** A calendar day (YYYY-MM-DD), as the language writes it. */
export function formatDay(day: string, language: Language): string {
  const noon = new Date(`${day}T12:00:00Z`);
  // A text that is not a day stays as it was written.
  return Number.isNaN(noon.getTime()) ? day : dateFormat(LOCALES[language], { timeZone: 'UTC' }).format(noon);
}

export function formatAmount(amount: number, language: Language): string {
  return numberFormat(LOCALES[language], { style: 'currency', currency: 'EUR' }).format(amount);
}

/** Ids the value points at, by kind (what the names must hold). */
export function referenceOf(field: string): keyof HistoryNames | undefined {
  return REFERENCES[field]?.names;
}

export function historyValue(field: string, value: unknown, language: Language, names: HistoryNames = {}): HistoryValue {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) {
    return { text: renderMessage({ code: 'history.value.empty' }, language), empty: true };
  }
  if (value === ERASED_VALUE) return { text: renderMessage({ code: 'history.value.erased' }, language), erased: true };
  return { text: valueText(field, value, language, names) };
}

function valueText(field: string, value: unknown, language: Language, names: HistoryNames): string {
  const reference = REFERENCES[field];
  if (reference && typeof value === 'number') return names[reference.names]?.get(value) ?? renderMessage({ code: reference.fallback, params: { id: String(value) } }, language);
  if (field === 'importId') return renderMessage({ code: 'history.value.import', params: { id: String(value) } }, language);
  const word = WORDS[field]?.[String(value)];
  if (word) return renderMessage({ code: word }, language);
  if (field === 'phone') return formatPhone(String(value));
  if (field === 'amount' && Number.isFinite(Number(value))) return formatAmount(Number(value), language);
  if (DATE_FIELDS.has(field) && /^\d{4}-\d{2}-\d{2}$/.test(String(value))) return formatDay(String(value), language);
  if (Array.isArray(value)) return value.map((item) => valueText(field, item, language, names)).join(', ');
  if (typeof value === 'object')
    return Object.values(value as object)
      .filter((item) => item !== null && item !== '')
      .map(String)
      .join(' ');
  return String(value);
}
