import { describe, expect, it } from 'vitest';
import { en } from '../../admin/src/i18n/en';
import { fr } from '../../admin/src/i18n/fr';
import { FR_DOMAINS, fr as frenchMessages } from '../../shared/messages/fr/index';
import { CATALOGUES, PLACEHOLDER } from '../../shared/messages/message';

/**
 * French is the default language and English is offered in the language menu: every key must
 * exist in both, or the English interface shows a raw key (`resources.clients.…`).
 */
function keys(messages: unknown, prefix = ''): string[] {
  if (typeof messages !== 'object' || messages === null) return [prefix];
  return Object.entries(messages).flatMap(([key, value]) => keys(value, prefix ? `${prefix}.${key}` : key));
}

describe('translations', () => {
  it('has the same keys in French and English', () => {
    const french = new Set(keys(fr));
    const english = new Set(keys(en));
    expect(
      [...french].filter((key) => !english.has(key)),
      'missing in en.ts',
    ).toEqual([]);
    expect(
      [...english].filter((key) => !french.has(key)),
      'missing in fr.ts',
    ).toEqual([]);
  });

  it('has no empty text of ours and keeps the plural forms and placeholders of each message', () => {
    const byKey = (messages: unknown) =>
      new Map(keys(messages).map((key) => [key, key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages)] as const));
    const french = byKey(fr);
    for (const [key, text] of byKey(en)) {
      if (key.startsWith('ra.')) continue; // react-admin's own messages, from ra-language-*
      expect(typeof text === 'string' && text.trim().length > 0, `en ${key}`).toBe(true);
      const other = french.get(key);
      if (typeof other !== 'string' || typeof text !== 'string') continue;
      const placeholders = (value: string) => [...new Set([...value.matchAll(/%\{(\w+)\}/g)].map((match) => match[1]))].sort();
      expect(placeholders(text), `placeholders of ${key}`).toEqual(placeholders(other));
      expect(text.includes('||||'), `plural forms of ${key}`).toBe(other.includes('||||'));
    }
  });
});

/**
 * The API's and the worker's messages, by code: every catalogue (one per language) has every
 * French code and no other, each with the same `{param}` names, so that no answer falls back
 * to French or shows a raw placeholder.
 */
describe('message catalogues', () => {
  const names = (text: string) => [...new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1]))].sort();

  for (const [language, catalogue] of Object.entries(CATALOGUES)) {
    it(`gives every code in ${language} with the French placeholders`, () => {
      const codes = Object.keys(frenchMessages);
      expect(
        codes.filter((code) => !Object.hasOwn(catalogue, code)),
        `missing in ${language}`,
      ).toEqual([]);
      expect(
        Object.keys(catalogue).filter((code) => !Object.hasOwn(frenchMessages, code)),
        `unknown in ${language}`,
      ).toEqual([]);
      for (const code of codes) {
        const text = (catalogue as Record<string, string>)[code];
        expect(typeof text === 'string' && text.trim().length > 0, `${language} ${code}`).toBe(true);
        expect(names(text), `placeholders of ${code} in ${language}`).toEqual(names(frenchMessages[code as keyof typeof frenchMessages]));
      }
    });
  }

  it('declares each code in one domain file only', () => {
    const declared = Object.values(FR_DOMAINS).flatMap((domain) => Object.keys(domain));
    expect(declared.filter((code, index) => declared.indexOf(code) !== index)).toEqual([]);
    expect(declared.length).toBe(Object.keys(frenchMessages).length);
  });
});
