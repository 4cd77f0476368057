import { AutocompleteInput, DataTable, List, ReferenceField, ReferenceInput, SearchInput, TextField } from 'react-admin';
import { LocalDateField } from '../common/LocalDateField';
import { MoneyField } from '../common/MoneyField';

/**
 * Commission lines from statement imports: read only. A line whose client was deleted
 * keeps the client's name and number as they were on the statement.
 */
export const CommissionList = () => (
  <List filters={commissionFilters} sort={{ field: 'date', order: 'DESC' }} perPage={25}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="date" field={LocalDateField} />
      <DataTable.Col source="clientId">
        <ReferenceField source="clientId" reference="clients" link="show" empty={<TextField source="clientName" />} />
      </DataTable.Col>
      <DataTable.Col source="label" />
      <DataTable.Col source="contractId">
        <ReferenceField source="contractId" reference="contracts" link="show" emptyText="—" />
      </DataTable.Col>
      <DataTable.Col source="amount" align="right" field={MoneyField} />
    </DataTable>
  </List>
);

const commissionFilters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <ReferenceInput key="advisorId" source="advisorId" reference="advisors" perPage={100} alwaysOn>
    <AutocompleteInput label="resources.commissions.fields.advisorId" />
  </ReferenceInput>,
];
