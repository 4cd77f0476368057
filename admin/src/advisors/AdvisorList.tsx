import { List, SearchInput } from 'react-admin';
import { AdvisorDataTable } from './AdvisorDataTable';
import { AppliedFilters } from '../common/AppliedFilters';

export const AdvisorList = () => (
  <List filters={advisorFilters} sort={{ field: 'lastName', order: 'ASC' }} perPage={25}>
    <AppliedFilters filters={advisorFilters} />
    <AdvisorDataTable />
  </List>
);

const advisorFilters = [<SearchInput key="q" source="q" alwaysOn />];
