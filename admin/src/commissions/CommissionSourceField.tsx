import { Chip } from '@mui/material';
import { useRecordContext, useTranslate, type FieldProps } from 'react-admin';

/** "Import de relevé" or "Saisie manuelle": only the latter may be corrected. */
export const CommissionSourceField = (_props: FieldProps) => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record?.source) return null;
  return <Chip size="small" variant="outlined" color={record.source === 'manual' ? 'info' : 'default'} label={translate(`resources.commissions.source.${record.source}`, { _: record.source })} />;
};
