import { en } from './en/index';
import { fr, type MessageCode } from './fr/index';
import { dateFormat, numberFormat } from '../intlFormats';

export type { MessageCode } from './fr/index';
export type Language = 'fr' | 'en';
/**
 * A param is a value, or another message rendered in the same language (a format's name, who
 * made a change). A date travels as its ISO text and is written by the placeholder's format.
 */
export type MessageParams = { [name: string]: string | number | Message };

/** A message as it travels and is stored: a stable code and its values, rendered in the reader's language. */
export interface Message {
  code: MessageCode;
  params?: MessageParams;
}

/** One catalogue per language, each with every code (test/unit/translations.test.ts checks it). */
export const CATALOGUES: Record<Language, Record<MessageCode, string>> = { fr, en };
const LOCALES: Record<Language, string> = { fr: 'fr-FR', en: 'en-GB' };

/**
 * Formats of a date placeholder, `{at:longDate}`: the date as staff read it in Paris, whatever
 * the server's time zone. A calendar date (YYYY-MM-DD) is the same day everywhere.
 */
const DATE_FORMATS: Record<string, Intl.DateTimeFormatOptions> = {
  date: { day: '2-digit', month: '2-digit', year: 'numeric' },
  longDate: { day: 'numeric', month: 'long', year: 'numeric' },
  time: { hour: '2-digit', minute: '2-digit' },
};
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

function formatDate(iso: string, format: string, language: Language): string {
  const options = DATE_FORMATS[format];
  const date = new Date(iso);
  if (!options || Number.isNaN(date.getTime())) return iso;
  const timeZone = CALENDAR_DATE.test(iso) ? 'UTC' : 'Europe/Paris';
  return dateFormat(LOCALES[language], { ...options, timeZone }).format(date);
}

/** `{name}` and `{name:format}`: the placeholders of a catalogue's sentence. */
export const PLACEHOLDER = /\{(\w+)(?::(\w+))?\}/g;

/** Placeholders filled with the params; numbers in the language's own digits grouping. */
export function renderMessage(message: Message, language: Language = 'fr'): string {
  const template = CATALOGUES[language][message.code] ?? fr[message.code] ?? message.code;
  return template.replace(PLACEHOLDER, (whole, name: string, format?: string) => {
    const value = message.params?.[name];
    if (value === undefined) return whole;
    if (typeof value === 'number') return numberFormat(LOCALES[language]).format(value);
    if (typeof value === 'string') return format ? formatDate(value, format, language) : value;
    return renderMessage(value, language);
  });
}

/** Messages by field (a form's errors), rendered. */
export function renderFields(fields: Record<string, Message>, language: Language = 'fr'): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([field, message]) => [field, renderMessage(message, language)]));
}

export function isMessageCode(code: unknown): code is MessageCode {
  return typeof code === 'string' && Object.hasOwn(fr, code);
}
