import { NumberField, useLocaleState, type NumberFieldProps } from 'react-admin';
import { localeTag } from './locale';

/** An amount as the API answers it (`1234.50`): NumberField's default transform reads numeric text as a number to format it. */
export const MoneyField = (props: NumberFieldProps) => {
  const [locale] = useLocaleState();
  return <NumberField locales={localeTag(locale)} options={{ style: 'currency', currency: 'EUR' }} {...props} />;
};

/** An amount's exact text (`1234.50`) in euros, the UI's way; a number only for display. */
export function formatMoney(amount: string | number, locale: string): string {
  return new Intl.NumberFormat(localeTag(locale), { style: 'currency', currency: 'EUR' }).format(Number(amount));
}
