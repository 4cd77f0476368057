import { NumberField, useLocaleState, type NumberFieldProps } from 'react-admin';
import { localeTag } from './locale';

export const MoneyField = (props: NumberFieldProps) => {
  const [locale] = useLocaleState();
  return <NumberField locales={localeTag(locale)} options={{ style: 'currency', currency: 'EUR' }} {...props} />;
};

export function formatMoney(amount: number, locale: string): string {
  return new Intl.NumberFormat(localeTag(locale), { style: 'currency', currency: 'EUR' }).format(amount);
}
