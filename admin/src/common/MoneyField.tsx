import { NumberField, useLocaleState, type NumberFieldProps } from 'react-admin';

export const MoneyField = (props: NumberFieldProps) => {
  const [locale] = useLocaleState();
  return <NumberField locales={localeTag(locale)} options={{ style: 'currency', currency: 'EUR' }} {...props} />;
};

export const localeTag = (locale: string) => (locale === 'en' ? 'en-GB' : 'fr-FR');

export function formatMoney(amount: number, locale: string): string {
  return new Intl.NumberFormat(localeTag(locale), { style: 'currency', currency: 'EUR' }).format(amount);
}
