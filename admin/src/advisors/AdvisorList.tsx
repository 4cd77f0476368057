import { List, SearchInput } from 'react-admin';
import { AdvisorDataTable } from './AdvisorDataTable';
import { withAppliedFilters } from '../common/AppliedFilters';
import { ListPagination } from '../common/ListPagination';

export const AdvisorList = () => (
  <List filters={advisorFilters} sort={{ field: 'lastName', order: 'ASC' }} perPage={25} pagination={<ListPagination />}>
    <AdvisorDataTable />
  </List>
);

const advisorFilters = withAppliedFilters([<SearchInput key="q" source="q" alwaysOn />]);
