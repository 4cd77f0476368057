import { BooleanField, DataTable, List, SearchInput, SelectField, SelectInput } from 'react-admin';
import { useListQueryOptionsForAccess } from '../common/useListQueryOptionsForAccess';
import { LocalDateField } from '../common/LocalDateField';
import { ROLE_CHOICES } from './roles';
import { withAppliedFilters } from '../common/AppliedFilters';
import { ListPagination } from '../common/ListPagination';

export const UserList = () => (
  <List queryOptions={useListQueryOptionsForAccess('users')} filters={userFilters} sort={{ field: 'fullName', order: 'ASC' }} perPage={25} pagination={<ListPagination />}>
    <DataTable rowClick="edit" bulkActionButtons={false}>
      <DataTable.Col source="fullName" />
      <DataTable.Col source="email" />
      <DataTable.Col source="role">
        <SelectField source="role" choices={ROLE_CHOICES} />
      </DataTable.Col>
      <DataTable.Col source="active" field={BooleanField} />
      <DataTable.Col source="lastLoginAt">
        <LocalDateField source="lastLoginAt" showTime emptyText="—" />
      </DataTable.Col>
    </DataTable>
  </List>
);

const userFilters = withAppliedFilters([<SearchInput key="q" source="q" alwaysOn />, <SelectInput key="role" source="role" choices={ROLE_CHOICES} alwaysOn />]);
