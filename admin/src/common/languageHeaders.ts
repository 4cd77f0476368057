import { i18nProvider } from '../i18nProvider';

/** The UI's language, so that the API answers its messages in it (French unless English is chosen). */
export function languageHeaders(): Record<string, string> {
  return { 'Accept-Language': i18nProvider.getLocale() === 'en' ? 'en' : 'fr' };
}
