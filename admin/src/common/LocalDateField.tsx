import { DateField, useLocaleState, type DateFieldProps } from 'react-admin';
import { localeTag } from './locale';

/** DateField in the UI's language (French dates in French), whatever the browser's. */
export const LocalDateField = (props: DateFieldProps) => {
  const [locale] = useLocaleState();
  return <DateField locales={localeTag(locale)} {...props} />;
};
