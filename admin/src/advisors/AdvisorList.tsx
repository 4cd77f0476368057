import { List, SearchInput } from 'react-admin';
import { AdvisorDataTable } from './AdvisorDataTable';

export const AdvisorList = () => (
  <List filters={advisorFilters} sort={{ field: 'lastName', order: 'ASC' }} perPage={25}>
    <AdvisorDataTable />
  </List>
);

const advisorFilters = [<SearchInput key="q" source="q" alwaysOn />];
