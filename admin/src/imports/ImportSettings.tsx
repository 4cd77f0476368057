import { Alert, Stack, TextField, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { useLocaleState, useTranslate } from 'react-admin';
import { localeTag } from '../common/locale';
import type { StatementPreview } from './importApi';

/**
 * What applies to the whole file: the saved mapping recognised from its headers, its insurer,
 * the month of its lines when no column dates them, and the verdicts of all its rows.
 */
export const ImportSettings = ({
  preview,
  onInsurer,
  onPeriod,
}: {
  preview: StatementPreview;
  onInsurer: (insurer: string) => void;
  onPeriod: (period: string) => void;
}) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const [insurer, setInsurer] = useState(preview.insurer ?? '');
  useEffect(() => setInsurer(preview.insurer ?? ''), [preview.insurer]);
  const needsPeriod = !preview.mapping.date;
  const number = (n: number) => n.toLocaleString(localeTag(locale));
  return (
    <Stack spacing={2} sx={{ mb: 2 }}>
      {preview.appliedMapping && (
        <Alert severity="info" data-testid="applied-mapping">
          {translate('resources.imports.upload.applied_mapping', { name: preview.appliedMapping.name })}
        </Alert>
      )}
      <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start', flexWrap: 'wrap' }}>
        <TextField
          size="small"
          sx={{ width: 280 }}
          label={translate('resources.imports.upload.insurer')}
          helperText={translate(preview.mapping.insurer ? 'resources.imports.upload.insurer_help_column' : 'resources.imports.upload.insurer_help')}
          value={insurer}
          onChange={(e) => setInsurer(e.target.value)}
          onBlur={() => insurer !== (preview.insurer ?? '') && onInsurer(insurer)}
          inputProps={{ 'data-testid': 'import-insurer', maxLength: 200 }}
        />
        {needsPeriod && (
          <TextField
            size="small"
            type="month"
            sx={{ width: 220 }}
            label={translate('resources.imports.upload.period')}
            value={preview.period ?? ''}
            onChange={(e) => e.target.value && onPeriod(e.target.value)}
            error={Boolean(preview.mappingErrors.period)}
            helperText={
              preview.periodFound
                ? translate('resources.imports.upload.period_found', { text: preview.periodFound.text })
                : translate('resources.imports.upload.period_help')
            }
            slotProps={{ inputLabel: { shrink: true } }}
            inputProps={{ 'data-testid': 'import-period' }}
          />
        )}
      </Stack>
      {preview.counts && (
        <Typography variant="body2" data-testid="import-counts">
          {translate(preview.counts.complete ? 'resources.imports.upload.counts' : 'resources.imports.upload.counts_partial', {
            valid: number(preview.counts.valid),
            rejected: number(preview.counts.rejected),
            rows: number(preview.counts.rows),
          })}
        </Typography>
      )}
    </Stack>
  );
};
