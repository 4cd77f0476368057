import { List, SearchInput } from 'react-admin';
import { AdvisorDataTable } from './AdvisorDataTable';
import { withAppliedFilters } from '../common/AppliedFilters';

export const AdvisorList = () => (
  <List filters={advisorFilters} sort={{ field: 'lastName', order: 'ASC' }} perPage={25}>
    <AdvisorDataTable />
  </List>
);

const advisorFilters = withAppliedFilters([<SearchInput key="q" source="q" alwaysOn />]);
