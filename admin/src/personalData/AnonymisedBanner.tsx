import PersonOffIcon from '@mui/icons-material/PersonOff';
import { Alert, AlertTitle, Chip } from '@mui/material';
import { useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import { localeTag } from '../common/locale';

/** On an anonymised client's page: when it was erased, and what the firm still keeps. */
export const AnonymisedBanner = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  if (!record?.anonymisedAt) return null;
  const date = new Date(record.anonymisedAt).toLocaleString(localeTag(locale), { dateStyle: 'short', timeStyle: 'short' });
  return (
    <Alert severity="info" icon={false} sx={{ m: 2, mb: 0 }} data-testid="anonymised-banner">
      <AlertTitle sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
        <Chip icon={<PersonOffIcon />} color="default" size="small" label={translate('resources.clients.anonymise.banner', { date })} />
      </AlertTitle>
      {translate('resources.clients.anonymise.banner_text')}
    </Alert>
  );
};

/** A small "Anonymisé" chip for lists and titles. */
export const AnonymisedChip = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record?.anonymisedAt) return null;
  return <Chip size="small" icon={<PersonOffIcon />} label={translate('resources.clients.anonymise.chip')} sx={{ ml: 1 }} />;
};
