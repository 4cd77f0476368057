import { Box, Chip, Link as MuiLink, Typography } from '@mui/material';
import { AutocompleteInput, DataTable, List, ReferenceInput, TextField, useFieldValue, useRecordContext, useTranslate, type FieldProps } from 'react-admin';
import { Link } from 'react-router-dom';
import { LocalDateField } from '../common/LocalDateField';
import { ListPagination } from '../common/ListPagination';
import { useListQueryOptionsForAccess } from '../common/useListQueryOptionsForAccess';
import { withAppliedFilters } from '../common/AppliedFilters';

/**
 * "Journal des accès" (admins only): who opened which client's page or personal-data export,
 * and when, newest first. The log keeps ids only; the client is named as it is today (so an
 * anonymised client shows its neutral label). Purged by the API after the configured months.
 */
export const AccessLogList = () => (
  <List
    queryOptions={useListQueryOptionsForAccess('access-log')}
    filters={accessLogFilters}
    sort={{ field: 'occurredAt', order: 'DESC' }}
    perPage={25}
    pagination={<ListPagination />}
    exporter={false}
    empty={<NoAccess />}
  >
    <DataTable bulkActionButtons={false} rowClick={false}>
      <DataTable.Col source="occurredAt" sx={{ whiteSpace: 'nowrap' }}>
        <LocalDateField source="occurredAt" showTime />
      </DataTable.Col>
      <DataTable.Col source="userLabel" field={TextField} disableSort />
      <DataTable.Col source="clientLabel" field={ClientLink} disableSort />
      <DataTable.Col source="kind" field={AccessKindField} disableSort />
    </DataTable>
  </List>
);

const ClientLink = (_props: FieldProps) => {
  const record = useRecordContext();
  if (!record) return null;
  const label = record.clientLabel ?? `#${record.clientId}`;
  return record.clientId ? (
    <MuiLink component={Link} to={`/clients/${record.clientId}/show`}>
      {label}
    </MuiLink>
  ) : (
    <span>{label}</span>
  );
};

/** Consultation or Export, as a chip. */
export const AccessKindField = (props: FieldProps) => {
  const kind = useFieldValue({ ...props, source: props.source ?? 'kind' }) as string | undefined;
  const translate = useTranslate();
  if (!kind) return null;
  return <Chip size="small" variant="outlined" color={kind === 'export' ? 'primary' : 'default'} label={translate(`resources.access-log.kinds.${kind}`, { _: kind })} />;
};

const NoAccess = () => {
  const translate = useTranslate();
  return (
    <Box sx={{ textAlign: 'center', mt: 8, mx: 'auto', maxWidth: 560, px: 2 }}>
      <Typography variant="h5" component="p" gutterBottom>
        {translate('resources.access-log.empty.title')}
      </Typography>
      <Typography color="text.secondary">{translate('resources.access-log.empty.invite')}</Typography>
    </Box>
  );
};

const accessLogFilters = withAppliedFilters([
  <ReferenceInput key="clientId" source="clientId" reference="clients" alwaysOn>
    <AutocompleteInput label="resources.access-log.fields.clientId" sx={{ minWidth: 260 }} />
  </ReferenceInput>,
  <ReferenceInput key="userId" source="userId" reference="users" sort={{ field: 'fullName', order: 'ASC' }} alwaysOn>
    <AutocompleteInput label="resources.access-log.fields.userId" sx={{ minWidth: 220 }} />
  </ReferenceInput>,
]);
