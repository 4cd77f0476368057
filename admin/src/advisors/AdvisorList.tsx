import { DataTable, EmailField, List, SearchInput } from 'react-admin';

export const AdvisorList = () => (
  <List filters={advisorFilters} sort={{ field: 'lastName', order: 'ASC' }} perPage={25}>
    <DataTable rowClick="show" bulkActionButtons={false}>
      <DataTable.Col source="lastName" />
      <DataTable.Col source="firstName" />
      <DataTable.Col source="email" field={EmailField} />
    </DataTable>
  </List>
);

const advisorFilters = [<SearchInput key="q" source="q" alwaysOn />];
