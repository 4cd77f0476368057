import { DataTable, EditButton, EmailField, ReferenceField, ReferenceManyField, Show, TabbedShowLayout, TextField, TopToolbar } from 'react-admin';
import { LocalDateField } from '../common/LocalDateField';
import { PhoneField } from '../common/PhoneField';
import { ContractNumberField } from '../contracts/ContractNumberField';
import { ContractStatusField } from '../contracts/ContractStatusField';
import { ListPagination } from '../common/ListPagination';

/** An advisor and the clients they follow (as referent or through a contract), and their contracts. */
export const AdvisorShow = () => (
  <Show actions={<AdvisorShowActions />}>
    <TabbedShowLayout>
      <TabbedShowLayout.Tab label="resources.clients.tabs.info">
        <TextField source="lastName" />
        <TextField source="firstName" />
        <EmailField source="email" emptyText="—" />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="resources.advisors.clients" path="clients">
        <ReferenceManyField reference="clients" target="advisorId" sort={{ field: 'lastName', order: 'ASC' }} perPage={25} pagination={<ListPagination />}>
          <DataTable rowClick="show" bulkActionButtons={false}>
            <DataTable.Col source="lastName" />
            <DataTable.Col source="firstName" />
            <DataTable.Col source="clientNumber" />
            <DataTable.Col source="phone" field={PhoneField} />
            <DataTable.NumberCol source="activeContracts" />
          </DataTable>
        </ReferenceManyField>
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="resources.advisors.contracts" path="contracts">
        <ReferenceManyField reference="contracts" target="advisorId" sort={{ field: 'contractNumber', order: 'ASC' }} perPage={25} pagination={<ListPagination />}>
          <DataTable rowClick="show" bulkActionButtons={false}>
            <DataTable.Col source="contractNumber" field={ContractNumberField} />
            <DataTable.Col source="clientId">
              <ReferenceField source="clientId" reference="clients" link="show" />
            </DataTable.Col>
            <DataTable.Col source="product" />
            <DataTable.Col source="status" field={ContractStatusField} />
            <DataTable.Col source="startDate" field={LocalDateField} />
          </DataTable>
        </ReferenceManyField>
      </TabbedShowLayout.Tab>
    </TabbedShowLayout>
  </Show>
);

const AdvisorShowActions = () => (
  <TopToolbar>
    <EditButton />
  </TopToolbar>
);
