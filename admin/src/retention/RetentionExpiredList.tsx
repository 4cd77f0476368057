import EventAvailableIcon from '@mui/icons-material/EventAvailable';
import { Box, Typography } from '@mui/material';
import { DataTable, List, NumberField, useTranslate } from 'react-admin';
import { LocalDateField } from '../common/LocalDateField';
import { useListQueryOptionsForAccess } from '../common/useListQueryOptionsForAccess';
import { BulkAnonymiseButton } from '../personalData/BulkAnonymiseButton';
import { RetentionSettingsCard } from './RetentionSettingsCard';
import { withAppliedFilters } from '../common/AppliedFilters';

/**
 * "Durée de conservation dépassée" (admins only): clients with no active contract and no
 * commission for the retention period, the oldest ended relationship first, to anonymise in
 * bulk. The period itself is set in the card above the list.
 */
export const RetentionExpiredList = () => (
  <Box>
    <RetentionSettingsCard />
    <List
      title="resources.retention-expired-clients.title"
      queryOptions={useListQueryOptionsForAccess('retention-expired-clients')}
      sort={{ field: 'relationshipEndedOn', order: 'ASC' }}
      // No filter input: the bar shows only the filters an address applies (and no "Ajouter un filtre").
      filters={withAppliedFilters([])}
      actions={false}
      perPage={25}
      exporter={false}
      empty={<NothingPastRetention />}
    >
      <DataTable bulkActionButtons={<BulkAnonymiseButton />} rowClick={(id) => `/clients/${id}/show`}>
        <DataTable.Col source="clientNumber" sx={{ whiteSpace: 'nowrap' }} />
        <DataTable.Col source="lastName" sx={{ fontWeight: 500 }} />
        <DataTable.Col source="firstName" disableSort />
        <DataTable.Col source="relationshipEndedOn" sx={{ whiteSpace: 'nowrap' }}>
          <LocalDateField source="relationshipEndedOn" />
        </DataTable.Col>
        <DataTable.Col source="lastCommissionOn" disableSort sx={{ whiteSpace: 'nowrap' }}>
          <LocalDateField source="lastCommissionOn" emptyText="—" />
        </DataTable.Col>
        <DataTable.NumberCol source="contractCount" field={NumberField} disableSort />
      </DataTable>
    </List>
  </Box>
);

const NothingPastRetention = () => {
  const translate = useTranslate();
  return (
    <Box sx={{ textAlign: 'center', mt: 6, mx: 'auto', maxWidth: 620, px: 2 }} data-testid="retention-empty">
      <EventAvailableIcon sx={{ fontSize: 80, color: 'text.disabled' }} />
      <Typography variant="h5" component="p" gutterBottom>
        {translate('resources.retention-expired-clients.empty.title')}
      </Typography>
      <Typography color="text.secondary">{translate('resources.retention-expired-clients.empty.invite')}</Typography>
    </Box>
  );
};
