import { Alert, FormControl, FormHelperText, InputLabel, MenuItem, Select, Stack, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { useLocaleState, useTranslate } from 'react-admin';
import { localeTag } from '../common/locale';
import type { StatementPreview } from './importTypes';

/**
 * What applies to the whole file: the saved mapping recognised from its headers, its insurer,
 * the month of its lines when no column dates them, and the verdicts of all its rows.
 */
export const ImportSettings = ({ preview, onInsurer, onPeriod }: { preview: StatementPreview; onInsurer: (insurer: string) => void; onPeriod: (period: string) => void }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  // The insurer as typed, until another preview names one (React's "adjusting state when a prop changes").
  const [insurer, setInsurer] = useState(preview.insurer ?? '');
  const [previewInsurer, setPreviewInsurer] = useState(preview.insurer);
  if (preview.insurer !== previewInsurer) {
    setPreviewInsurer(preview.insurer);
    setInsurer(preview.insurer ?? '');
  }
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
        {needsPeriod && <PeriodInput preview={preview} onPeriod={onPeriod} />}
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

/**
 * The statement's month as a month list and a year (the browser's own month picker is missing in
 * some browsers and speaks the browser's language, not the page's).
 */
const PeriodInput = ({ preview, onPeriod }: { preview: StatementPreview; onPeriod: (period: string) => void }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const [year, month] = (preview.period ?? '').split('-');
  const [typedYear, setTypedYear] = useState(year ?? '');
  const [previewYear, setPreviewYear] = useState(year);
  if (year !== previewYear) {
    setPreviewYear(year);
    setTypedYear(year ?? '');
  }
  const months = Array.from({ length: 12 }, (_, index) => new Date(Date.UTC(2026, index, 1)).toLocaleDateString(localeTag(locale), { month: 'long', timeZone: 'UTC' }));
  const send = (nextYear: string, nextMonth: string | undefined) => {
    if (/^\d{4}$/.test(nextYear) && nextMonth) onPeriod(`${nextYear}-${nextMonth}`);
  };
  // The year as typed: a text that is not four digits is shown as an error, never trimmed into one.
  const yearInvalid = typedYear.trim() !== '' && !/^\d{4}$/.test(typedYear.trim());
  const error = Boolean(preview.mappingErrors.period) || yearInvalid;
  return (
    <Stack>
      <Stack direction="row" spacing={1}>
        <FormControl size="small" sx={{ width: 160 }} error={error}>
          <InputLabel id="import-period-month">{translate('resources.imports.upload.period')}</InputLabel>
          <Select
            labelId="import-period-month"
            label={translate('resources.imports.upload.period')}
            value={month ?? ''}
            onChange={(e) => send(typedYear || String(new Date().getFullYear()), String(e.target.value))}
            inputProps={{ 'data-testid': 'import-period-month' }}
          >
            {months.map((name, index) => (
              <MenuItem key={name} value={String(index + 1).padStart(2, '0')}>
                {name}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
        <TextField
          size="small"
          sx={{ width: 100 }}
          label={translate('resources.imports.upload.period_year')}
          value={typedYear}
          error={error}
          onChange={(e) => setTypedYear(e.target.value)}
          onBlur={() => typedYear.trim() !== year && send(typedYear.trim(), month)}
          inputProps={{ inputMode: 'numeric', 'data-testid': 'import-period-year' }}
        />
      </Stack>
      <FormHelperText error={error} sx={{ mx: 1.75, maxWidth: 300 }}>
        {yearInvalid
          ? translate('resources.imports.upload.period_year_invalid')
          : preview.periodFound
            ? translate('resources.imports.upload.period_found', { text: preview.periodFound.text })
            : translate('resources.imports.upload.period_help')}
      </FormHelperText>
    </Stack>
  );
};
