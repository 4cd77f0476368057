import polyglotI18nProvider from 'ra-i18n-polyglot';
import { en } from './i18n/en';
import { fr } from './i18n/fr';

/** French by default; English through the app bar's language menu (the choice is remembered). */
export const i18nProvider = polyglotI18nProvider((locale) => (locale === 'en' ? en : fr), 'fr', [
  { locale: 'fr', name: 'Français' },
  { locale: 'en', name: 'English' },
]);
