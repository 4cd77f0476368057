import { Chip, Stack } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';

/** Why the clients look like one person: one chip per reason. */
export const DuplicateReasons = () => {
  const record = useRecordContext<{ reasons: string[] }>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Stack direction="row" spacing={0.5} useFlexGap flexWrap="wrap">
      {record.reasons.map((reason) => (
        <Chip key={reason} size="small" label={translate(`resources.duplicates.reasons.${reason}`)} />
      ))}
    </Stack>
  );
};
