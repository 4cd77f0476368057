import { DateField, useLocaleState, type DateFieldProps } from 'react-admin';

/** DateField in the UI's language (French dates in French), whatever the browser's. */
export const LocalDateField = (props: DateFieldProps) => {
  const [locale] = useLocaleState();
  return <DateField locales={locale === 'en' ? 'en-GB' : 'fr-FR'} {...props} />;
};
