import { AutocompleteInput, CreateButton, DataTable, List, ReferenceField, ReferenceInput, SearchInput, SelectInput, TopToolbar, useTranslate } from 'react-admin';
import { ExportListButton } from '../common/ExportListButton';
import { LocalDateField } from '../common/LocalDateField';
import { CONTRACT_STATUS_FILTER_CHOICES } from './contractChoices';
import { contractExport } from './contractExport';
import { ContractNumberField } from './ContractNumberField';
import { ContractStatusField } from './ContractStatusField';
import { InsurerFilterInput } from './InsurerFilterInput';
import { withAppliedFilters } from '../common/AppliedFilters';
import { ListPagination } from '../common/ListPagination';

/** Every contract, imported or entered here; "Nouveau contrat" for admins. */
export const ContractList = () => (
  <List filters={contractFilters} actions={<ContractListActions />} sort={{ field: 'contractNumber', order: 'ASC' }} perPage={25} pagination={<ListPagination />}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="contractNumber" field={ContractNumberField} />
      <DataTable.Col source="clientId">
        <ReferenceField source="clientId" reference="clients" link="show" emptyText="—" />
      </DataTable.Col>
      <DataTable.Col source="product" />
      <DataTable.Col source="insurer" />
      <DataTable.Col source="status" field={ContractStatusField} />
      <DataTable.Col source="startDate" field={LocalDateField} sx={{ whiteSpace: 'nowrap' }} />
      <DataTable.Col source="endDate" field={LocalDateField} sx={{ whiteSpace: 'nowrap' }} />
      <DataTable.Col source="advisorId">
        <ReferenceField source="advisorId" reference="advisors" link="show" emptyText="—" />
      </DataTable.Col>
    </DataTable>
  </List>
);

const ContractListActions = () => (
  <TopToolbar>
    <CreateButton label="resources.contracts.actions.create" />
    <ExportListButton definition={contractExport} />
  </TopToolbar>
);

const SearchBar = (props: { source: string; alwaysOn?: boolean }) => {
  const translate = useTranslate();
  return <SearchInput {...props} placeholder={translate('resources.contracts.filters.search')} />;
};

const contractFilters = withAppliedFilters([
  <SearchBar key="q" source="q" alwaysOn />,
  <SelectInput key="status" source="status" choices={CONTRACT_STATUS_FILTER_CHOICES} alwaysOn />,
  <InsurerFilterInput key="insurer" source="insurer" label="resources.contracts.fields.insurer" alwaysOn />,
  <ReferenceInput key="advisorId" source="advisorId" reference="advisors" sort={{ field: 'lastName', order: 'ASC' }} perPage={100} alwaysOn>
    <AutocompleteInput label="resources.contracts.fields.advisorId" sx={{ minWidth: 200 }} />
  </ReferenceInput>,
  <ReferenceInput key="clientId" source="clientId" reference="clients" alwaysOn>
    <AutocompleteInput label="resources.contracts.fields.clientId" sx={{ minWidth: 220 }} />
  </ReferenceInput>,
]);
