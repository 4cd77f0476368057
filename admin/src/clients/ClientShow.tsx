import { Box } from '@mui/material';
import {
  CreateButton,
  DataTable,
  EditButton,
  EmailField,
  FunctionField,
  Labeled,
  NumberField,
  ReferenceField,
  ReferenceManyField,
  Show,
  TabbedShowLayout,
  TextField,
  TopToolbar,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { LocalDateField } from '../common/LocalDateField';
import { MoneyField } from '../common/MoneyField';
import { PhoneField } from '../common/PhoneField';
import { ClientImports } from '../imports/ClientImports';
import { ContractNumberField } from '../contracts/ContractNumberField';
import { ContractStatusField } from '../contracts/ContractStatusField';
import { ClientAdvisorTab } from './ClientAdvisorTab';
import { ClientHistory } from './ClientHistory';
import { ClientTitle } from './ClientTitle';
import { CommissionTotal } from './CommissionTotal';
import { DeleteClientButton } from './DeleteClientButton';
import { ClientAccessLogButton } from '../accessLog/ClientAccessLogButton';
import { AnonymiseClientButton } from '../personalData/AnonymiseClientButton';
import { AnonymisedBanner } from '../personalData/AnonymisedBanner';
import { PersonalDataExportButton } from '../personalData/PersonalDataExportButton';
import { ListPagination } from '../common/ListPagination';

/** A client's page: informations, contracts, commissions, referent advisor and history, one tab each (and a banner once anonymised). */
export const ClientShow = () => (
  <Show actions={<ClientShowActions />} title={<ClientTitle />}>
    <AnonymisedBanner />
    <TabbedShowLayout>
      <TabbedShowLayout.Tab label="resources.clients.tabs.info">
        <TextField source="lastName" />
        <TextField source="firstName" emptyText="—" />
        <TextField source="clientNumber" emptyText="—" />
        {/* Numbers of clients merged into this one: still found by search and imports. */}
        <FunctionField source="aliases" render={(record) => (record.aliases?.length ? record.aliases.join(', ') : '—')} />
        <EmailField source="email" emptyText="—" />
        <PhoneField source="phone" emptyText="—" />
        <TextField source="address" emptyText="—" sx={{ whiteSpace: 'pre-line' }} />
        <ReferenceField source="advisorId" reference="advisors" link="show" emptyText="—" />
        <NumberField source="activeContracts" />
        <Box sx={{ display: 'flex', gap: 6 }}>
          <Labeled label="resources.clients.fields.createdAt">
            <LocalDateField source="createdAt" showTime />
          </Labeled>
          <Labeled label="resources.clients.fields.updatedAt">
            <LocalDateField source="updatedAt" showTime />
          </Labeled>
        </Box>
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="resources.clients.tabs.contracts" path="contracts">
        <AddContractButton />
        {/* Active contracts first (the API's contract_is_active), then the most recent. */}
        <ReferenceManyField
          reference="contracts"
          target="clientId"
          sort={{ field: 'active', order: 'DESC' }}
          perPage={10}
          pagination={<ListPagination />}
          empty={<EmptyText text="resources.clients.contracts.empty" />}
        >
          <DataTable rowClick="show" bulkActionButtons={false} data-testid="client-contracts">
            <DataTable.Col source="contractNumber" field={ContractNumberField} />
            <DataTable.Col source="product" />
            <DataTable.Col source="insurer" />
            <DataTable.Col source="status" field={ContractStatusField} />
            <DataTable.Col source="startDate" field={LocalDateField} />
            <DataTable.Col source="endDate" field={LocalDateField} />
            <DataTable.Col source="advisorId">
              <ReferenceField source="advisorId" reference="advisors" link="show" />
            </DataTable.Col>
          </DataTable>
        </ReferenceManyField>
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="resources.clients.tabs.commissions" path="commissions">
        <CommissionTotal />
        <ReferenceManyField
          reference="commissions"
          target="clientId"
          sort={{ field: 'date', order: 'DESC' }}
          perPage={10}
          pagination={<ListPagination />}
          empty={<EmptyText text="resources.clients.commissions.empty" />}
        >
          <DataTable rowClick="show" bulkActionButtons={false}>
            <DataTable.Col source="date" field={LocalDateField} />
            <DataTable.Col source="label" />
            <DataTable.Col source="contractId">
              <ReferenceField source="contractId" reference="contracts" link="show" />
            </DataTable.Col>
            <DataTable.Col source="amount" align="right" field={MoneyField} />
          </DataTable>
        </ReferenceManyField>
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="resources.clients.tabs.advisor" path="advisor">
        <ClientAdvisorTab />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="resources.imports.client_tab" path="imports">
        <ClientImports />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="resources.clients.tabs.history" path="history">
        <ClientHistory />
      </TabbedShowLayout.Tab>
    </TabbedShowLayout>
  </Show>
);

const ClientShowActions = () => (
  // Five actions for an admin: on a tablet in portrait they wrap rather than widen the page.
  <TopToolbar sx={{ flexWrap: 'wrap', justifyContent: 'flex-end' }}>
    <EditUnlessAnonymised />
    {/* RGPD (admins only): access and portability, erasure, who looked at this client. */}
    <PersonalDataExportButton />
    <ClientAccessLogButton />
    <AnonymiseClientButton />
    <DeleteClientButton />
  </TopToolbar>
);

/**
 * Once anonymised, the database keeps the personal fields as they are (a trigger): an edit form
 * would seem to accept a new name or email and silently drop it. The referent can still be
 * changed from the list's bulk action.
 */
const EditUnlessAnonymised = () => {
  const record = useRecordContext();
  return record?.anonymisedAt ? null : <EditButton />;
};

/** "Ajouter un contrat", the client filled in (admins only: CreateButton asks canAccess). */
const AddContractButton = () => {
  const record = useRecordContext();
  if (!record) return null;
  return (
    <Box sx={{ display: 'flex', justifyContent: 'flex-end' }}>
      <CreateButton resource="contracts" label="resources.clients.contracts.add" state={{ record: { clientId: record.id, advisorId: record.advisorId ?? undefined } }} />
    </Box>
  );
};

const EmptyText = ({ text }: { text: string }) => {
  const translate = useTranslate();
  return <Box sx={{ py: 2, color: 'text.secondary' }}>{translate(text)}</Box>;
};
