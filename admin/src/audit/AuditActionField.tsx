import { Chip } from '@mui/material';
import { useFieldValue, useTranslate, type FieldProps } from 'react-admin';

/** The kind of change, as a coloured chip. */
export const AuditActionField = (props: FieldProps) => {
  const action = useFieldValue({ ...props, source: props.source ?? 'action' }) as string | undefined;
  const translate = useTranslate();
  if (!action) return null;
  const color = action === 'delete' ? 'error' : action === 'create' ? 'success' : action === 'update' ? 'primary' : action === 'anonymise' ? 'error' : 'default';
  return <Chip size="small" variant="outlined" color={color} label={translate(`resources.audit-entries.actions.${action}`, { _: action })} />;
};
