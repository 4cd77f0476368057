import { Typography } from '@mui/material';
import { ReferenceField, useRecordContext, useTranslate, type FieldProps } from 'react-admin';

/**
 * The line's client: a link while the client exists; once deleted, the name and number the line
 * was recorded with, marked "client supprimé".
 */
export const CommissionClientField = (_props: FieldProps) => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  const snapshot = [record.clientName, record.clientNumber ? `(${record.clientNumber})` : null].filter(Boolean).join(' ');
  return (
    <ReferenceField
      source="clientId"
      reference="clients"
      link="show"
      empty={
        snapshot ? (
          <Typography component="span" variant="body2" data-testid="deleted-client">
            {snapshot}{' '}
            <Typography component="span" variant="body2" color="text.secondary" sx={{ fontStyle: 'italic' }}>
              — {translate('resources.commissions.deleted_client')}
            </Typography>
          </Typography>
        ) : (
          <span>—</span>
        )
      }
    />
  );
};
