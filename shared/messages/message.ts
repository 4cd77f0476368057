import { en } from './en';
import { fr, type MessageCode } from './fr';

export type { MessageCode } from './fr';
export type Language = 'fr' | 'en';
/** A param is a value, or another message rendered in the same language (a format's name). */
export type MessageParams = { [name: string]: string | number | Message };

/** A message as it travels and is stored: a stable code and its values, rendered in the reader's language. */
export interface Message {
  code: MessageCode;
  params?: MessageParams;
}

const CATALOGUES: Record<Language, Record<MessageCode, string>> = { fr, en };
const LOCALES: Record<Language, string> = { fr: 'fr-FR', en: 'en-GB' };

/** `{name}` placeholders filled with the params; numbers in the language's own digits grouping. */
export function renderMessage(message: Message, language: Language = 'fr'): string {
  const template = CATALOGUES[language][message.code] ?? fr[message.code] ?? message.code;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = message.params?.[name];
    if (value === undefined) return whole;
    if (typeof value === 'number') return value.toLocaleString(LOCALES[language]);
    return typeof value === 'string' ? value : renderMessage(value, language);
  });
}

export function isMessageCode(code: unknown): code is MessageCode {
  return typeof code === 'string' && Object.hasOwn(fr, code);
}
