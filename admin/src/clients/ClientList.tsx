import { useMediaQuery, type Theme } from '@mui/material';
import {
  AutocompleteInput,
  ColumnsButton,
  CreateButton,
  DataTable,
  List,
  ReferenceField,
  ReferenceInput,
  SearchInput,
  TopToolbar,
  useCanAccess,
  useTranslate,
} from 'react-admin';
import { EstimatedTotalPagination } from '../common/EstimatedTotalPagination';
import { PhoneField } from '../common/PhoneField';
import { BulkChangeReferentButton } from './BulkChangeReferentButton';
import { BulkDeleteClientsButton } from './BulkDeleteClientsButton';
import { ClientListEmpty } from './ClientListEmpty';
import { ExportClientsButton } from './ExportClientsButton';

export const ClientList = () => {
  const { canAccess: canDelete } = useCanAccess({ resource: 'clients', action: 'delete' });
  // Below 1200 px the referent column would push the table past the card: hidden by default
  // there (shown again with "Colonnes"; the user's own choice is remembered and wins).
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('lg'), { noSsr: true });
  return (
    <List
      filters={clientFilters}
      actions={<ClientListActions />}
      sort={{ field: 'lastName', order: 'ASC' }}
      perPage={25}
      empty={<ClientListEmpty />}
      pagination={<EstimatedTotalPagination />}
    >
      {/* No selection checkboxes at all for support staff. */}
      <DataTable rowClick="show" bulkActionButtons={canDelete ? <ClientBulkActions /> : false} hiddenColumns={narrow ? ['advisorId'] : []}>
        <DataTable.Col source="lastName" sx={{ fontWeight: 500 }} />
        <DataTable.Col source="firstName" />
        <DataTable.Col source="clientNumber" sx={{ whiteSpace: 'nowrap' }} />
        {/* Long addresses may break anywhere: on a tablet the table then fits without sideways scrolling. */}
        <DataTable.Col source="email" sx={{ overflowWrap: 'anywhere', minWidth: 120 }} />
        <DataTable.Col source="phone" field={PhoneField} />
        <DataTable.NumberCol source="activeContracts" />
        {/* Sorted by the advisor's name (API); can be hidden with "Colonnes", like the others. */}
        <DataTable.Col source="advisorId">
          <ReferenceField source="advisorId" reference="advisors" link={false} emptyText="—" />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};

const AdvisorFilterInput = (props: { source: string; alwaysOn?: boolean }) => (
  <ReferenceInput {...props} reference="advisors" sort={{ field: 'lastName', order: 'ASC' }} perPage={100}>
    <AutocompleteInput label="resources.clients.filters.advisor" sx={{ minWidth: 240 }} />
  </ReferenceInput>
);

const SearchBar = (props: { source: string; alwaysOn?: boolean }) => {
  const translate = useTranslate();
  return <SearchInput {...props} placeholder={translate('resources.clients.filters.search')} sx={{ minWidth: { xs: 240, sm: 340 } }} />;
};

const clientFilters = [<SearchBar key="q" source="q" alwaysOn />, <AdvisorFilterInput key="advisorId" source="advisorId" alwaysOn />];

const ClientListActions = () => (
  <TopToolbar>
    <CreateButton label="resources.clients.actions.create" />
    <ColumnsButton />
    <ExportClientsButton />
  </TopToolbar>
);

const ClientBulkActions = () => (
  <>
    <BulkChangeReferentButton />
    <BulkDeleteClientsButton />
  </>
);
