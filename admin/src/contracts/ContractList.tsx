import { AutocompleteInput, DataTable, List, ReferenceField, ReferenceInput, SearchInput, SelectInput } from 'react-admin';
import { LocalDateField } from '../common/LocalDateField';
import { ContractStatusField } from './ContractStatusField';

/** Contracts come from statement imports: read only. */
export const ContractList = () => (
  <List filters={contractFilters} sort={{ field: 'contractNumber', order: 'ASC' }} perPage={25}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="contractNumber" />
      <DataTable.Col source="clientId">
        <ReferenceField source="clientId" reference="clients" link="show" emptyText="—" />
      </DataTable.Col>
      <DataTable.Col source="product" />
      <DataTable.Col source="insurer" />
      <DataTable.Col source="status" field={ContractStatusField} />
      <DataTable.Col source="startDate" field={LocalDateField} />
      <DataTable.Col source="advisorId">
        <ReferenceField source="advisorId" reference="advisors" link="show" emptyText="—" />
      </DataTable.Col>
    </DataTable>
  </List>
);

const CONTRACT_STATUSES = [
  { id: 'active', name: 'resources.contracts.status.active' },
  { id: 'terminated', name: 'resources.contracts.status.terminated' },
];

const contractFilters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="status" source="status" choices={CONTRACT_STATUSES} alwaysOn />,
  <ReferenceInput key="advisorId" source="advisorId" reference="advisors" perPage={100} alwaysOn>
    <AutocompleteInput label="resources.contracts.fields.advisorId" />
  </ReferenceInput>,
];
