import InfoOutlinedIcon from '@mui/icons-material/InfoOutlined';
import SearchIcon from '@mui/icons-material/Search';
import { InputAdornment, Tooltip, useMediaQuery, type Theme } from '@mui/material';
import {
  AutocompleteInput,
  ColumnsButton,
  CreateButton,
  DataTable,
  List,
  ReferenceField,
  ReferenceInput,
  SearchInput,
  SimpleList,
  TopToolbar,
  useCanAccess,
  useNotify,
  useTranslate,
} from 'react-admin';
import { isBadListParams, ListParamsGuard, WhenListParamsValid } from '../common/ListParamsGuard';
import { formatPhone } from '../common/phone';
import { clientName } from '../../../shared/clientLabel';
import { ClientNameField } from './ClientNameField';
import { ClientTableBody, isTolerantMatch } from './ClientTableBody';
import { ListPagination } from '../common/ListPagination';
import { PhoneField } from '../common/PhoneField';
import { BulkChangeReferentButton } from './BulkChangeReferentButton';
import { BulkDeleteClientsButton } from './BulkDeleteClientsButton';
import { ClientListEmpty } from './ClientListEmpty';
import { ExportListButton } from '../common/ExportListButton';
import { clientExport } from './clientExport';
import { BulkAnonymiseButton } from '../personalData/BulkAnonymiseButton';
import { withAppliedFilters } from '../common/AppliedFilters';
import { CLIENT_SORTABLE } from '../../../shared/clientList';

export const ClientList = () => {
  const { canAccess: canDelete } = useCanAccess({ resource: 'clients', action: 'delete' });
  // Below 1200 px the referent column would push the table past the card: hidden by default
  // there (shown again with "Colonnes"; the user's own choice is remembered and wins).
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('lg'), { noSsr: true });
  const phone = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'), { noSsr: true });
  const notify = useNotify();
  return (
    <List
      filters={clientFilters}
      actions={<ClientListActions />}
      sort={DEFAULT_SORT}
      perPage={25}
      empty={<ClientListEmpty />}
      pagination={
        <WhenListParamsValid sortable={CLIENT_SORTABLE}>
          <ListPagination />
        </WhenListParamsValid>
      }
      // A bad URL is handled by ListParamsGuard (fallback and notice); other errors are notified.
      queryOptions={{ onError: (error: Error) => !isBadListParams(error) && notify(error.message || 'ra.notification.http_error', { type: 'error' }) }}
      // On a phone, react-admin's create button floats 60 px above the bottom of the screen: room
      // for it (56 px) under the pager once scrolled to the end.
      sx={{ pb: { xs: 17, sm: 0 } }}
    >
      <ListParamsGuard sortable={CLIENT_SORTABLE} defaultSort={DEFAULT_SORT} />
      <WhenListParamsValid sortable={CLIENT_SORTABLE}>{phone ? <ClientSimpleList /> : <ClientTable canDelete={!!canDelete} narrow={narrow} />}</WhenListParamsValid>
    </List>
  );
};

/** From the sm breakpoint up: the table, with selection checkboxes for admins only (none at all for support staff). */
const ClientTable = ({ canDelete, narrow }: { canDelete: boolean; narrow: boolean }) => (
  <DataTable rowClick="show" body={ClientTableBody} bulkActionButtons={canDelete ? <ClientBulkActions /> : false} hiddenColumns={narrow ? ['advisorId'] : []}>
    <DataTable.Col source="lastName" field={ClientNameField} />
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
);

const AdvisorFilterInput = (props: { source: string; alwaysOn?: boolean }) => (
  <ReferenceInput {...props} reference="advisors" sort={{ field: 'lastName', order: 'ASC' }} perPage={100}>
    <AutocompleteInput label="resources.clients.filters.advisor" sx={{ minWidth: 240 }} />
  </ReferenceInput>
);

const SearchBar = (props: { source: string; alwaysOn?: boolean }) => {
  const translate = useTranslate();
  // A short placeholder that fits the box; what the search looks in is the input's description,
  // shown in a tooltip on the info icon (the filter bar hides helper texts).
  const help = translate('resources.clients.filters.search_help');
  return (
    <SearchInput
      {...props}
      placeholder={translate('resources.clients.filters.search')}
      inputProps={{ 'aria-description': help }}
      InputProps={{
        endAdornment: (
          <InputAdornment position="end" sx={{ gap: 0.5 }}>
            <Tooltip title={help} enterTouchDelay={0}>
              {/* titleAccess, not aria-label: MUI hides an icon without it from assistive technology, and a
                focusable hidden element is an axe violation (aria-hidden-focus). */}
              <InfoOutlinedIcon fontSize="small" color="action" tabIndex={0} titleAccess={help} data-testid="search-help" />
            </Tooltip>
            <SearchIcon color="disabled" />
          </InputAdornment>
        ),
      }}
      sx={{ minWidth: { xs: 0, sm: 300 }, width: { xs: '100%', sm: 'auto' } }}
    />
  );
};

const DEFAULT_SORT = { field: 'lastName', order: 'ASC' } as const;

/**
 * Below the sm breakpoint, as in react-admin's demo: name and number, then email and phone,
 * and the active contracts on the right; a tap opens the client.
 */
const ClientSimpleList = () => {
  const translate = useTranslate();
  return (
    <SimpleList
      className="client-simple-list"
      linkType="show"
      primaryText={(record) => (
        <span className="client-simple-list-name">
          {isTolerantMatch(record) ? `${translate('resources.clients.list.similar_spelling')} · ` : ''}
          {[clientName(record), record.clientNumber].filter(Boolean).join(' · ')}
        </span>
      )}
      secondaryText={(record) => [record.email, formatPhone(record.phone)].filter(Boolean).join(' · ') || '—'}
      tertiaryText={(record) => translate('resources.clients.list.active_contracts_short', { smart_count: record.activeContracts ?? 0 })}
      rowSx={() => ({ borderBottom: 1, borderColor: 'divider' })}
    />
  );
};

const clientFilters = withAppliedFilters([<SearchBar key="q" source="q" alwaysOn />, <AdvisorFilterInput key="advisorId" source="advisorId" alwaysOn />], { importOutcome: 'importId' });

const ClientListActions = () => {
  // The phone's simple list has no columns to choose.
  const phone = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'), { noSsr: true });
  return (
    <TopToolbar>
      <CreateButton label="resources.clients.actions.create" />
      {phone ? null : <ColumnsButton />}
      <ExportListButton definition={clientExport} />
    </TopToolbar>
  );
};

const ClientBulkActions = () => (
  <>
    <BulkChangeReferentButton />
    <BulkAnonymiseButton />
    <BulkDeleteClientsButton />
  </>
);
