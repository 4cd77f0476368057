/** The BCP 47 tag used to format dates and amounts in the UI's language (French unless English). */
export const localeTag = (locale: string) => (locale === 'en' ? 'en-GB' : 'fr-FR');
