import { describe, expect, it } from 'vitest';
import { en } from '../../admin/src/i18n/en';
import { fr } from '../../admin/src/i18n/fr';
import { en as sharedEn } from '../../shared/messages/en';
import { fr as sharedFr } from '../../shared/messages/fr';

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
    expect([...french].filter((key) => !english.has(key)), 'missing in en.ts').toEqual([]);
    expect([...english].filter((key) => !french.has(key)), 'missing in fr.ts').toEqual([]);
  });

  it('has no empty text of ours and keeps the plural forms and placeholders of each message', () => {
    const byKey = (messages: unknown) => new Map(keys(messages).map((key) => [key, key.split('.').reduce<any>((node, part) => node?.[part], messages)]));
    const french = byKey(fr);
    for (const [key, text] of byKey(en)) {
      if (key.startsWith('ra.')) continue; // react-admin's own messages, from ra-language-*
      expect(typeof text === 'string' && text.trim().length > 0, `en ${key}`).toBe(true);
      const other = french.get(key);
      if (typeof other !== 'string') continue;
      const placeholders = (value: string) => [...new Set([...value.matchAll(/%\{(\w+)\}/g)].map((match) => match[1]))].sort();
      expect(placeholders(text), `placeholders of ${key}`).toEqual(placeholders(other));
      expect(text.includes('||||'), `plural forms of ${key}`).toBe(other.includes('||||'));
    }
  });

  it('gives every shared message (server and admin) the same placeholders in both languages', () => {
    const placeholders = (value: string) => [...new Set([...value.matchAll(/\{(\w+)\}/g)].map((match) => match[1]))].sort();
    for (const [code, french] of Object.entries(sharedFr)) {
      const english = sharedEn[code as keyof typeof sharedEn];
      expect(english?.trim().length, `en ${code}`).toBeGreaterThan(0);
      expect(placeholders(english), `placeholders of ${code}`).toEqual(placeholders(french));
    }
  });
});
