import ArrowForwardIcon from '@mui/icons-material/ArrowForward';
import { Box, Typography } from '@mui/material';
import { useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import { describeAuditEntry, type AuditEntryLike, type HistoryLine } from '../../../shared/history/auditDescription';
import type { HistoryValue } from '../../../shared/history/historyValues';
import { useHistoryNames } from './useHistoryNames';

/**
 * What an entry of the history says, in the UI's language: the sentence of a merge, an import,
 * an export or an anonymisation, then "Label : before → after" per field (the shared description
 * the personal-data export writes too).
 */
export const AuditChanges = () => {
  const record = useRecordContext<AuditEntryLike & { id: number }>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const names = useHistoryNames(record);
  if (!record) return null;
  const { summary, lines } = describeAuditEntry(record, locale === 'en' ? 'en' : 'fr', names);
  if (!summary && !lines.length) {
    return (
      <Typography variant="body2" color="text.secondary">
        {translate('resources.audit-entries.no_change')}
      </Typography>
    );
  }
  return (
    <Box>
      {summary && (
        <Typography variant="body2" sx={{ fontWeight: 500, mb: lines.length ? 0.5 : 0 }} data-testid="history-summary">
          {summary}
        </Typography>
      )}
      {lines.length > 0 && <HistoryLines lines={lines} />}
    </Box>
  );
};

/** One line per field: its label, then the value before (struck) and after. */
export const HistoryLines = ({ lines }: { lines: HistoryLine[] }) => (
  <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5, m: 0 }}>
    {lines.map(({ field, label, before, after }) => (
      <Box key={field} sx={{ display: 'contents' }}>
        <Typography component="dt" variant="body2" color="text.secondary">
          {label}
        </Typography>
        <Typography component="dd" variant="body2" sx={{ m: 0, display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 0.5 }}>
          {before && <ChangeValue value={before} struck={Boolean(after)} />}
          {before && after && <ArrowForwardIcon sx={{ fontSize: 16 }} aria-label="→" />}
          {after && <ChangeValue value={after} />}
        </Typography>
      </Box>
    ))}
  </Box>
);

const ChangeValue = ({ value, struck = false }: { value: HistoryValue; struck?: boolean }) => {
  if (value.empty || value.erased) {
    return (
      <Box component="span" sx={{ color: 'text.secondary', fontStyle: 'italic' }} {...(value.erased ? { 'data-erased': 'true' } : {})}>
        {value.text}
      </Box>
    );
  }
  return (
    <Box component="span" sx={{ whiteSpace: 'pre-line', ...(struck ? { color: 'text.secondary', textDecoration: 'line-through' } : {}) }}>
      {value.text}
    </Box>
  );
};
