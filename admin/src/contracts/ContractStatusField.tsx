import { Chip } from '@mui/material';
import { useFieldValue, useTranslate, type FieldProps } from 'react-admin';

/** "Actif" in green, "Résilié" in grey. */
export const ContractStatusField = (props: FieldProps) => {
  const status = useFieldValue({ ...props, source: props.source ?? 'status' }) as string | undefined;
  const translate = useTranslate();
  if (!status) return null;
  return (
    <Chip
      size="small"
      color={status === 'active' ? 'success' : 'default'}
      variant={status === 'active' ? 'filled' : 'outlined'}
      label={translate(`resources.contracts.status.${status}`, { _: status })}
    />
  );
};
