import { Chip } from '@mui/material';
import { useRecordContext, useTranslate, type FieldProps } from 'react-admin';

/**
 * "Actif" in green, "Résilié" in grey, and "Échu" for a contract still marked active whose end
 * date is past: the API's `active` flag (contract_is_active) decides, as it does for the counts.
 */
export const ContractStatusField = (_props: FieldProps) => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record?.status) return null;
  const shown = record.status === 'active' && record.active === false ? 'expired' : record.status;
  return (
    <Chip size="small" color={shown === 'active' ? 'success' : 'default'} variant={shown === 'active' ? 'filled' : 'outlined'} label={translate(`resources.contracts.status.${shown}`, { _: shown })} />
  );
};
