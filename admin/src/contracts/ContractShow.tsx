import { DataTable, Labeled, Pagination, ReferenceField, ReferenceManyField, Show, SimpleShowLayout, TextField } from 'react-admin';
import { LocalDateField } from '../common/LocalDateField';
import { MoneyField } from '../common/MoneyField';
import { ContractStatusField } from './ContractStatusField';

export const ContractShow = () => (
  <Show>
    <SimpleShowLayout>
      <TextField source="contractNumber" />
      <ReferenceField source="clientId" reference="clients" link="show" emptyText="resources.contracts.no_client" />
      <ReferenceField source="advisorId" reference="advisors" link="show" emptyText="—" />
      <TextField source="product" emptyText="—" />
      <TextField source="insurer" emptyText="—" />
      <ContractStatusField source="status" />
      <LocalDateField source="startDate" emptyText="—" />
      <LocalDateField source="endDate" emptyText="—" />
      <Labeled label="resources.contracts.commissions" fullWidth>
        <ReferenceManyField reference="commissions" target="contractId" sort={{ field: 'date', order: 'DESC' }} perPage={10} pagination={<Pagination />}>
          <DataTable rowClick="show" bulkActionButtons={false}>
            <DataTable.Col source="date" field={LocalDateField} />
            <DataTable.Col source="label" />
            <DataTable.Col source="amount" align="right" field={MoneyField} />
          </DataTable>
        </ReferenceManyField>
      </Labeled>
    </SimpleShowLayout>
  </Show>
);
