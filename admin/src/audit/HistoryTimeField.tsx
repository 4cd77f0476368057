import { Typography } from '@mui/material';
import { useFieldValue, useLocaleState, type FieldProps } from 'react-admin';
import { formatHistoryTime } from '../../../shared/history/historyValues';

/** When a change happened, in Paris time, as the UI's language writes it (the export's format too). */
export const HistoryTimeField = (props: FieldProps) => {
  const value = useFieldValue({ ...props, source: props.source ?? 'occurredAt' }) as string | undefined;
  const [locale] = useLocaleState();
  if (!value) return null;
  return (
    <Typography component="span" variant="body2">
      {formatHistoryTime(value, locale === 'en' ? 'en' : 'fr')}
    </Typography>
  );
};
