import { Chip } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';

const COLOURS = { queued: 'default', running: 'info', completed: 'success', failed: 'error' } as const;

export const ImportStatusField = (_props: { source?: string; label?: string }) => {
  const record = useRecordContext<{ status: keyof typeof COLOURS }>();
  const translate = useTranslate();
  if (!record) return null;
  return <Chip size="small" color={COLOURS[record.status] ?? 'default'} label={translate(`resources.imports.status.${record.status}`)} />;
};
