import { DataTable, EmailField } from 'react-admin';

/** Advisors as a table (name and email), each row opening the advisor's page. */
export const AdvisorDataTable = () => (
  <DataTable rowClick="show" bulkActionButtons={false}>
    <DataTable.Col source="lastName" />
    <DataTable.Col source="firstName" />
    <DataTable.Col source="email" field={EmailField} />
  </DataTable>
);
