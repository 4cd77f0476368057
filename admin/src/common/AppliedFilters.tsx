import FilterAltIcon from '@mui/icons-material/FilterAltOutlined';
import { Box, Chip, Typography } from '@mui/material';
import type { ReactElement } from 'react';
import { useFilterContext, useGetOne, useListContext, useLocaleState, useResourceContext, useTranslate, type RaRecord } from 'react-admin';
import { advisorName } from '../advisors/advisorName';
import { clientName } from '../../../shared/clientLabel';
import { localeTag } from './locale';

/** Filters naming a record: shown by that record's name, read from the API. */
const REFERENCES: Record<string, { resource: string; text: (record: RaRecord) => string }> = {
  importId: { resource: 'imports', text: (record) => `n° ${record.id} · ${record.fileName}` },
  clientId: { resource: 'clients', text: (record) => clientName(record) || `n° ${record.id}` },
  contractId: { resource: 'contracts', text: (record) => record.contractNumber },
  advisorId: { resource: 'advisors', text: advisorName },
  userId: { resource: 'users', text: (record) => record.fullName },
};

/** Filters taking one of a few values: each value's translation. */
const CHOICES: Record<string, string> = {
  importOutcome: 'app.filters.outcomes',
  source: 'resources.commissions.source',
  status: 'resources.imports.status',
  kind: 'resources.access-log.kinds',
  recordType: 'resources.audit-entries.record_types',
  action: 'resources.audit-entries.actions',
};
const DATES = new Set(['occurredFrom', 'occurredTo', 'dateFrom', 'dateTo']);

const isEmpty = (value: unknown) => value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);

/**
 * Filters a list received in its address that none of its filter inputs shows (the clients an
 * import created, a client's access log, a hand-edited URL): one chip each, in the filter bar,
 * saying what the list keeps, that removes the filter. An applied filter is never invisible.
 * `together` names filters shown in another's chip and removed with it (an import's outcome
 * with the import). Placed among the list's filters by withAppliedFilters.
 */
const AppliedFilters = ({ together = {} }: { source: string; alwaysOn: boolean; together?: Record<string, string> }) => {
  const { filterValues, displayedFilters, setFilters } = useListContext();
  const declared = (useFilterContext() ?? []) as ReactElement<{ source?: string }>[];
  const translate = useTranslate();
  const shown = new Set(declared.map((filter) => filter.props.source));
  const applied = Object.keys(filterValues ?? {}).filter((key) => !shown.has(key) && !isEmpty(filterValues[key]));
  const chips = applied.filter((key) => !(together[key] && applied.includes(together[key])));
  if (!chips.length) return null;

  const remove = (key: string) => {
    const keys = [key, ...Object.keys(together).filter((other) => together[other] === key)];
    const without = (values: Record<string, unknown>) => Object.fromEntries(Object.entries(values ?? {}).filter(([name]) => !keys.includes(name)));
    setFilters(without(filterValues), without(displayedFilters), false);
  };
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: 1, minHeight: 48, mb: 0.5 }} data-testid="applied-filters">
      <FilterAltIcon fontSize="small" color="action" aria-hidden />
      <Typography variant="body2" component="span" color="text.secondary">
        {translate('app.filters.applied')}
      </Typography>
      {chips.map((key) => (
        <AppliedFilterChip
          key={key}
          name={key}
          value={filterValues[key]}
          extra={Object.keys(together).filter((other) => together[other] === key && applied.includes(other))}
          onRemove={() => remove(key)}
        />
      ))}
    </Box>
  );
};

/** A list's filter inputs, followed by the chips of the filters its address applies that no input shows. */
export const withAppliedFilters = (filters: ReactElement[], together?: Record<string, string>): ReactElement[] => [
  ...filters,
  <AppliedFilters key="applied-filters" source="applied-filters" alwaysOn together={together} />,
];

const AppliedFilterChip = ({ name, value, extra, onRemove }: { name: string; value: unknown; extra: string[]; onRemove: () => void }) => {
  const translate = useTranslate();
  const { filterValues } = useListContext();
  const resource = useResourceContext();
  const valueText = useFilterValueText(name, value);
  const field = translate(`app.filters.fields.${name}`, { _: translate(`resources.${resource}.fields.${name}`, { _: name }) });
  const texts = [valueText, ...extra.map((other) => choiceText(translate, other, filterValues[other]))];
  const label = translate('app.filters.chip', { field, value: texts.join(' — ') });
  return (
    <Chip
      label={label}
      onClick={onRemove}
      onDelete={onRemove}
      aria-label={translate('app.filters.remove', { filter: label })}
      variant="outlined"
      color="primary"
      data-testid={`applied-filter-${name}`}
    />
  );
};

function choiceText(translate: ReturnType<typeof useTranslate>, name: string, value: unknown): string {
  return CHOICES[name] ? translate(`${CHOICES[name]}.${String(value)}`, { _: String(value) }) : String(value);
}

/** What a filter's value means, in words: the record's name, the choice's label, the date. */
function useFilterValueText(name: string, value: unknown): string {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const reference = REFERENCES[name];
  const single = !Array.isArray(value) && (typeof value === 'number' || typeof value === 'string');
  const { data } = useGetOne(reference?.resource ?? 'clients', { id: value as string }, { enabled: !!reference && single, retry: false });
  if (Array.isArray(value)) return translate('app.filters.ids', { smart_count: value.length });
  if (reference) return data ? reference.text(data) : `n° ${String(value)}`;
  if (DATES.has(name) && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return new Date(`${value}T12:00:00Z`).toLocaleDateString(localeTag(locale), { timeZone: 'UTC' });
  }
  if (name === 'q') return translate('app.filters.quoted', { value: String(value) });
  return choiceText(translate, name, value);
}
