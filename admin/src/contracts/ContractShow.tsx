import { Box, Typography } from '@mui/material';
import { CreateButton, DataTable, EditButton, Labeled, ReferenceField, ReferenceManyField, Show, SimpleShowLayout, TextField, TopToolbar, useRecordContext, useTranslate } from 'react-admin';
import { CommissionClientField } from '../commissions/CommissionClientField';
import { CommissionSummary } from '../commissions/CommissionSummary';
import { LocalDateField } from '../common/LocalDateField';
import { MoneyField } from '../common/MoneyField';
import { ContractStatusField } from './ContractStatusField';
import { ContractTitle } from './ContractTitle';
import { DeleteContractButton } from './DeleteContractButton';
import { TerminateContractButton } from './TerminateContractButton';
import { ListPagination } from '../common/ListPagination';

/** A contract's page: its fields, its client and advisor as links, its commissions and their total. */
export const ContractShow = () => (
  <Show actions={<ContractShowActions />} title={<ContractTitle />}>
    <SimpleShowLayout>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 6, rowGap: 2 }}>
        <Labeled label="resources.contracts.fields.contractNumber">
          <TextField source="contractNumber" sx={{ fontWeight: 500 }} />
        </Labeled>
        <Labeled label="resources.contracts.fields.status">
          <ContractStatusField source="status" />
        </Labeled>
        <Labeled label="resources.contracts.fields.clientId">
          <ReferenceField source="clientId" reference="clients" link="show" emptyText="resources.contracts.no_client" />
        </Labeled>
        <Labeled label="resources.contracts.fields.advisorId">
          <ReferenceField source="advisorId" reference="advisors" link="show" emptyText="—" />
        </Labeled>
      </Box>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 6, rowGap: 2 }}>
        <Labeled label="resources.contracts.fields.product">
          <TextField source="product" emptyText="—" />
        </Labeled>
        <Labeled label="resources.contracts.fields.insurer">
          <TextField source="insurer" emptyText="—" />
        </Labeled>
        <Labeled label="resources.contracts.fields.startDate">
          <LocalDateField source="startDate" emptyText="—" />
        </Labeled>
        <Labeled label="resources.contracts.fields.endDate">
          <LocalDateField source="endDate" emptyText="—" />
        </Labeled>
      </Box>
      <ContractCommissions />
    </SimpleShowLayout>
  </Show>
);

const ContractShowActions = () => (
  <TopToolbar>
    <EditButton />
    <TerminateContractButton />
    <DeleteContractButton />
  </TopToolbar>
);

const ContractCommissions = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Box sx={{ width: '100%' }}>
      <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap', gap: 1 }}>
        <Typography variant="h6" component="h2">
          {translate('resources.contracts.commissions')}
        </Typography>
        <CreateButton resource="commissions" label="resources.commissions.actions.create" state={{ record: { contractId: record.id } }} />
      </Box>
      <CommissionSummary filter={{ contractId: record.id }} message="resources.commissions.total" />
      <ReferenceManyField
        reference="commissions"
        target="contractId"
        sort={{ field: 'date', order: 'DESC' }}
        perPage={10}
        pagination={<ListPagination />}
        empty={
          <Typography color="text.secondary" sx={{ py: 2 }}>
            {translate('resources.contracts.no_commissions')}
          </Typography>
        }
      >
        <DataTable rowClick="show" bulkActionButtons={false}>
          <DataTable.Col source="date" field={LocalDateField} />
          <DataTable.Col source="label" />
          <DataTable.Col source="clientId" field={CommissionClientField} />
          <DataTable.Col source="amount" align="right" field={MoneyField} />
        </DataTable>
      </ReferenceManyField>
    </Box>
  );
};
